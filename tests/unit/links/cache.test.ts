import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test } from 'vitest';
import { getLinkResults, openStore, putLinkResults, type InspectorStore } from '@/lib/store/db';
import { idbProbeCache } from '@/lib/links/cache';
import type { ProbeResult } from '@/lib/links/types';

let db: InspectorStore | undefined;
let n = 0;
const freshName = () => `gsi-cache-test-${++n}`;
afterEach(() => db?.close());

const NOW = Date.parse('2025-06-30T12:00:00Z');
const r = (url: string, verdict: ProbeResult['verdict'] = 'ok', msAgo = 0): ProbeResult => ({ url, verdict, reason: verdict, checkedAt: new Date(NOW - msAgo).toISOString() });

/** Counts the IndexedDB reads the cache makes (each one a round trip to the browser process in Chromium). */
function countingReads(store: InspectorStore): { db: InspectorStore; reads: () => number } {
  let reads = 0;
  const db = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'transaction') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: Parameters<InspectorStore['transaction']>) => {
        const tx = target.transaction(...args);
        const store = tx.store as unknown as { get(key: string): Promise<unknown> };
        const get = store.get.bind(store);
        store.get = (key: string) => {
          reads++;
          return get(key);
        };
        return tx;
      };
    },
  });
  return { db, reads: () => reads };
}

describe('the probe cache', () => {
  test('writes a page of results in one go once the probing pauses, and answers from memory meanwhile', async () => {
    db = await openStore(freshName());
    const cache = idbProbeCache(db, () => NOW, { flushAfterMs: 60_000 });
    await cache.put([r('https://a.gov.cn/'), r('https://b.gov.cn/', 'broken')]);
    await cache.put([r('https://c.gov.cn/')]);
    // Not written yet, but known.
    expect((await getLinkResults(db, ['https://a.gov.cn/'])).size).toBe(0);
    expect([...(await cache.get(['https://a.gov.cn/', 'https://b.gov.cn/', 'https://c.gov.cn/', 'https://d.gov.cn/'])).keys()]).toEqual([
      'https://a.gov.cn/',
      'https://b.gov.cn/',
      'https://c.gov.cn/',
    ]);
    await cache.flush();
    expect((await getLinkResults(db, ['https://a.gov.cn/', 'https://b.gov.cn/', 'https://c.gov.cn/'])).size).toBe(3);
  });

  test('writes at once when many results wait', async () => {
    db = await openStore(freshName());
    const cache = idbProbeCache(db, () => NOW, { flushAfterMs: 60_000, flushAt: 3 });
    await cache.put([r('https://a.gov.cn/'), r('https://b.gov.cn/'), r('https://c.gov.cn/')]);
    await cache.flush();
    expect((await getLinkResults(db, ['https://a.gov.cn/', 'https://b.gov.cn/', 'https://c.gov.cn/'])).size).toBe(3);
  });

  test('a new service worker finds what an earlier one stored, and asks IndexedDB only for URLs it holds', async () => {
    db = await openStore(freshName());
    await putLinkResults(db, [r('https://old.gov.cn/'), r('https://stale.gov.cn/', 'review', 3600_000)]);
    const counted = countingReads(db);
    const cache = idbProbeCache(counted.db, () => NOW);
    const fresh = Array.from({ length: 500 }, (_, i) => `https://new.gov.cn/${i}`);
    const got = await cache.get(['https://old.gov.cn/', 'https://stale.gov.cn/', ...fresh]);
    expect([...got.keys()]).toEqual(['https://old.gov.cn/']);
    expect(counted.reads()).toBe(2);
    // Read once, then remembered.
    await cache.get(['https://old.gov.cn/']);
    expect(counted.reads()).toBe(2);
  });

  test('a failing database loses only the cache, never a probe answer', async () => {
    const broken = Promise.reject(new Error('quota')) as Promise<InspectorStore>;
    broken.catch(() => undefined);
    const cache = idbProbeCache(broken, () => NOW);
    await cache.put([r('https://a.gov.cn/')]);
    await expect(cache.flush()).resolves.toBeUndefined();
    expect((await cache.get(['https://a.gov.cn/'])).size).toBe(1);
  });
});
