import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ProbeResult } from './links/types';

export const DB_NAME = 'gov-site-inspector';

/**
 * The extension's one IndexedDB schema. Each version adds its stores in `upgrade`, in order, so a
 * profile at any older version walks up step by step (sessions, findings, evidence and the sync outbox
 * arrive as later versions).
 */
export interface InspectorDB extends DBSchema {
  /** Prober results by absolute URL: the link cache, aged out by `checkedAt`. */
  linkResults: {
    key: string;
    value: ProbeResult;
    indexes: { 'by-checkedAt': string };
  };
}

export const DB_VERSION = 1;

export type InspectorStore = IDBPDatabase<InspectorDB>;

export function openStore(name = DB_NAME): Promise<InspectorStore> {
  return openDB<InspectorDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const links = db.createObjectStore('linkResults', { keyPath: 'url' });
        links.createIndex('by-checkedAt', 'checkedAt');
      }
    },
  });
}

/** Cached results for `urls`, in one transaction; absent URLs are left out. */
export async function getLinkResults(db: InspectorStore, urls: readonly string[]): Promise<Map<string, ProbeResult>> {
  const tx = db.transaction('linkResults');
  const found = await Promise.all(urls.map((url) => tx.store.get(url)));
  await tx.done;
  const out = new Map<string, ProbeResult>();
  for (const result of found) if (result) out.set(result.url, result);
  return out;
}

export async function putLinkResults(db: InspectorStore, results: readonly ProbeResult[]): Promise<void> {
  if (results.length === 0) return;
  const tx = db.transaction('linkResults', 'readwrite');
  await Promise.all([...results.map((r) => tx.store.put(r)), tx.done]);
}

/** Delete results checked before `before` (ISO time); returns how many went. */
export async function pruneLinkResults(db: InspectorStore, before: string): Promise<number> {
  const tx = db.transaction('linkResults', 'readwrite');
  let removed = 0;
  for (let cursor = await tx.store.index('by-checkedAt').openCursor(IDBKeyRange.upperBound(before, true)); cursor; cursor = await cursor.continue()) {
    await cursor.delete();
    removed++;
  }
  await tx.done;
  return removed;
}
