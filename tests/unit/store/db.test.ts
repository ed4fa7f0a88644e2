import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test } from 'vitest';
import { DB_VERSION, getLinkResults, openStore, pruneLinkResults, putLinkResults, type InspectorStore } from '@/lib/store/db';
import { MAX_AGE_MS, idbProbeCache, isFresh, pruneProbeCache } from '@/lib/links/cache';
import type { ProbeResult } from '@/lib/links/types';

let db: InspectorStore | undefined;
let n = 0;
const freshName = () => `gsi-test-${++n}`;
afterEach(() => db?.close());

const NOW = Date.parse('2025-06-30T12:00:00Z');
const at = (msAgo: number) => new Date(NOW - msAgo).toISOString();
const r = (url: string, verdict: ProbeResult['verdict'], msAgo: number): ProbeResult => ({ url, verdict, reason: verdict, checkedAt: at(msAgo) });

describe('store', () => {
  test('a new database has the link results store, keyed by URL, indexed by check time', async () => {
    db = await openStore(freshName());
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames]).toContain('linkResults');
    const tx = db.transaction('linkResults');
    expect(tx.store.keyPath).toBe('url');
    expect([...tx.store.indexNames]).toEqual(['by-checkedAt']);
  });

  test('results are stored and read back by URL; a URL stored twice keeps the latest', async () => {
    db = await openStore(freshName());
    await putLinkResults(db, [r('https://a.gov.cn/', 'ok', 0), r('https://b.gov.cn/', 'broken', 0)]);
    await putLinkResults(db, [{ ...r('https://a.gov.cn/', 'broken', 0), status: 404 }]);
    const got = await getLinkResults(db, ['https://a.gov.cn/', 'https://b.gov.cn/', 'https://missing.gov.cn/']);
    expect([...got.keys()]).toEqual(['https://a.gov.cn/', 'https://b.gov.cn/']);
    expect(got.get('https://a.gov.cn/')).toMatchObject({ verdict: 'broken', status: 404 });
  });

  test('data survives closing and reopening', async () => {
    const name = freshName();
    db = await openStore(name);
    await putLinkResults(db, [r('https://a.gov.cn/', 'ok', 0)]);
    db.close();
    db = await openStore(name);
    expect((await getLinkResults(db, ['https://a.gov.cn/'])).size).toBe(1);
  });

  test('prune deletes only what was checked before the cut-off', async () => {
    db = await openStore(freshName());
    await putLinkResults(db, [r('https://old.gov.cn/', 'ok', 3 * 86_400_000), r('https://new.gov.cn/', 'ok', 1000)]);
    expect(await pruneLinkResults(db, at(86_400_000))).toBe(1);
    expect([...(await getLinkResults(db, ['https://old.gov.cn/', 'https://new.gov.cn/'])).keys()]).toEqual(['https://new.gov.cn/']);
  });
});

describe('probe cache', () => {
  test('how long each verdict is trusted', () => {
    expect(isFresh(r('u', 'ok', MAX_AGE_MS.ok - 1), NOW)).toBe(true);
    expect(isFresh(r('u', 'ok', MAX_AGE_MS.ok + 1), NOW)).toBe(false);
    expect(isFresh(r('u', 'broken', 2 * 3600_000), NOW)).toBe(false);
    expect(isFresh(r('u', 'broken', 30 * 60_000), NOW)).toBe(true);
    expect(isFresh(r('u', 'review', 11 * 60_000), NOW)).toBe(false);
    expect(isFresh(r('u', 'review', 9 * 60_000), NOW)).toBe(true);
    // A result stamped in the future (clock changed) is not trusted.
    expect(isFresh(r('u', 'ok', -60_000), NOW)).toBe(false);
  });

  test('stale entries read as missing, fresh ones are returned', async () => {
    db = await openStore(freshName());
    const cache = idbProbeCache(db, () => NOW);
    await cache.put([r('https://ok.gov.cn/', 'ok', 3600_000), r('https://review.gov.cn/', 'review', 3600_000), r('https://broken.gov.cn/', 'broken', 60_000)]);
    const got = await cache.get(['https://ok.gov.cn/', 'https://review.gov.cn/', 'https://broken.gov.cn/']);
    expect([...got.keys()].sort()).toEqual(['https://broken.gov.cn/', 'https://ok.gov.cn/']);
  });

  test('the cache accepts the database while it is still opening', async () => {
    const cache = idbProbeCache(openStore(freshName()), () => NOW);
    await cache.put([r('https://a.gov.cn/', 'ok', 0)]);
    expect((await cache.get(['https://a.gov.cn/'])).size).toBe(1);
  });

  test('pruning the cache drops only what no verdict would still trust', async () => {
    db = await openStore(freshName());
    await putLinkResults(db, [r('https://a.gov.cn/', 'review', 2 * 3600_000), r('https://b.gov.cn/', 'ok', 25 * 3600_000)]);
    expect(await pruneProbeCache(db, NOW)).toBe(1);
    expect([...(await getLinkResults(db, ['https://a.gov.cn/', 'https://b.gov.cn/'])).keys()]).toEqual(['https://a.gov.cn/']);
  });
});
