import { z } from 'zod';
import type { InspectorStore } from './db';

/**
 * One record waiting to be sent to the sync endpoint. The entry names the record; the record itself is
 * read when the batch is built, so several edits of one finding before a sync send it once, as it is then.
 */
export const OutboxEntry = z.object({
  /** `finding:<id>` or `evidence:<id>`. */
  ref: z.string(),
  kind: z.enum(['finding', 'evidence']),
  id: z.string(),
  /** When it was (last) queued: batches go oldest first. */
  queuedAt: z.string(),
  /** Failed sends so far, and the last failure in words, for the popup. */
  attempts: z.number().int().nonnegative(),
  lastError: z.string().optional(),
  /**
   * The server refused this record by name (lib/sync/held.ts): it is not sent again until the inspector
   * edits it or decides (copy as their own, or drop the edit), so it never holds back the rest.
   */
  held: z.object({ code: z.string(), message: z.string(), at: z.string() }).optional(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

export function outboxEntry(kind: OutboxEntry['kind'], id: string, now = new Date().toISOString()): OutboxEntry {
  return { ref: `${kind}:${id}`, kind, id, queuedAt: now, attempts: 0 };
}

/** Queue records on the outbox store of the transaction that writes them, so a record and its entry land together. */
export function queueIn(store: { put(entry: OutboxEntry): Promise<unknown> }, kind: OutboxEntry['kind'], ids: readonly string[], now?: string): Promise<unknown>[] {
  return ids.map((id) => store.put(outboxEntry(kind, id, now)));
}

export async function pendingCount(db: InspectorStore): Promise<number> {
  return db.count('outbox');
}

/** The oldest `limit` entries of one kind (`skipHeld`: leaving out those the server refused and that wait on the inspector). */
export async function oldestEntries(db: InspectorStore, kind: OutboxEntry['kind'], limit: number, skipHeld = false): Promise<OutboxEntry[]> {
  const out: OutboxEntry[] = [];
  const tx = db.transaction('outbox');
  for (let cursor = await tx.store.index('by-queuedAt').openCursor(); cursor && out.length < limit; cursor = await cursor.continue()) {
    if (cursor.value.kind === kind && !(skipHeld && cursor.value.held)) out.push(cursor.value);
  }
  await tx.done;
  return out;
}

/**
 * Drop entries that were sent, unless they were queued again after `sentQueuedAt` (an edit made while the
 * batch was on the wire must still go).
 */
export async function acknowledge(db: InspectorStore, entries: readonly OutboxEntry[]): Promise<void> {
  const tx = db.transaction('outbox', 'readwrite');
  await Promise.all(
    entries.map(async (sent) => {
      const now = await tx.store.get(sent.ref);
      if (now && now.queuedAt === sent.queuedAt) await tx.store.delete(sent.ref);
    }),
  );
  await tx.done;
}

/** Record a failed attempt on entries still waiting. */
export async function markFailed(db: InspectorStore, entries: readonly OutboxEntry[], error: string): Promise<void> {
  const tx = db.transaction('outbox', 'readwrite');
  await Promise.all(
    entries.map(async (sent) => {
      const now = await tx.store.get(sent.ref);
      if (now) await tx.store.put({ ...now, attempts: now.attempts + 1, lastError: error.slice(0, 500) });
    }),
  );
  await tx.done;
}
