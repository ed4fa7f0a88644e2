import { describe, expect, test } from 'vitest';
import { quarterSummary, siteVerdict, siteVerdicts } from '@/lib/verdict';
import { makeFinding } from '../factories';

const site = 'www.example.gov.cn';

describe('site verdicts against the national veto lines', () => {
  test('four blank columns pass, five fail; dismissed ones do not count', () => {
    const four = Array.from({ length: 4 }, (_, i) => makeFinding({ rule: 'column-blank', label: `栏目${i}` }));
    expect(siteVerdict(site, four).verdict).toBe('pass');
    const fifth = makeFinding({ rule: 'column-blank', label: '栏目4' });
    expect(siteVerdict(site, [...four, fifth]).verdict).toBe('fail');
    expect(siteVerdict(site, [...four, { ...fifth, status: 'dismissed' }]).verdict).toBe('pass');
  });

  test('the same blank column seen on two pages counts once', () => {
    const same = Array.from({ length: 5 }, (_, i) => makeFinding({ rule: 'column-blank', label: '政策解读', pageUrl: `https://www.example.gov.cn/p${i}.html` }));
    expect(siteVerdict(site, same).verdict).toBe('pass');
  });

  test('any standing veto finding fails the site; a rejected one does not', () => {
    const veto = makeFinding({ rule: 'link-hidden', severity: 'veto' });
    expect(siteVerdict(site, [veto]).reasons[0]).toContain('暗链');
    expect(siteVerdict(site, [{ ...veto, status: 'rejected' }]).verdict).toBe('pass');
  });

  test('five stale key columns fail; nine stale other columns pass, ten fail', () => {
    const key = Array.from({ length: 5 }, (_, i) => makeFinding({ rule: 'column-stale', label: `要闻${i}`, detail: { kind: 'news' } }));
    expect(siteVerdict(site, key).verdict).toBe('fail');
    const other = (n: number) => Array.from({ length: n }, (_, i) => makeFinding({ rule: 'column-stale', label: `其他${i}`, detail: { kind: 'other' } }));
    expect(siteVerdict(site, other(9)).verdict).toBe('pass');
    expect(siteVerdict(site, other(10)).verdict).toBe('fail');
  });

  test('pass rate and problems by indicator over sites', () => {
    const verdicts = siteVerdicts([makeFinding({ rule: 'link-hidden', severity: 'veto', site: 'a.gov.cn' }), makeFinding({ site: 'b.gov.cn' })], ['c.gov.cn']);
    const summary = quarterSummary(verdicts);
    expect(summary).toEqual({ sitesChecked: 3, sitesPassed: 2, passRate: 2 / 3, byIndicator: { 链接异常: 2 } });
  });

  test('on the decided basis only confirmed or accepted findings count; open ones are reported beside', () => {
    const veto = makeFinding({ rule: 'link-hidden', severity: 'veto', status: 'open' });
    const blanks = Array.from({ length: 5 }, (_, i) => makeFinding({ rule: 'column-blank', label: `栏目${i}`, status: i < 4 ? 'confirmed' : 'open' }));
    expect(siteVerdict(site, [veto, ...blanks]).verdict).toBe('fail');
    const decided = siteVerdict(site, [veto, ...blanks], 'decided');
    expect(decided).toMatchObject({ verdict: 'pass', total: 4, open: 2 });
    const accepted = siteVerdict(site, [{ ...veto, status: 'accepted' }, ...blanks], 'decided');
    expect(accepted.verdict).toBe('fail');
    expect(accepted.reasons[0]).toContain('暗链');
  });
});
