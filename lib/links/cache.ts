import type { LinkVerdict, ProbeResult } from './types';
import { getLinkResults, pruneLinkResults, putLinkResults, type InspectorStore } from '../store';

/** Where the prober keeps what it learnt between scans. */
export interface ProbeCache {
  get(urls: readonly string[]): Promise<Map<string, ProbeResult>>;
  put(results: readonly ProbeResult[]): Promise<void>;
}

/**
 * How long a verdict is trusted. A working link rarely breaks within a day; a broken one may be fixed
 * while the inspector waits, and a `review` (timeout, rate limit) is worth asking again soon.
 */
export const MAX_AGE_MS: Record<LinkVerdict, number> = {
  ok: 24 * 3600_000,
  redirected: 24 * 3600_000,
  broken: 3600_000,
  review: 10 * 60_000,
};

export function isFresh(result: ProbeResult, now: number): boolean {
  const age = now - Date.parse(result.checkedAt);
  return age >= 0 && age <= MAX_AGE_MS[result.verdict];
}

/** The IndexedDB cache: stale entries read as missing. Takes the database while it is still opening. */
export function idbProbeCache(db: InspectorStore | Promise<InspectorStore>, now: () => number = Date.now): ProbeCache {
  return {
    async get(urls) {
      const found = await getLinkResults(await db, urls);
      for (const [url, result] of found) if (!isFresh(result, now())) found.delete(url);
      return found;
    },
    put: async (results) => putLinkResults(await db, results),
  };
}

/** Drop entries no verdict would still trust. */
export function pruneProbeCache(db: InspectorStore, now: number = Date.now()): Promise<number> {
  const longest = Math.max(...Object.values(MAX_AGE_MS));
  return pruneLinkResults(db, new Date(now - longest).toISOString());
}
