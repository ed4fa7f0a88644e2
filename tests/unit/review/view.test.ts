import { describe, expect, test } from 'vitest';
import { DEFAULT_FILTERS, NO_FILTERS, matches, quarterRange, sortRows, toQuery } from '@/components/review/view';
import { makeFinding } from '../../factories';

test('filters become server query parameters; the "to" day is inclusive', () => {
  expect(toQuery(NO_FILTERS)).toEqual({});
  expect(toQuery({ ...NO_FILTERS, site: ' www.jinan.gov.cn ', rule: 'column-blank', status: 'open', from: '2025-04-01', to: '2025-06-30' })).toEqual({
    site: ['www.jinan.gov.cn'],
    rule: ['column-blank'],
    status: ['open'],
    from: '2025-04-01',
    to: '2025-07-01',
  });
});

test('the same filters on the page copy, days in China Standard Time', () => {
  // 2025-06-30T20:00Z is already 2025-07-01 in Beijing.
  const late = makeFinding({ createdAt: '2025-06-30T20:00:00.000Z', status: 'accepted' });
  expect(matches(late, { ...NO_FILTERS, to: '2025-06-30' })).toBe(false);
  expect(matches(late, { ...NO_FILTERS, from: '2025-07-01' })).toBe(true);
  expect(matches(late, { ...NO_FILTERS, status: 'open' })).toBe(false);
});

test('sorting by severity puts veto first; ties newest first', () => {
  const a = makeFinding({ severity: 'review', createdAt: '2025-06-01T00:00:00.000Z' });
  const b = makeFinding({ severity: 'veto', createdAt: '2025-06-02T00:00:00.000Z' });
  const c = makeFinding({ severity: 'veto', createdAt: '2025-06-03T00:00:00.000Z' });
  expect(sortRows([a, b, c], { key: 'severity', desc: false }).map((f) => f.id)).toEqual([c.id, b.id, a.id]);
  expect(sortRows([a, b, c], { key: 'createdAt', desc: true }).map((f) => f.id)).toEqual([c.id, b.id, a.id]);
});

test('quarter ranges for the summary', () => {
  expect(quarterRange('2025Q2')).toEqual({ from: '2025-04-01', to: '2025-07-01' });
  expect(quarterRange('2025Q4')).toEqual({ from: '2025-10-01', to: '2026-01-01' });
});

describe('the default view is the record', () => {
  test('decided asks the server for confirmed and accepted, and keeps only those on the page', () => {
    expect(DEFAULT_FILTERS.status).toBe('decided');
    expect(toQuery(DEFAULT_FILTERS)).toEqual({ status: ['confirmed', 'accepted'] });
    const shown = (['open', 'confirmed', 'dismissed', 'accepted', 'rejected'] as const).filter((status) => matches(makeFinding({ status }), DEFAULT_FILTERS));
    expect(shown).toEqual(['confirmed', 'accepted']);
  });
});
