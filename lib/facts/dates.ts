import { differenceInCalendarDays, format, subDays, subHours, subMinutes, subSeconds } from 'date-fns';

/**
 * Publish dates as Chinese government pages and new-media platforms print them. Calendar arithmetic is
 * date-fns'; only the reading of the printed forms is ours. All dates are local calendar dates: the
 * inspector's check date and the page's dates are compared day by day.
 */

const YEAR_MIN = 1990;
const YEAR_MAX = 2100;

// Labels that precede a date in list items and article headers: 发布时间：2025-06-01, 日期: 06-01.
const LABEL = /^(?:[\u4e00-\u9fa5]{0,6}(?:时间|日期)|更新|发布|发文)\s*[：:]\s*/;
// Brackets around dates in lists: [06-01], 【2025-06-01】, (2025.06.01).
const BRACKETS = /^[[【(（〔]\s*|\s*[\]】)）〕]$/g;
const TIME = String.raw`(?:\s*(?:T|\s)\s*(\d{1,2})(?::|时)(\d{2})(?:(?::|分)(\d{2})秒?|分)?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?`;

const FULL_NUMERIC = new RegExp(String.raw`^((?:19|20)\d{2})([-/.])(\d{1,2})\2(\d{1,2})${TIME}$`);
const FULL_CHINESE = new RegExp(String.raw`^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日${TIME}$`);
const MONTH_DAY_NUMERIC = new RegExp(String.raw`^(\d{2})[-/](\d{2})${TIME}$`);
const MONTH_DAY_CHINESE = new RegExp(String.raw`^(\d{1,2})\s*月\s*(\d{1,2})\s*日${TIME}$`);
const RELATIVE = /^(?:(刚刚)|(\d+)\s*(秒|分钟|小时|天)前|(今天|昨天|前天)\s*(?:(\d{1,2}):(\d{2}))?)$/;

/** Dates inside longer text: only unambiguous forms (a full year, or a two-digit month-day standing alone). */
const FULL_IN_TEXT = /(?<!\d)((?:19|20)\d{2})(?:([-/.])(\d{1,2})\2(\d{1,2})|\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)(?!\d)/g;
const MONTH_DAY_IN_TEXT = /(?<![\d\-/.:])(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?![\d\-/.:])/g;

function validDate(year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0): Date | null {
  if (year < YEAR_MIN || year > YEAR_MAX || month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const date = new Date(year, month - 1, day, hours, minutes, seconds);
  return date.getMonth() === month - 1 && date.getDate() === day ? date : null;
}

/**
 * A month-day without a year belongs to the check date's year, unless that would put it after the
 * check date: then it was last year (a list shows [12-28] in January).
 */
function inferYear(month: number, day: number, now: Date, h?: number, m?: number, s?: number): Date | null {
  const year = now.getFullYear();
  const thisYear = validDate(year, month, day, h, m, s);
  if (thisYear && differenceInCalendarDays(thisYear, now) <= 0) return thisYear;
  return validDate(year - 1, month, day, h, m, s);
}

const num = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));

function relative(match: RegExpExecArray, now: Date): Date {
  const [, justNow, amount, unit, dayWord, hh, mm] = match;
  if (justNow) return now;
  if (amount) {
    const n = Number(amount);
    if (unit === '秒') return subSeconds(now, n);
    if (unit === '分钟') return subMinutes(now, n);
    if (unit === '小时') return subHours(now, n);
    return subDays(now, n);
  }
  const back = dayWord === '今天' ? 0 : dayWord === '昨天' ? 1 : 2;
  const day = subDays(now, back);
  return new Date(day.getFullYear(), day.getMonth(), day.getDate(), Number(hh ?? 0), Number(mm ?? 0));
}

/**
 * The date that `text` is, as a whole: `2025-06-01`, `2025/06/01`, `2025.06.01`, `2025年6月1日`, each with
 * an optional time (`10:30`, `10:30:15`, `10时30分`); `06-01`, `[06-01]`, `06月01日` with the year taken
 * from the check date; relative times as new-media platforms print them (`3小时前`, `昨天 12:00`). A label
 * (`发布时间：`) and brackets around it are allowed. Anything else, including prose that merely contains a
 * date, is null.
 */
export function parseDate(text: string, now: Date): Date | null {
  const t = text.replace(/\s+/g, ' ').trim().replace(LABEL, '').replace(BRACKETS, '').trim();
  if (!t || t.length > 40) return null;
  let m = FULL_NUMERIC.exec(t);
  if (m) return validDate(+m[1], +m[3], +m[4], num(m[5]), num(m[6]), num(m[7]));
  m = FULL_CHINESE.exec(t);
  if (m) return validDate(+m[1], +m[2], +m[3], num(m[4]), num(m[5]), num(m[6]));
  m = MONTH_DAY_NUMERIC.exec(t) ?? MONTH_DAY_CHINESE.exec(t);
  if (m) return inferYear(+m[1], +m[2], now, num(m[3]), num(m[4]), num(m[5]));
  m = RELATIVE.exec(t);
  if (m) return relative(m, now);
  return null;
}

export interface DateInText {
  date: Date;
  index: number;
  end: number;
}

/**
 * Unambiguous dates inside longer text: with a full year (numeric or 年月日), or a two-digit `MM-DD`
 * standing alone. Bare `6月1日` in prose is left out: sentences are full of them ("9月14日，从绵阳…").
 */
export function findDates(text: string, now: Date): DateInText[] {
  const found: DateInText[] = [];
  for (const m of text.matchAll(FULL_IN_TEXT)) {
    const date = m[2] ? validDate(+m[1], +m[3], +m[4]) : validDate(+m[1], +m[5], +m[6]);
    if (date) found.push({ date, index: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(MONTH_DAY_IN_TEXT)) {
    const overlaps = found.some((f) => m.index < f.end && m.index + m[0].length > f.index);
    const date = overlaps ? null : inferYear(+m[1], +m[2], now);
    if (date) found.push({ date, index: m.index, end: m.index + m[0].length });
  }
  return found.sort((a, b) => a.index - b.index);
}

/**
 * A date printed at the very start or end of `text` ("[06-01] 标题", "标题 2025-06-01 10:30"): where list
 * items keep their date when it is not in an element of its own. Dates in the middle are part of the title.
 */
export function edgeDate(text: string, now: Date): Date | null {
  const t = text.replace(/\s+/g, ' ').trim();
  const dates = findDates(t, now);
  const trailing = /^\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*[\]】)）〕]?\s*$/;
  const leading = /^\s*[[【(（〔]?\s*$/;
  const last = dates[dates.length - 1]; // not .at(-1): Chromium 92, above the floor
  if (last && trailing.test(t.slice(last.end))) return last.date;
  const first = dates[0];
  // A leading date stands apart from the title ("[06-20] 标题"); "2015年4月20日至23日…" is a sentence.
  if (first && leading.test(t.slice(0, first.index)) && /^(?:\s|[\]】)）〕|｜:：-])/.test(t.slice(first.end))) return first.date;
  return null;
}

/** A Unix time in seconds or milliseconds, as WeChat (`var ct = "1718000000"`) and Weibo print them. */
export function fromEpoch(value: string | number): Date | null {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) return null;
  const ms = n < 1e11 ? n * 1000 : n;
  const date = new Date(ms);
  return date.getFullYear() >= YEAR_MIN && date.getFullYear() <= YEAR_MAX ? date : null;
}

/** Whole calendar days from `date` to the check date: 0 the same day, positive when `date` is earlier. */
export function ageInDays(now: Date, date: Date): number {
  return differenceInCalendarDays(now, date);
}

/** `YYYY-MM-DD` of the local calendar day, for finding details and messages. */
export function isoDay(date: Date): string {
  return format(date, 'yyyy-MM-dd');
}
