import { describe, expect, test } from 'vitest';
import { ageInDays, edgeDate, findDates, fromEpoch, isoDay, parseDate } from '@/lib/facts/dates';

const now = new Date(2025, 5, 30, 12);
const day = (text: string, at = now) => {
  const d = parseDate(text, at);
  return d ? isoDay(d) : null;
};

describe('parseDate: a text that is a date as a whole', () => {
  test.each([
    ['2025-06-01', '2025-06-01'],
    ['2025/06/01', '2025-06-01'],
    ['2025.06.01', '2025-06-01'],
    ['2025-6-1', '2025-06-01'],
    ['2025年6月1日', '2025-06-01'],
    ['2025 年 06 月 01 日', '2025-06-01'],
    ['2025-06-01 10:30', '2025-06-01'],
    ['2016-07-27 15:33:49', '2016-07-27'],
    ['2020年09月15日 09时32分', '2020-09-15'],
    ['2024-10-17T08:03:00+08:00', '2024-10-17'],
    ['[2025-06-01]', '2025-06-01'],
    ['（2025.06.01）', '2025-06-01'],
    ['【2025年6月1日】', '2025-06-01'],
    ['发布时间：2025-06-01', '2025-06-01'],
    ['时间： 2016-07-01 10:00:00 ', '2016-07-01'],
    ['日期:2025/06/01', '2025-06-01'],
  ])('%s → %s', (text, expected) => {
    expect(day(text)).toBe(expected);
  });

  test('month-day takes the check date’s year when that is not after the check date', () => {
    expect(day('06-01')).toBe('2025-06-01');
    expect(day('[06-01]')).toBe('2025-06-01');
    expect(day('06-30')).toBe('2025-06-30');
    expect(day('06月01日')).toBe('2025-06-01');
    expect(day('08月01日 16:24')).toBe('2024-08-01');
  });

  test('a month-day later than the check date was last year', () => {
    expect(day('07-01')).toBe('2024-07-01');
    expect(day('[12-28]', new Date(2025, 0, 3))).toBe('2024-12-28');
  });

  test('29 February without a year is the leap day of this or last year, else no date', () => {
    expect(day('02-29', new Date(2024, 2, 1))).toBe('2024-02-29');
    expect(day('02-29', new Date(2025, 2, 1))).toBe('2024-02-29');
    expect(day('02-29', new Date(2026, 2, 1))).toBeNull();
  });

  test('relative times as new-media platforms print them', () => {
    expect(day('刚刚')).toBe('2025-06-30');
    expect(day('5分钟前')).toBe('2025-06-30');
    expect(day('3小时前', new Date(2025, 5, 30, 1))).toBe('2025-06-29');
    expect(day('昨天 12:00')).toBe('2025-06-29');
    expect(day('前天')).toBe('2025-06-28');
    expect(day('20天前')).toBe('2025-06-10');
  });

  test.each([
    '2025-13-01',
    '2025-02-30',
    '2025年2月30日',
    '1-2',
    '6-1',
    '13-01',
    '0771-6116986',
    '9月14日，从绵阳“服务企业活动月”暨“企业服务云”应用推进会上获悉',
    '关于2025年6月28日起调整部分公交线路的公示',
    '2025年',
    '第2025-06-01号',
    '',
    '1850-01-01',
  ])('not a date: %s', (text) => {
    expect(parseDate(text, now)).toBeNull();
  });

  test('keeps the time of day when printed', () => {
    const d = parseDate('2025-06-01 10:30:15', now)!;
    expect([d.getHours(), d.getMinutes(), d.getSeconds()]).toEqual([10, 30, 15]);
  });
});

describe('dates inside longer text', () => {
  test('finds full-year dates and standalone two-digit month-days, in order', () => {
    const found = findDates('留言时间：2025-03-01 回复时间：2025年3月9日 [06-01]', now).map((f) => isoDay(f.date));
    expect(found).toEqual(['2025-03-01', '2025-03-09', '2025-06-01']);
  });

  test('leaves prose month-days and phone numbers alone', () => {
    expect(findDates('9月14日，从绵阳获悉；联系电话：0771-6116986', now)).toEqual([]);
  });

  test('edgeDate reads a date at the start or end of an item, never from the middle of a title', () => {
    expect(isoDay(edgeDate('市政府召开常务会议 2025-06-20', now)!)).toBe('2025-06-20');
    expect(isoDay(edgeDate('市政府召开常务会议 (2025-06-20 09:30)', now)!)).toBe('2025-06-20');
    expect(isoDay(edgeDate('[06-20] 市政府召开常务会议', now)!)).toBe('2025-06-20');
    expect(edgeDate('关于2025年6月28日起调整部分公交线路的公示', now)).toBeNull();
    expect(edgeDate('2015年4月20日至23日将在郑州举办第九届洽谈会', now)).toBeNull();
  });
});

describe('arithmetic', () => {
  test('age in whole calendar days, regardless of the time of day', () => {
    expect(ageInDays(now, new Date(2025, 5, 30, 23, 59))).toBe(0);
    expect(ageInDays(now, new Date(2025, 5, 16))).toBe(14);
    expect(ageInDays(now, new Date(2024, 11, 29))).toBe(183);
  });

  test('Unix times in seconds and milliseconds', () => {
    expect(fromEpoch('1718000000')!.toISOString()).toBe('2024-06-10T06:13:20.000Z');
    expect(fromEpoch(1718000000000)!.toISOString()).toBe('2024-06-10T06:13:20.000Z');
    expect(fromEpoch('abc')).toBeNull();
    expect(fromEpoch('0')).toBeNull();
  });
});
