import { describe, expect, test } from 'vitest';
import { applyRepostChecklist, filingConsistencyFindings, homeUpdateFinding } from '@/lib/sweep/judge';
import { Finding } from '@/lib/findings';
import type { PageVisit } from '@/lib/sweep/visit';
import { makeFinding } from '../../factories';

const NOW = new Date('2025-06-30T12:00:00');

function visit(url: string, facts: Partial<NonNullable<PageVisit['facts']>> = {}, findings: PageVisit['findings'] = []): PageVisit {
  return { url, finalUrl: url, outcome: 'ok', title: `T ${url}`, findings, unscanned: [], facts: { links: [], newestDate: null, filing: {}, reposts: [], ...facts } };
}

describe('home page last update', () => {
  test('within two weeks: nothing; older: veto; no date: review', () => {
    expect(homeUpdateFinding('x', visit('http://x/', { newestDate: '2025-06-16' }), NOW)).toBeNull();
    const stale = homeUpdateFinding('x', visit('http://x/', { newestDate: '2025-06-15' }), NOW)!;
    expect(Finding.parse(stale)).toBeTruthy();
    expect(stale).toMatchObject({ rule: 'column-stale', severity: 'veto', label: '首页', pageUrl: 'http://x/', detail: { kind: 'home', newest: '2025-06-15', ageDays: 15, scope: 'site' } });
    expect(homeUpdateFinding('x', visit('http://x/'), NOW)?.severity).toBe('review');
    expect(homeUpdateFinding('x', { ...visit('http://x/'), outcome: 'failed', facts: undefined }, NOW)).toBeNull();
  });

  test('the key is stable from one sweep to the next', () => {
    const a = homeUpdateFinding('x', visit('http://x/', { newestDate: '2025-01-01' }), NOW)!;
    const b = homeUpdateFinding('x', visit('http://x/', { newestDate: '2025-01-01' }), NOW)!;
    expect(a.key).toBe(b.key);
    expect(a.id).not.toBe(b.id);
  });
});

describe('filing values across pages', () => {
  test('one finding per field that differs, on the first page off the common value', () => {
    const visits = [
      visit('http://x/', { filing: { icp: '鲁ICP备1号', siteCode: '3701000005' } }),
      visit('http://x/a', { filing: { icp: '鲁ICP备1号', siteCode: '3701000005' } }),
      visit('http://x/b', { filing: { icp: '鲁ICP备2号' } }),
      visit('http://x/c', { filing: {} }),
    ];
    const found = filingConsistencyFindings('x', visits);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'filing-mismatch', label: 'ICP备案', pageUrl: 'http://x/b', detail: { expected: '鲁ICP备1号', found: '鲁ICP备2号', problem: 'inconsistent-pages' } });
    expect(found[0].message).toContain('鲁ICP备1号（2 个页面），鲁ICP备2号（1 个页面）');
  });
});

describe('repost checklist over the site', () => {
  test('an item found on any page drops the home page finding; the others say the whole site was searched', () => {
    const tasks = [{ title: '甲' }, { title: '乙' }];
    const home = [makeFinding({ rule: 'repost-missing', label: '甲' }), makeFinding({ rule: 'repost-missing', label: '乙' }), makeFinding({ rule: 'link-dead' })];
    const out = applyRepostChecklist(home, [visit('http://x/'), visit('http://x/zt', { reposts: [0] })], tasks);
    expect(out.map((f) => f.label)).toEqual(['乙', home[2].label]);
    expect(out[0].message).toContain('全部 2 个页面');
    expect(out[0].detail).toMatchObject({ sweepFound: 1, sweepTotal: 2 });
  });
});
