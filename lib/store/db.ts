import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { guardWrite } from './health';
import type { ProbeResult } from '../links/types';
import type { Evidence, Finding, OutboxEntry, ScannedPage, Session } from '../findings';
import type { Account } from '../accounts/account';

export const DB_NAME = 'gov-site-inspector';

/** An evidence record with its image bytes (an ArrayBuffer: cloned the same by every IndexedDB). */
export type EvidenceRecord = Evidence & { data: ArrayBuffer };

/** Keys of the `meta` store: small values the extension keeps beside its records. */
export type MetaKey = 'activeSessionId' | 'syncCheckpoint' | 'syncStatus';

/**
 * The extension's one IndexedDB schema. Each version adds its stores in `upgrade`, in order, so a
 * profile at any older version walks up step by step and keeps every record it had.
 *
 * - v1: `linkResults` (the link prober's cache).
 * - v2: `sessions`, `findings`, `pages`, `evidence`, `outbox`, `meta`.
 * - v3: `accounts` (a session's new-media account registry, lib/accounts).
 */
export interface InspectorDB extends DBSchema {
  /** Prober results by absolute URL: the link cache, aged out by `checkedAt`. */
  linkResults: {
    key: string;
    value: ProbeResult;
    indexes: { 'by-checkedAt': string };
  };
  sessions: {
    key: string;
    value: Session;
    indexes: { 'by-updatedAt': string };
  };
  /** Findings by id. A finding's (sessionId, key) is unique: a rescan merges into the same record. */
  findings: {
    key: string;
    value: Finding;
    indexes: {
      'by-session-key': [string, string];
      'by-session-page': [string, string];
      'by-session-site': [string, string];
      'by-session': string;
    };
  };
  /** Pages scanned per session, keyed by [sessionId, pageUrl]. */
  pages: {
    key: [string, string];
    value: ScannedPage;
    indexes: { 'by-session-site': [string, string] };
  };
  /** Screenshots (截图取证) with their metadata. */
  evidence: {
    key: string;
    value: EvidenceRecord;
    indexes: { 'by-session': string };
  };
  /** What sync still has to send, by `ref` (`finding:<id>` / `evidence:<id>`): queuing twice is one entry. */
  outbox: {
    key: string;
    value: OutboxEntry;
    indexes: { 'by-queuedAt': string };
  };
  meta: {
    key: MetaKey;
    value: unknown;
  };
  /** New-media accounts of a session's registry list, with their verdicts (lib/accounts/store.ts). */
  accounts: {
    key: string;
    value: Account;
    indexes: { 'by-session': string };
  };
}

export const DB_VERSION = 3;

export type InspectorStore = IDBPDatabase<InspectorDB>;

export function openStore(name = DB_NAME): Promise<InspectorStore> {
  return openDB<InspectorDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const links = db.createObjectStore('linkResults', { keyPath: 'url' });
        links.createIndex('by-checkedAt', 'checkedAt');
      }
      if (oldVersion < 2) {
        db.createObjectStore('sessions', { keyPath: 'id' }).createIndex('by-updatedAt', 'updatedAt');
        const findings = db.createObjectStore('findings', { keyPath: 'id' });
        findings.createIndex('by-session-key', ['sessionId', 'key'], { unique: true });
        findings.createIndex('by-session-page', ['sessionId', 'pageUrl']);
        findings.createIndex('by-session-site', ['sessionId', 'site']);
        findings.createIndex('by-session', 'sessionId');
        db.createObjectStore('pages', { keyPath: ['sessionId', 'pageUrl'] }).createIndex('by-session-site', ['sessionId', 'site']);
        db.createObjectStore('evidence', { keyPath: 'id' }).createIndex('by-session', 'sessionId');
        db.createObjectStore('outbox', { keyPath: 'ref' }).createIndex('by-queuedAt', 'queuedAt');
        db.createObjectStore('meta');
      }
      if (oldVersion < 3) {
        db.createObjectStore('accounts', { keyPath: 'id' }).createIndex('by-session', 'sessionId');
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

export async function getMeta<T>(db: InspectorStore, key: MetaKey): Promise<T | undefined> {
  return (await db.get('meta', key)) as T | undefined;
}

export async function setMeta(db: InspectorStore, key: MetaKey, value: unknown): Promise<void> {
  await db.put('meta', value, key);
}

export type WriteTx<N extends StoreNames<InspectorDB>[]> = IDBPTransaction<InspectorDB, N, 'readwrite'>;

/**
 * One all-or-nothing write: `body` issues its requests on `tx`; if anything fails (a quota error, a bad
 * record) the transaction is aborted so no part of it lands, and a full disk becomes a StoreFullError.
 */
export function writeTx<N extends StoreNames<InspectorDB>[], T>(db: InspectorStore, names: N, body: (tx: WriteTx<N>) => Promise<T>): Promise<T> {
  return guardWrite(async () => {
    const tx = db.transaction(names, 'readwrite');
    try {
      const out = await body(tx);
      await tx.done;
      return out;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // already finished or aborting
      }
      await tx.done.catch(() => undefined);
      throw error;
    }
  });
}
