import { describe, expect, test } from 'vitest';
import { judgeSite, sweepReport } from '@/lib/sweep/report';
import type { CrawlResult } from '@/lib/sweep/crawl';
import type { PageVisit } from '@/lib/sweep/visit';
import { failedVisit } from '@/lib/sweep/visit';
import { makeFinding } from '../../factories';

const NOW = new Date('2025-06-30T12:00:00');
const OPTS = { now: NOW, reposts: [], limits: { depth: 3, maxPages: 10 } };

function visit(url: string, findings = [] as PageVisit['findings'], newestDate: string | null = '2025-06-29'): PageVisit {
  return { url, finalUrl: url, outcome: 'ok', title: url, findings, unscanned: [], facts: { links: [], newestDate, filing: {}, reposts: [] } };
}

const blank = (page: string, label: string) => makeFinding({ site: 'x.gov.cn', pageUrl: page, rule: 'column-blank', label, detail: { kind: 'other' } });

describe('judgeSite', () => {
  test('five blank columns over several pages fail the site; repeats are counted once', () => {
    const crawl: CrawlResult = {
      visits: [
        visit('http://x.gov.cn/', [blank('http://x.gov.cn/', '甲'), blank('http://x.gov.cn/', '乙')]),
        visit('http://x.gov.cn/a', [blank('http://x.gov.cn/a', '甲'), blank('http://x.gov.cn/a', '丙'), blank('http://x.gov.cn/a', '丁')]),
        visit('http://x.gov.cn/b', [blank('http://x.gov.cn/b', '戊')]),
      ],
      overLimit: 4,
      overDepth: 0,
      duplicates: 0,
    };
    const j = judgeSite({ name: '某站', url: 'http://x.gov.cn/' }, crawl, OPTS);
    expect(j.site).toEqual({ name: '某站', url: 'http://x.gov.cn/', pages: 3, verdict: 'fail', reasons: ['空白栏目 5 个（≥5 个即单项否决）'], counts: { 'column-blank': 5 } });
    expect(j.pages.map((p) => p.findings.length)).toEqual([2, 2, 1]);
    expect(j.notes).toEqual([{ site: '某站', note: '已达每站 10 个页面的上限，另有 4 个本站链接未打开' }]);
  });

  test('four blank columns pass; a stale home page fails with its own reason; an unreachable home fails', () => {
    const four = { visits: [visit('http://x.gov.cn/', ['甲', '乙', '丙', '丁'].map((l) => blank('http://x.gov.cn/', l)))], overLimit: 0, overDepth: 0, duplicates: 0 };
    expect(judgeSite({ name: 's', url: 'http://x.gov.cn/' }, four, OPTS).site.verdict).toBe('pass');
    const old = { visits: [visit('http://x.gov.cn/', [], '2025-05-01')], overLimit: 0, overDepth: 0, duplicates: 0 };
    const j = judgeSite({ name: 's', url: 'http://x.gov.cn/' }, old, OPTS);
    expect(j.site.reasons).toEqual(['首页 60 天未更新（最新 2025-05-01，超过 14 天即单项否决）']);
    expect(j.site.counts).toEqual({ 'column-stale': 1 });
    const down = { visits: [failedVisit('http://x.gov.cn/', '页面无法打开：超时')], overLimit: 0, overDepth: 0, duplicates: 0 };
    const d = judgeSite({ name: 's', url: 'http://x.gov.cn/' }, down, OPTS);
    expect(d.site).toMatchObject({ pages: 0, verdict: 'fail', reasons: ['首页无法打开，未能检查：页面无法打开：超时'] });
    expect(d.failures).toEqual([{ site: 's', url: 'http://x.gov.cn/', reason: '页面无法打开：超时' }]);
  });

  test('the report has exactly the issue\'s shape, failures and notes only when there are some', () => {
    const ok = judgeSite({ name: 's', url: 'http://x.gov.cn/' }, { visits: [visit('http://x.gov.cn/')], overLimit: 0, overDepth: 0, duplicates: 0 }, OPTS);
    const report = sweepReport([ok]);
    expect(Object.keys(report)).toEqual(['sites', 'pages']);
    expect(Object.keys(report.sites[0])).toEqual(['name', 'url', 'pages', 'verdict', 'reasons', 'counts']);
    expect(Object.keys(report.pages[0])).toEqual(['url', 'title', 'findings']);
  });
});
