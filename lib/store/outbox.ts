import type { OutboxEntry } from '../findings';
import type { InspectorStore } from './db';

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
