import type { Rule } from './types';
import type { ScanContext } from '../page/context';
import { columnsOf, compact, textWithout } from '../facts/columns';
import { ageInDays, findDates, isoDay, parseDate } from '../facts/dates';

/** One message on a board (政府信箱, 留言选登, 咨询投诉) as the public list shows it. */
export interface BoardMessage {
  title: string;
  element: Element;
  status: 'answered' | 'pending';
  /** The status as printed (已回复, 处理中 …), when the board prints one. */
  statusText?: string;
  submitted?: Date;
  replied?: Date;
}

const ANSWERED = ['已回复', '已答复', '已办结', '已处理', '已反馈', '已解决', '已回信', '办结'];
const PENDING = ['未回复', '待回复', '未答复', '待答复', '处理中', '办理中', '正在办理', '受理中', '已受理', '待处理', '未处理', '未办结', '转办中', '已转办'];
const STATUS_WORDS = [...ANSWERED, ...PENDING].sort((a, b) => b.length - a.length);
const BOARD = /信箱|留言|咨询|投诉|来信|诉求|问政|建言|网民|民意|互动|问答/;
const REPLY_LABEL = /(?:回复|答复|办结|反馈|处理|回信)(?:时间|日期)\s*[：:]/;
const SUBMIT_LABEL = /(?:留言|来信|提交|写信|提问|咨询|投诉|发布|发表|登记)(?:时间|日期)\s*[：:]/;
// Answer blocks of question-and-answer boards: <p class="A">, <div class="reply">, 答复：…
const ANSWER_CLASS = /(?:^|[-_\s])(?:a|answer|reply|hf|huifu|dafu|df|dfnr|hfnr)(?:$|[-_\s])/i;

function statusOf(text: string): { status: BoardMessage['status']; text: string } | null {
  const c = compact(text);
  for (const word of STATUS_WORDS) {
    if (c === word || c === `状态${word}` || c === `办理状态${word}` || c === `回复状态${word}`) {
      return { status: ANSWERED.includes(word) ? 'answered' : 'pending', text: word };
    }
  }
  return null;
}

/** A status printed in an element of its own, or after 状态： in the item's text. */
function statusIn(item: Element): { status: BoardMessage['status']; text: string } | null {
  for (const el of [item, ...item.querySelectorAll('*')]) {
    if ((el.textContent ?? '').length > 12) continue;
    const s = statusOf(el.textContent ?? '');
    if (s) return s;
  }
  const labelled = /状态\s*[：:]\s*(\S{2,5})/.exec(textWithout(item));
  return labelled ? statusOf(labelled[1]) : null;
}

function hasAnswer(item: Element): boolean {
  for (const el of item.querySelectorAll('*')) {
    const cls = el.getAttribute('class') ?? '';
    const text = (el.textContent ?? '').trim();
    if ((ANSWER_CLASS.test(cls) || /^(?:答复|回复)(?:内容)?[：:]/.test(text)) && compact(text).length > 2) return true;
  }
  return false;
}

function dateAfter(text: string, label: RegExp, now: Date): Date | undefined {
  const m = label.exec(text);
  if (!m) return undefined;
  const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
  const first = findDates(rest, now)[0];
  return first && first.index <= 2 ? first.date : undefined;
}

/** Dates in elements or text nodes of their own, in document order. */
function datesIn(item: Element, now: Date): Date[] {
  const dates: Date[] = [];
  const walk = (el: Element) => {
    for (let child = el.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        const d = (child.nodeValue ?? '').length <= 60 ? parseDate(child.nodeValue ?? '', now) : null;
        if (d) dates.push(d);
      } else if (child.nodeType === 1) {
        const e = child as Element;
        const d = e.firstElementChild && (e.textContent ?? '').length <= 60 ? parseDate(e.textContent ?? '', now) : null;
        if (d) dates.push(d);
        else walk(e);
      }
    }
  };
  walk(item);
  return dates;
}

function titleOf(item: Element): string {
  const link = [...item.querySelectorAll('a')].find((a) => compact(a.textContent ?? '').length > 1);
  const text = link ? textWithout(link) || link.getAttribute('title') || '' : textWithout(item);
  // Q&A boards print a "Q" badge before the question.
  return text.replace(/^(?:Q|问)\s*[：:]?\s*/, '').slice(0, 200);
}

function messageOf(item: Element, boardish: boolean, now: Date): BoardMessage | null {
  // Most list items on a page are news: without a status word, only a board's Q&A items can be messages.
  const raw = item.textContent ?? '';
  if (!boardish && !STATUS_WORDS.some((w) => raw.includes(w))) return null;
  const text = textWithout(item);
  const printed = statusIn(item);
  const status = printed?.status ?? (boardish && hasAnswer(item) ? 'answered' : null);
  if (!status) return null;
  const dates = datesIn(item, now);
  const submitted = dateAfter(text, SUBMIT_LABEL, now) ?? dates[0];
  const replied = dateAfter(text, REPLY_LABEL, now) ?? (status === 'answered' && dates.length > 1 ? dates[dates.length - 1] : undefined);
  return {
    title: titleOf(item),
    element: item,
    status,
    ...(printed ? { statusText: printed.text } : {}),
    ...(submitted ? { submitted } : {}),
    ...(replied ? { replied } : {}),
  };
}

type Role = 'title' | 'submitted' | 'replied' | 'status';

function roleOf(header: string): Role | null {
  const h = compact(header);
  if (/状态/.test(h)) return 'status';
  if (/(?:回复|答复|办结|反馈|处理|回信)(?:时间|日期)/.test(h)) return 'replied';
  if (/时间|日期/.test(h)) return 'submitted';
  if (/标题|主题|事项|信件|内容|诉求|问题/.test(h)) return 'title';
  return null;
}

/** Boards laid out as tables: the header row names the columns (标题, 留言时间, 状态, 回复时间). */
function* tableMessages(root: Document | ShadowRoot, now: Date, handled: Set<Element>): Generator<null, BoardMessage[]> {
  const messages: BoardMessage[] = [];
  for (const table of root.querySelectorAll('table')) {
    const rows = [...table.querySelectorAll('tr')].filter((r) => r.closest('table') === table);
    const headerIndex = rows.findIndex((r) => r.querySelector('th') || [...r.children].filter((c) => roleOf(c.textContent ?? '')).length >= 2);
    if (headerIndex < 0) continue;
    const roles = [...rows[headerIndex].children].map((c) => ((c.textContent ?? '').length <= 12 ? roleOf(c.textContent ?? '') : null));
    if (!roles.includes('title') || !(roles.includes('status') || roles.includes('replied'))) continue;
    for (const row of rows.slice(headerIndex + 1)) {
      const cells = [...row.children];
      const cell = (role: Role) => {
        const i = roles.indexOf(role);
        return i >= 0 && cells[i] ? cells[i] : null;
      };
      const titleCell = cell('title');
      if (!titleCell) continue;
      handled.add(row);
      const submittedCell = cell('submitted');
      const repliedCell = cell('replied');
      const statusCell = cell('status');
      const submitted = submittedCell ? parseDate(textWithout(submittedCell), now) : null;
      const replied = repliedCell ? parseDate(textWithout(repliedCell), now) : null;
      const printed = statusCell ? statusOf(textWithout(statusCell)) : null;
      const status = printed?.status ?? (repliedCell ? (replied ? 'answered' : 'pending') : null);
      if (!status) continue;
      messages.push({
        title: titleOf(titleCell),
        element: row,
        status,
        ...(printed ? { statusText: printed.text } : {}),
        ...(submitted ? { submitted } : {}),
        ...(replied ? { replied } : {}),
      });
    }
    yield null;
  }
  return messages;
}

/**
 * The messages on the page's boards: tables with a status or reply-date column, and lists whose items
 * print a status (已回复, 处理中 …) — or, on a board (信箱, 留言, 咨询 …), carry an answer under the question.
 */
export function* boardMessages(ctx: ScanContext): Generator<null, BoardMessage[]> {
  const handled = new Set<Element>();
  const messages: BoardMessage[] = [];
  for (const { root } of ctx.roots) messages.push(...(yield* tableMessages(root, ctx.now, handled)));
  const pageIsBoard = BOARD.test(ctx.doc.title);
  const columns = yield* columnsOf(ctx);
  for (const column of columns) {
    const boardish = pageIsBoard || BOARD.test(column.title);
    for (const item of column.items) {
      if (handled.has(item.element)) continue;
      handled.add(item.element);
      const message = messageOf(item.element, boardish, ctx.now);
      if (message) messages.push(message);
    }
    yield null;
  }
  return messages;
}

/**
 * 互动不及时: a message unanswered past the national line (3 months: veto), or answered only after it (a
 * deduction). A shorter local limit (the pack's unansweredWarnDays / lateReplyDays, when below the national
 * line) is a warning, reported as `review`, and the message names the line it crossed. The default pack
 * follows the national line alone.
 */
export const interactionLate: Rule = {
  id: 'interaction-late',
  *run(ctx) {
    const { unansweredVetoDays, unansweredWarnDays, lateReplyDays } = ctx.pack.interaction;
    const national = `${unansweredVetoDays} 天（3 个月）的国家答复时限`;
    const messages = yield* boardMessages(ctx);
    for (const m of messages) {
      if (!m.submitted) {
        yield null;
        continue;
      }
      const base = {
        element: m.element,
        label: m.title,
        subject: `${m.title}\u241f${isoDay(m.submitted)}`,
      };
      if (m.status === 'pending') {
        const days = ageInDays(ctx.now, m.submitted);
        const veto = days > unansweredVetoDays;
        if (!veto && days <= unansweredWarnDays) {
          yield null;
          continue;
        }
        const limitDays = veto ? unansweredVetoDays : unansweredWarnDays;
        yield {
          ...base,
          severity: veto ? 'veto' : 'review',
          detail: { status: m.statusText ?? '未回复', submittedDate: isoDay(m.submitted), replyDate: null, days, limitDays, line: veto ? 'national' : 'local-warning' },
          message: veto
            ? `留言“${m.title}”于 ${isoDay(m.submitted)} 提交，至检查日已 ${days} 天仍未答复，超过 ${unansweredVetoDays} 天（3 个月），触及单项否决`
            : `预警：留言“${m.title}”于 ${isoDay(m.submitted)} 提交，至检查日已 ${days} 天仍未答复，超过本地设定的 ${unansweredWarnDays} 天预警线（尚未达到${national}，不扣分），请督促答复`,
        };
        continue;
      }
      if (!m.replied) {
        yield null;
        continue;
      }
      const days = ageInDays(m.replied, m.submitted);
      const late = days > unansweredVetoDays;
      if (!late && days <= lateReplyDays) {
        yield null;
        continue;
      }
      const limitDays = late ? unansweredVetoDays : lateReplyDays;
      yield {
        ...base,
        severity: late ? 'deduct' : 'review',
        detail: { status: m.statusText ?? '已回复', submittedDate: isoDay(m.submitted), replyDate: isoDay(m.replied), days, limitDays, line: late ? 'national' : 'local-warning' },
        message: late
          ? `留言“${m.title}”于 ${isoDay(m.submitted)} 提交，${isoDay(m.replied)} 才答复，用时 ${days} 天，超过${national}`
          : `预警：留言“${m.title}”于 ${isoDay(m.submitted)} 提交，${isoDay(m.replied)} 才答复，用时 ${days} 天，超过本地设定的 ${lateReplyDays} 天预警线（未超过${national}，不扣分）`,
      };
    }
  },
};
