import type { Finding } from '../findings';
import type { PageVisit } from './visit';
import { RULE_CATALOG } from '../rule-catalog';

/**
 * The identity of a finding within a site, without its page: the same site-wide element (the navigation
 * bar, a column block shown on many pages, the footer) found on every page is one problem of the site.
 * Each rule's record says which identity it has (SiteKeyKind in lib/rule-catalog.ts).
 */
export function siteKeyOf(f: Finding): string {
  const d = f.detail;
  switch (RULE_CATALOG[f.rule].siteKey) {
    case 'column':
      return [f.rule, f.label, String(d.kind ?? ''), String(d.scope ?? '')].join('\u241f');
    case 'filing':
      return [f.rule, f.label, String(d.field ?? ''), String(d.problem ?? ''), String(d.found ?? ''), String(d.scope ?? '')].join('\u241f');
    case 'link':
      return [f.rule, f.href ?? '', f.label].join('\u241f');
    case 'label':
      return [f.rule, f.label].join('\u241f');
    case 'element':
      return [f.rule, f.selector, f.label, f.message].join('\u241f');
  }
}

/** How many other pages of a sweep a deduplicated finding lists by address. */
export const ALSO_ON_LIMIT = 10;

/**
 * Findings of a site's pages with site-wide repeats folded into their first occurrence (pages in sweep
 * order). The kept finding says on how many pages it was seen (`detail.sweepPages`) and names up to
 * ALSO_ON_LIMIT others (`detail.sweepAlsoOn`); its key, id and page stay those of the first page.
 * Returns, per page, the findings that page keeps (same order as `visits`).
 */
export function dedupeSiteFindings(visits: readonly PageVisit[]): Finding[][] {
  const first = new Map<string, { finding: Finding; pages: string[] }>();
  const kept: Finding[][] = visits.map(() => []);
  visits.forEach((visit, i) => {
    const onThisPage = new Set<string>();
    for (const f of visit.findings) {
      const key = siteKeyOf(f);
      const entry = first.get(key);
      if (!entry) {
        const copy = { ...f, detail: { ...f.detail } };
        first.set(key, { finding: copy, pages: [f.pageUrl] });
        kept[i].push(copy);
        onThisPage.add(key);
      } else if (!onThisPage.has(key) && !entry.pages.includes(f.pageUrl)) {
        entry.pages.push(f.pageUrl);
      }
    }
  });
  for (const { finding, pages } of first.values()) {
    if (pages.length < 2) continue;
    finding.detail.sweepPages = pages.length;
    finding.detail.sweepAlsoOn = pages.slice(1, 1 + ALSO_ON_LIMIT);
  }
  return kept;
}
