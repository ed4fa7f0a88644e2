import { z } from 'zod';
import { Finding, Unscanned } from '../findings';
import { PageFacts } from './facts';

/**
 * One page of a sweep as it was visited: what the extension found there and what the sweep read from it.
 * Saved after every page (the resume state), so it is a zod schema, validated when read back.
 */
export const PageVisit = z.object({
  /** The URL the sweep asked for (canonical). */
  url: z.string(),
  /** Where the tab ended up after redirects (canonical). */
  finalUrl: z.string(),
  /** ok: scanned; incomplete: scanned partly (time limit); failed: not opened or not a page of the site. */
  outcome: z.enum(['ok', 'incomplete', 'failed']),
  /** Why the page is incomplete or failed, in Chinese. */
  reason: z.string().optional(),
  title: z.string(),
  findings: z.array(Finding),
  unscanned: z.array(Unscanned).default([]),
  facts: PageFacts.optional(),
});
export type PageVisit = z.infer<typeof PageVisit>;

export function failedVisit(url: string, reason: string): PageVisit {
  return { url, finalUrl: url, outcome: 'failed', reason, title: '', findings: [], unscanned: [] };
}
