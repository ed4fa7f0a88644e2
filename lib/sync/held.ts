import type { Finding, FindingStatus, OutboxEntry } from '../findings';
import { outboxEntry } from '../store/outbox';
import { writeTx, type InspectorStore } from '../store/db';
import { newId } from '../uuid';

/**
 * Records the server refused by name (a colleague's finding edited here, a new finding that already
 * carries a review, a record its schema refuses). They stay in the outbox, marked, and are not sent
 * again until the inspector edits them or decides what to do: make a copy as their own finding, or
 * drop the local edit. Everything else syncs on.
 */

export interface Held {
  ref: string;
  code: string;
  message: string;
}

export interface HeldRecord {
  ref: string;
  id: string;
  /** not-owner, invalid-status, duplicate-id (the server's refusals) or invalid (its schema). */
  code: string;
  /** The server's own words. */
  message: string;
  at: string;
  label: string;
  pageUrl: string;
  rule: string;
}

/** Marks entries as refused; an entry queued again since it was sent (edited meanwhile) is left to go next run. */
export async function holdBack(db: InspectorStore, sent: readonly OutboxEntry[], reasons: ReadonlyMap<string, Held>, now = new Date()): Promise<void> {
  const at = now.toISOString();
  await writeTx(db, ['outbox'], async (tx) => {
    const outbox = tx.objectStore('outbox');
    await Promise.all(
      sent.map(async (e) => {
        const reason = reasons.get(e.ref);
        const current = await outbox.get(e.ref);
        if (!reason || !current || current.queuedAt !== e.queuedAt) return;
        await outbox.put({
          ...current,
          attempts: current.attempts + 1,
          lastError: reason.message.slice(0, 500),
          held: { code: reason.code.slice(0, 50), message: reason.message.slice(0, 500), at },
        });
      }),
    );
  });
}

/** Every held finding with what the popup shows of it, oldest first. */
export async function heldRecords(db: InspectorStore): Promise<HeldRecord[]> {
  const tx = db.transaction(['outbox', 'findings']);
  const entries = (await tx.objectStore('outbox').index('by-queuedAt').getAll()).filter((e) => e.kind === 'finding' && e.held);
  const rows = await Promise.all(entries.map((e) => tx.objectStore('findings').get(e.id)));
  await tx.done;
  return entries.map((e, i) => ({
    ref: e.ref,
    id: e.id,
    code: e.held!.code,
    message: e.held!.message,
    at: e.held!.at,
    label: rows[i]?.label ?? '',
    pageUrl: rows[i]?.pageUrl ?? '',
    rule: rows[i]?.rule ?? '',
  }));
}

/** What the inspector's side says a supervisor's verdict amounted to. */
export function inspectorStatusOf(status: FindingStatus): Extract<FindingStatus, 'open' | 'confirmed' | 'dismissed'> {
  if (status === 'accepted') return 'confirmed';
  if (status === 'rejected') return 'dismissed';
  return status;
}

/**
 * The finding as a new record of this inspector: a fresh id, never on the server (version 0), no owner or
 * review, the inspector's status; content, note and screenshot kept.
 */
export function ownCopy(f: Finding, now: Date): Finding {
  const { reviewer: _r, reviewComment: _c, reviewedAt: _a, inspector: _i, ...rest } = f;
  return { ...rest, id: newId(), status: inspectorStatusOf(f.status), version: 0, updatedAt: now.toISOString() };
}

/**
 * The held finding becomes the inspector's own: the copy takes its place in the session (same key, so a
 * rescan still merges into it) and is queued; the refused record and its entry go. Returns the copy, or
 * null when the record is no longer held.
 */
export async function copyHeldAsOwn(db: InspectorStore, ref: string, now = new Date()): Promise<Finding | null> {
  return writeTx(db, ['outbox', 'findings', 'evidence'], async (tx) => {
    const outbox = tx.objectStore('outbox');
    const findings = tx.objectStore('findings');
    const entry = await outbox.get(ref);
    if (!entry?.held || entry.kind !== 'finding') return null;
    const original = await findings.get(entry.id);
    if (!original) {
      await outbox.delete(ref);
      return null;
    }
    const copy = ownCopy(original, now);
    await findings.delete(original.id);
    await findings.put(copy);
    if (copy.screenshotId) {
      const shot = await tx.objectStore('evidence').get(copy.screenshotId);
      if (shot?.findingIds.includes(original.id)) {
        await tx.objectStore('evidence').put({ ...shot, findingIds: shot.findingIds.map((id) => (id === original.id ? copy.id : id)) });
      }
    }
    await outbox.delete(ref);
    await outbox.put(outboxEntry('finding', copy.id, now.toISOString()));
    return copy;
  });
}

/**
 * The local edit is not sent: the entry leaves the outbox, the record stays on this computer as it is
 * (the server holds no copy of it for this inspector to go back to). Editing it again queues it again.
 */
export async function dropHeld(db: InspectorStore, ref: string): Promise<boolean> {
  return writeTx(db, ['outbox'], async (tx) => {
    const entry = await tx.objectStore('outbox').get(ref);
    if (!entry?.held) return false;
    await tx.objectStore('outbox').delete(ref);
    return true;
  });
}
