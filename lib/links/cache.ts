import type { LinkVerdict, ProbeResult } from './types';
import { getLinkResults, pruneLinkResults, putLinkResults, type InspectorStore } from '../store/db';

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

const MAX_IN_MEMORY = 50_000;

export interface IdbCacheOptions {
  /** Results are written this long after the last put (one transaction for a whole page's links). */
  flushAfterMs?: number;
  /** …or at once when this many are waiting. */
  flushAt?: number;
}

/**
 * The IndexedDB cache: stale entries read as missing. Takes the database while it is still opening.
 *
 * Every IndexedDB request is a round trip to the browser process, as costly as a probe's own fetch: the
 * cache keeps what it read or wrote in memory, asks IndexedDB only for URLs it holds (its keys are read
 * once), and writes a page's results together once the probing has paused, after the answers went out.
 */
export function idbProbeCache(db: InspectorStore | Promise<InspectorStore>, now: () => number = Date.now, opts: IdbCacheOptions = {}): ProbeCache & { flush(): Promise<void> } {
  const flushAfterMs = opts.flushAfterMs ?? 1_000;
  const flushAt = opts.flushAt ?? 2_000;
  const memory = new Map<string, ProbeResult>();
  let storedKeys: Promise<Set<string>> | undefined;
  let waiting: ProbeResult[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  const keysInStore = () =>
    (storedKeys ??= (async () => new Set((await (await db).getAllKeys('linkResults')) as string[]))().catch(() => new Set<string>()));

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const batch = waiting;
    waiting = [];
    if (batch.length) {
      writing = writing
        .then(async () => {
          await putLinkResults(await db, batch);
          const stored = await keysInStore();
          for (const r of batch) stored.add(r.url);
        })
        .catch(() => undefined);
    }
    return writing;
  };

  return {
    async get(urls) {
      const found = new Map<string, ProbeResult>();
      const stored = await keysInStore();
      const ask: string[] = [];
      for (const url of urls) {
        const known = memory.get(url);
        if (known) {
          if (isFresh(known, now())) found.set(url, known);
        } else if (stored.has(url)) ask.push(url);
      }
      if (ask.length) {
        for (const [url, result] of await getLinkResults(await db, ask)) {
          memory.set(url, result);
          if (isFresh(result, now())) found.set(url, result);
        }
      }
      return found;
    },
    async put(results) {
      // A service worker lives minutes at most; this only bounds a very long crawl.
      if (memory.size > MAX_IN_MEMORY) memory.clear();
      for (const r of results) memory.set(r.url, r);
      waiting.push(...results);
      if (waiting.length >= flushAt) void flush();
      else {
        clearTimeout(timer);
        timer = setTimeout(() => void flush(), flushAfterMs);
      }
    },
    flush,
  };
}

/** Drop entries no verdict would still trust. */
export function pruneProbeCache(db: InspectorStore, now: number = Date.now()): Promise<number> {
  const longest = Math.max(...Object.values(MAX_AGE_MS));
  return pruneLinkResults(db, new Date(now - longest).toISOString());
}
