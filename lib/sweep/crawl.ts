import type { PageVisit } from './visit';
import { canonicalUrl, sameSite } from './url';

export interface CrawlLimits {
  /** Link steps from the home page: 0 = the home page only. */
  depth: number;
  /** Pages opened per site, the home page included. */
  maxPages: number;
}

export const DEFAULT_LIMITS: CrawlLimits = { depth: 3, maxPages: 300 };

export interface CrawlResult {
  /** Every page visited, in the order the sweep admitted them (home first, level by level). */
  visits: PageVisit[];
  /** Same-site links left unopened because the page limit was reached. */
  overLimit: number;
  /** Same-site links left unopened because they were deeper than the depth limit. */
  overDepth: number;
  /** Pages whose final address was already swept (redirects) or off the site: visited, not counted twice. */
  duplicates: number;
}

export type Visit = (url: string, depth: number) => Promise<PageVisit>;

/** Links a page's own link-dead findings already show to be broken: no use opening them. */
function deadLinks(visit: PageVisit): Set<string> {
  const dead = new Set<string>();
  for (const f of visit.findings) {
    if (f.rule === 'link-dead' && f.severity === 'deduct' && f.href) {
      const url = canonicalUrl(f.href);
      if (url) dead.add(url);
    }
  }
  return dead;
}

/**
 * Sweeps one site breadth first, one level at a time: the next level is planned only when the current one
 * is done, so the pages admitted (and their order) depend on the site alone, not on which tab finished
 * first — an interrupted sweep replayed from its saved pages takes the same path. Within a level the
 * navigation and column links of all pages come first, then the others, each in page order. `visit` does
 * the politeness (it may be called for a whole level at once).
 */
export async function crawlSite(home: string, limits: CrawlLimits, visit: Visit): Promise<CrawlResult> {
  const start = canonicalUrl(home) ?? home;
  const seen = new Set<string>([start]);
  const visits: PageVisit[] = [];
  let level = [start];
  let admitted = 1;
  let overLimit = 0;
  let overDepth = 0;
  let duplicates = 0;
  const finals = new Set<string>();

  for (let depth = 0; level.length; depth++) {
    const done = await Promise.all(level.map((url) => visit(url, depth)));
    const kept: PageVisit[] = [];
    for (const v of done) {
      // A redirect to a page already swept, or off the site, adds nothing of this site.
      if (v.outcome !== 'failed' && (finals.has(v.finalUrl) || !sameSite(v.finalUrl, start))) {
        duplicates++;
        continue;
      }
      finals.add(v.finalUrl);
      seen.add(v.finalUrl);
      kept.push(v);
    }
    visits.push(...kept);

    const nav: string[] = [];
    const other: string[] = [];
    for (const v of kept) {
      if (!v.facts) continue;
      const dead = deadLinks(v);
      for (const link of v.facts.links) {
        if (seen.has(link.url) || dead.has(link.url)) continue;
        seen.add(link.url);
        (link.nav ? nav : other).push(link.url);
      }
    }
    const candidates = [...nav, ...other];
    if (depth >= limits.depth) {
      overDepth += candidates.length;
      break;
    }
    const room = Math.max(0, limits.maxPages - admitted);
    level = candidates.slice(0, room);
    overLimit += candidates.length - level.length;
    admitted += level.length;
  }
  return { visits, overLimit, overDepth, duplicates };
}
