import type { Rule } from './types';
import { columnKind, columnsOf } from '../facts/columns';
import { ageInDays, isoDay } from '../facts/dates';

const KIND_ZH: Record<string, string> = { news: '动态要闻类', 'notice-policy': '通知公告、政策文件类' };

/**
 * 更新不及时: a column's newest dated item against the check date, with the limit of the column's kind
 * (taken from its title). Items without a visible date count as not updated; a column that shows no
 * dates at all cannot be judged and goes to a person.
 */
export const columnStale: Rule = {
  id: 'column-stale',
  *run(ctx) {
    const columns = yield* columnsOf(ctx);
    for (const column of columns) {
      if (!column.items.length || column.placeholder) continue;
      const kind = columnKind(column.title, ctx.pack);
      const limitDays = kind?.maxAgeDays ?? ctx.pack.columns.defaultMaxAgeDays;
      if (limitDays === null) {
        yield null;
        continue;
      }
      const kindName = kind?.kind ?? 'other';
      const kindZh = KIND_ZH[kindName] ?? (kind ? kind.kind : '其他');
      let newest: Date | undefined;
      for (const item of column.items) if (item.date && (!newest || item.date > newest)) newest = item.date;
      const undated = column.items.filter((i) => !i.date).length;
      if (!newest) {
        yield {
          element: column.element,
          severity: 'review',
          label: column.title,
          detail: { newestDate: null, ageDays: null, limitDays, kind: kindName, items: column.items.length, undatedItems: undated },
          message: `栏目“${column.title}”的 ${column.items.length} 条信息都没有显示发布日期，无法判断是否按时更新（未标注日期的信息视为未更新），请人工核实`,
        };
        continue;
      }
      const ageDays = ageInDays(ctx.now, newest);
      if (ageDays <= limitDays) {
        yield null;
        continue;
      }
      yield {
        element: column.element,
        severity: 'deduct',
        label: column.title,
        detail: { newestDate: isoDay(newest), ageDays, limitDays, kind: kindName, items: column.items.length, undatedItems: undated },
        message: `栏目“${column.title}”最新信息发布于 ${isoDay(newest)}，距检查日 ${isoDay(ctx.now)} 已 ${ageDays} 天，超过${kindZh}栏目 ${limitDays} 天的更新要求`,
      };
    }
  },
};
