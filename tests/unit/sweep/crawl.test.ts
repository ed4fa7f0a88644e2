import { describe, expect, test } from 'vitest';
import { crawlSite } from '@/lib/sweep/crawl';
import type { PageVisit } from '@/lib/sweep/visit';
import { failedVisit } from '@/lib/sweep/visit';
import { makeFinding } from '../../factories';

const H = 'http://x.gov.cn/';

/** A site as a link graph: path → [links] (nav links start with '*'). */
function site(graph: Record<string, string[]>, opts: { redirects?: Record<string, string>; dead?: Record<string, string[]> } = {}) {
  const opened: string[] = [];
  const visit = async (url: string): Promise<PageVisit> => {
    opened.push(url.replace(H, '/'));
    const path = url.replace('http://x.gov.cn', '');
    const final = opts.redirects?.[path] ?? path;
    const links = graph[final];
    if (!links) return failedVisit(url, 'HTTP 404');
    return {
      url,
      finalUrl: `http://x.gov.cn${final}`,
      outcome: 'ok',
      title: final,
      findings: (opts.dead?.[final] ?? []).map((href) => makeFinding({ rule: 'link-dead', href: `http://x.gov.cn${href}`, pageUrl: `http://x.gov.cn${final}` })),
      unscanned: [],
      facts: {
        links: links.map((l) => ({ url: `http://x.gov.cn${l.replace('*', '')}`, nav: l.startsWith('*') })),
        newestDate: null,
        filing: {},
        reposts: [],
      },
    };
  };
  return { visit, opened };
}

describe('crawlSite', () => {
  test('breadth first, navigation links first within a level, each page once', async () => {
    const s = site({
      '/': ['/a1.html', '*/col1/', '*/col2/', '/'],
      '/a1.html': ['/'],
      '/col1/': ['/col1/1.html', '/col2/', '*/col1/'],
      '/col2/': ['/col2/1.html'],
      '/col1/1.html': [],
      '/col2/1.html': [],
    });
    const r = await crawlSite(H, { depth: 5, maxPages: 100 }, s.visit);
    expect(s.opened).toEqual(['/', '/col1/', '/col2/', '/a1.html', '/col1/1.html', '/col2/1.html']);
    expect(r.visits.map((v) => v.title)).toEqual(['/', '/col1/', '/col2/', '/a1.html', '/col1/1.html', '/col2/1.html']);
    expect([r.overLimit, r.overDepth, r.duplicates]).toEqual([0, 0, 0]);
  });

  test('depth and page limits say how many links were left', async () => {
    const graph: Record<string, string[]> = { '/': ['/1', '/2', '/3'], '/1': ['/1a', '/1b'], '/2': ['/2a'], '/3': [] };
    const deep = await crawlSite(H, { depth: 1, maxPages: 100 }, site(graph).visit);
    expect(deep.visits).toHaveLength(4);
    expect(deep.overDepth).toBe(3);
    const few = await crawlSite(H, { depth: 5, maxPages: 3 }, site(graph).visit);
    expect(few.visits.map((v) => v.title)).toEqual(['/', '/1', '/2']);
    // /3 at the first level, then the three links /1 and /2 show.
    expect(few.overLimit).toBe(4);
  });

  test('links the page already shows to be dead are not opened; failed pages are kept and reported', async () => {
    const s = site({ '/': ['/gone.html', '/missing.html', '/ok.html'], '/ok.html': [] }, { dead: { '/': ['/gone.html'] } });
    const r = await crawlSite(H, { depth: 3, maxPages: 100 }, s.visit);
    expect(s.opened).toEqual(['/', '/missing.html', '/ok.html']);
    expect(r.visits.map((v) => v.outcome)).toEqual(['ok', 'failed', 'ok']);
  });

  test('redirects into a page already swept, or off the site, count once', async () => {
    const s = site({ '/': ['/old.html', '/new.html'], '/new.html': [] }, { redirects: { '/old.html': '/new.html' } });
    const r = await crawlSite(H, { depth: 3, maxPages: 100 }, s.visit);
    expect(r.visits.map((v) => v.finalUrl)).toEqual(['http://x.gov.cn/', 'http://x.gov.cn/new.html']);
    expect(r.duplicates).toBe(1);
  });

  test('the same pages in the same order however the visits interleave', async () => {
    const graph: Record<string, string[]> = { '/': ['/1', '/2', '/3'], '/1': ['/x', '/y'], '/2': ['/y', '/z'], '/3': ['/x'], '/x': [], '/y': [], '/z': [] };
    const slow = site(graph);
    const jittered = (url: string) => new Promise<PageVisit>((ok) => setTimeout(() => ok(slow.visit(url)), (url.length * 7) % 13));
    const a = await crawlSite(H, { depth: 5, maxPages: 5 }, jittered);
    const b = await crawlSite(H, { depth: 5, maxPages: 5 }, site(graph).visit);
    expect(a.visits.map((v) => v.url)).toEqual(b.visits.map((v) => v.url));
  });
});
