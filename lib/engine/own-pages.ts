/**
 * Pages the extension made itself are not government pages: its own pages (options, sessions, review) and
 * the reports it exports. An exported HTML report opened in the browser (where the extension may read the
 * file) was scanned as a site (41 findings on one) and the overlay printed into its PDF. The report says
 * what it is in a `<meta name="generator">` (lib/export/report.ts writes it).
 */
export const REPORT_GENERATOR = 'Gov Site Inspector report';

/** What the content script answers on such a page instead of a scan state (the popup shows it cannot inspect it). */
export const OWN_PAGE_ANSWER = { ownPage: true } as const;

export function isOwnDocument(doc: Document, extensionBase?: string): boolean {
  if (extensionBase && doc.URL.startsWith(extensionBase)) return true;
  const generator = doc.querySelector('meta[name="generator" i]')?.getAttribute('content') ?? '';
  return generator.trim() === REPORT_GENERATOR;
}
