import { describe, expect, test } from 'vitest';
import { judgeSite, sweepReport } from '@/lib/sweep/report';
import type { CrawlResult } from '@/lib/sweep/crawl';
import type { PageVisit } from '@/lib/sweep/visit';
import { assessReachability, reachabilityUnscanned } from '@/lib/links/reachability';
import type { ProbeResult } from '@/lib/links/types';
import { sweepSummary } from '../../../cli/sweep-output';
import { formatTable } from '../../../cli/table';

const OPTS = { now: new Date('2025-06-30T12:00:00'), reposts: [], limits: { depth: 3, maxPages: 10 } };
const at = '2025-06-30T00:00:00.000Z';
const dns = (url: string): ProbeResult => ({ url, verdict: 'broken', reason: 'dns', checkedAt: at });

/** The notice a page scan makes when every off-site host it links fails DNS. */
function noticeFor(page: string, hosts: string[]) {
  const r = assessReachability(page, hosts.map((h) => dns(`https://${h}/`)));
  return reachabilityUnscanned(r!);
}

function visit(url: string, unscanned: PageVisit['unscanned']): PageVisit {
  return { url, finalUrl: url, outcome: 'ok', title: url, findings: [], unscanned, facts: { links: [], newestDate: '2025-06-29', filing: {}, reposts: [] } };
}

describe('network notice in the sweep and the CLI', () => {
  test("a sweep's pages that could not reach outside give one notice per site and one in the summary; the site still passes", () => {
    const crawl: CrawlResult = {
      visits: [
        visit('http://x.gov.cn/', [noticeFor('http://x.gov.cn/', ['www.gov.cn', 'www.henan.gov.cn'])]),
        visit('http://x.gov.cn/a', [noticeFor('http://x.gov.cn/a', ['www.gov.cn', 'www.zz.gov.cn'])]),
      ],
      overLimit: 0,
      overDepth: 0,
      duplicates: 0,
    };
    const judged = judgeSite({ name: '某县政府', url: 'http://x.gov.cn/' }, crawl, OPTS);
    expect(judged.site.verdict).toBe('pass');
    expect(judged.network).toEqual({ site: '某县政府', scope: 'outside', hosts: ['www.gov.cn', 'www.henan.gov.cn', 'www.zz.gov.cn'], links: 4 });
    const report = sweepReport([judged]);
    const text = sweepSummary(report);
    expect(text.match(/本机无法访问外部网站/g)).toHaveLength(1);
    expect(text).toContain('3 个外部网站打不开');
    expect(text).toContain('4 个链接未检查，不计为错链');
    expect(text).not.toContain('可能已关闭');
  });

  test('the CLI table says it once at the end, and each page only how many of its links were set aside', () => {
    const pages = ['http://x.gov.cn/', 'http://x.gov.cn/a'].map((url) => ({
      url,
      title: '页面',
      findings: [],
      unscanned: [noticeFor(url, ['www.gov.cn', 'www.henan.gov.cn', 'www.zz.gov.cn'])],
    }));
    const text = formatTable({ pages });
    expect(text.match(/本机无法访问外部网站/g)).toHaveLength(1);
    expect(text.match(/本页 3 个链接未检查，不计为错链（见末尾说明）/g)).toHaveLength(2);
    expect(text).toContain('未检查的网站 (hosts not checked)：www.gov.cn, www.henan.gov.cn, www.zz.gov.cn');
    // The notice comes before the summary line, which stays the last.
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^共检查 2 个页面/);
    expect(formatTable({ pages: [{ url: 'http://x.gov.cn/', title: 't', findings: [] }] })).not.toContain('本机');
  });
});
