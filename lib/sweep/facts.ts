import { z } from 'zod';
import { repostUrlKey } from '../rules/repost-missing';
import { compact } from '../facts/columns';
import { findDates, isoDay } from '../facts/dates';
import { isSiteCode, normalizeIcp } from '../facts/filing';
import type { RepostTask } from '../rule-pack/pack';
import type { RawPageFacts } from './collect';
import { canonicalUrl, looksLikePage, sameSite } from './url';

/** What the sweep keeps of a page besides its findings (small: it is saved after every page to resume). */
export const PageFacts = z.object({
  /** Same-site page links in page order, canonical, deduplicated; `nav`: navigation or column links. */
  links: z.array(z.object({ url: z.string(), nav: z.boolean() })),
  /** Newest date printed on the page that is not after the check date (YYYY-MM-DD), or null. */
  newestDate: z.string().nullable(),
  /** Filing values as the rendered footer shows them. */
  filing: z.object({ siteCode: z.string().optional(), icp: z.string().optional(), police: z.string().optional() }),
  /** Indexes into the pack's repost tasks of the items this page carries (by link or title). */
  reposts: z.array(z.number().int()),
});
export type PageFacts = z.infer<typeof PageFacts>;

export interface DeriveOptions {
  /** The site's home page: links elsewhere are not followed. */
  home: string;
  now: Date;
  reposts: readonly RepostTask[];
}

const SITE_CODE = /网站标识码\s*[：:]?\s*(bm\d{8}|\d{10})(?!\d)/;
const POLICE = /公网安备\s*[：:]?\s*(\d{14})(?!\d)/;

/** The filing values in a footer's text; a value the footer lacks (or writes malformed) is left out. */
export function filingIn(footerText: string): PageFacts['filing'] {
  const text = footerText.replace(/\s+/g, ' ');
  const out: PageFacts['filing'] = {};
  const code = SITE_CODE.exec(text)?.[1];
  if (code && isSiteCode(code)) out.siteCode = code;
  const icp = normalizeIcp(text);
  if (icp) out.icp = icp;
  const police = POLICE.exec(text)?.[1];
  if (police) out.police = police;
  return out;
}

/** The newest date in `text` that is not after `now`: the page's last update as a visitor sees it. */
export function newestDateIn(text: string, now: Date): string | null {
  // Compared as calendar days: an item dated the check day counts, whatever its time.
  const today = isoDay(now);
  let newest: string | null = null;
  for (const { date } of findDates(text, now)) {
    const day = isoDay(date);
    if (day <= today && (!newest || day > newest)) newest = day;
  }
  return newest;
}

/** Which repost tasks a page carries: a link to the item's URL, or its title in a link or in the page text. */
export function repostsIn(raw: Pick<RawPageFacts, 'links' | 'text'>, tasks: readonly RepostTask[]): number[] {
  if (!tasks.length) return [];
  const keys = new Set(raw.links.map((l) => repostUrlKey(l.href)).filter((k): k is string => k !== null));
  const linkTexts = raw.links.map((l) => ({ text: compact(`${l.text} ${l.title}`), cut: /(?:…|\.\.\.)\s*$/.test(l.text) }));
  const body = compact(raw.text);
  const found: number[] = [];
  tasks.forEach((task, i) => {
    const key = task.url ? repostUrlKey(task.url) : null;
    const title = compact(task.title);
    if (
      (key && keys.has(key)) ||
      linkTexts.some((l) => l.text.includes(title) || (l.cut && l.text.length >= 8 && title.startsWith(l.text))) ||
      body.includes(title)
    ) {
      found.push(i);
    }
  });
  return found;
}

/** Same-site page links, canonical, deduplicated, in page order. */
export function siteLinks(raw: Pick<RawPageFacts, 'links' | 'url'>, home: string): PageFacts['links'] {
  const out = new Map<string, boolean>();
  for (const link of raw.links) {
    const url = canonicalUrl(link.href, raw.url);
    if (!url || !sameSite(url, home) || !looksLikePage(url)) continue;
    out.set(url, (out.get(url) ?? false) || link.nav);
  }
  return [...out].map(([url, nav]) => ({ url, nav }));
}

export function derivePageFacts(raw: RawPageFacts, opts: DeriveOptions): PageFacts {
  return {
    links: siteLinks(raw, opts.home),
    newestDate: newestDateIn(raw.text, opts.now),
    filing: filingIn(raw.footerText),
    reposts: repostsIn(raw, opts.reposts),
  };
}
