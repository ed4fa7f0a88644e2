import type { Rule } from './types';
import { columnKind, columnsOf } from '../facts/columns';

/**
 * 空白栏目: a column that lists nothing, or only a placeholder (暂无信息, 栏目建设中 …). Headlines that merely
 * contain such words are content: the placeholder must be the list area's whole text.
 */
export const columnBlank: Rule = {
  id: 'column-blank',
  *run(ctx) {
    const columns = yield* columnsOf(ctx);
    for (const column of columns) {
      if (column.items.length && !column.placeholder) continue;
      const kind = columnKind(column.title, ctx.pack)?.kind ?? 'other';
      yield {
        element: column.element,
        severity: 'deduct',
        label: column.title,
        detail: {
          kind,
          reason: column.placeholder ? 'placeholder' : 'empty',
          placeholder: column.placeholder ?? null,
          source: column.source,
        },
        message: column.placeholder
          ? `栏目“${column.title}”只显示“${column.placeholder}”，没有实际内容，属于空白栏目（全站空白栏目达 5 个即单项否决）`
          : `栏目“${column.title}”没有任何信息，属于空白栏目（全站空白栏目达 5 个即单项否决）`,
      };
    }
  },
};
