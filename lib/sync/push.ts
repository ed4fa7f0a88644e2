import type { Finding, OutboxEntry } from '../findings';
import { markFailed, oldestEntries, outboxEntry } from '../store/outbox';
import { getEvidence } from '../store/evidence';
import { writeTx, type InspectorStore } from '../store/db';
import type { PushResult, SyncApi } from './api';
import { SyncError } from './errors';
import { holdBack, type Held } from './held';
import { carryLocalEdit, inspectorSideDiffers, resolveConflict } from './merge';
import { withRetry, type RetryOptions } from './retry';

export const BATCH_SIZE = 500;
const MAX_SENDS_PER_RUN = 3;

export interface PushOptions {
  /** The pusher's user name on the server: the pushed copies carry it as `inspector`. */
  user: string;
  retry: RetryOptions;
  /** Time for re-queued entries (tests fix it). */
  now?: () => Date;
}

export interface PushReport {
  evidence: number;
  stored: number;
  conflicts: number;
  requeued: number;
  /** Records the server refused by name in this run: they wait in the outbox, marked (lib/sync/held.ts). */
  held: number;
  /** The server refused some records (400 naming them); the rest were sent. */
  refused?: SyncError;
}

/**
 * Screenshots first (a finding's screenshotId should name an image the server has), then findings, in
 * batches of at most 500, one batch at a time, each retried as a whole on network errors, 5xx and 429,
 * and split on 413 (one finding too large on its own waits, marked, like one the server refuses).
 * An entry leaves the outbox only when the server has acknowledged it and it was not queued again while
 * the batch was on the wire. Throws the first error that retrying did not cure; nothing is lost by that.
 */
export async function pushOutbox(db: InspectorStore, api: SyncApi, opts: PushOptions): Promise<PushReport> {
  const report: PushReport = { evidence: 0, stored: 0, conflicts: 0, requeued: 0, held: 0 };
  report.evidence = await pushEvidence(db, api, opts);
  // How often each entry went out in this run: one queued again (an edit during the send, a conflict
  // re-applied) goes once more, but a record that keeps coming back does not loop.
  const sends = new Map<string, number>();
  let exhausted = 0;
  // A 413 (the server's 10 MB, or a proxy's much smaller body limit) halves the batch until it passes;
  // each answered batch doubles it again, up to 500.
  let size = BATCH_SIZE;
  for (;;) {
    const batch = (await oldestEntries(db, 'finding', BATCH_SIZE + exhausted, true)).filter((e) => (sends.get(e.ref) ?? 0) < MAX_SENDS_PER_RUN).slice(0, size);
    if (!batch.length) return report;
    for (const e of batch) {
      const n = (sends.get(e.ref) ?? 0) + 1;
      sends.set(e.ref, n);
      if (n === MAX_SENDS_PER_RUN) exhausted++;
    }
    const rows = await readRows(db, batch);
    const missing = batch.filter((e) => !rows.has(e.id));
    if (missing.length) await dropEntries(db, missing);
    const entries = batch.filter((e) => rows.has(e.id));
    if (!entries.length) continue;
    const payload = entries.map((e) => ({ ...rows.get(e.id)!, inspector: opts.user }));
    let result: PushResult;
    try {
      result = await withRetry(() => api.pushFindings(payload), opts.retry);
    } catch (error) {
      if (error instanceof SyncError && error.status === 413 && entries.length > 1) {
        // Not sent: these entries go again, in smaller batches.
        for (const e of entries) {
          const n = sends.get(e.ref)!;
          if (n === MAX_SENDS_PER_RUN) exhausted--;
          sends.set(e.ref, n - 1);
        }
        size = Math.ceil(entries.length / 2);
        continue;
      }
      const tooLarge = error instanceof SyncError && error.status === 413;
      const bad = tooLarge ? new Set([0]) : refusedIndexes(error, entries.length);
      if (!bad.size) {
        await markFailed(db, entries, (error as Error).message);
        throw error;
      }
      // The server named the records it refuses (or one finding alone is too large): they wait (marked,
      // shown) and the rest go on. Too large may pass another day (a proxy's limit); a record the schema
      // refuses waits held until the inspector edits or drops it.
      const refused = entries.filter((_, i) => bad.has(i));
      if (tooLarge) await markFailed(db, refused, (error as Error).message);
      else {
        const message = (error as Error).message;
        await holdBack(db, refused, new Map(refused.map((e) => [e.ref, { ref: e.ref, code: 'invalid', message }])), (opts.now ?? (() => new Date()))());
        report.held += refused.length;
      }
      for (const e of refused) if ((sends.get(e.ref) ?? 0) < MAX_SENDS_PER_RUN) {
        sends.set(e.ref, MAX_SENDS_PER_RUN);
        exhausted++;
      }
      entries.forEach((e, i) => bad.has(i) || sends.set(e.ref, (sends.get(e.ref) ?? 1) - 1));
      report.refused ??= error as SyncError;
      continue;
    }
    size = Math.min(BATCH_SIZE, size * 2);
    const now = (opts.now ?? (() => new Date()))();
    const refusals = namedRefusals(result, payload);
    if (refusals.size) {
      await holdBack(db, entries, new Map([...refusals].map(([i, r]) => [entries[i].ref, { ...r, ref: entries[i].ref }])), now);
      report.held += refusals.size;
    }
    const taken = entries.filter((_, i) => !refusals.has(i));
    const applied = await applyPushResult(
      db,
      taken,
      payload.filter((_, i) => !refusals.has(i)),
      result,
      now,
    );
    report.stored += applied.stored;
    report.conflicts += applied.conflicts;
    report.requeued += applied.requeued;
  }
}

/**
 * The records a 200 answer refuses, by their place in the batch. A refusal that names no record of the
 * batch, or another id than the one at its place, is garbage: nothing of the answer is applied.
 */
function namedRefusals(result: PushResult, payload: readonly Finding[]): Map<number, Omit<Held, 'ref'>> {
  const out = new Map<number, Omit<Held, 'ref'>>();
  for (const r of result.refused ?? []) {
    const i = Number(/^findings\.(\d+)$/.exec(r.path)?.[1] ?? NaN);
    if (!(i < payload.length) || payload[i].id !== r.id) {
      throw new SyncError('garbage', `服务器回复的拒收记录 ${r.path}（${r.id}）不在本批中，本批未应用，稍后重试`);
    }
    out.set(i, { code: r.code, message: r.message });
  }
  return out;
}

/** Indexes of the batch a 400 `invalid` names (`findings.3.severity` → 3). */
function refusedIndexes(error: unknown, size: number): Set<number> {
  const out = new Set<number>();
  if (!(error instanceof SyncError) || error.kind !== 'rejected' || error.status !== 400) return out;
  for (const issue of error.extra.issues ?? []) {
    const m = /^findings\.(\d+)(\.|$)/.exec(issue.path);
    if (m && Number(m[1]) < size) out.add(Number(m[1]));
  }
  return out;
}

async function readRows(db: InspectorStore, entries: readonly OutboxEntry[]): Promise<Map<string, Finding>> {
  const tx = db.transaction('findings');
  const rows = await Promise.all(entries.map((e) => tx.store.get(e.id)));
  await tx.done;
  const out = new Map<string, Finding>();
  for (const row of rows) if (row) out.set(row.id, row);
  return out;
}

/** Entries whose record is gone (a deleted session): nothing left to send. */
async function dropEntries(db: InspectorStore, entries: readonly OutboxEntry[]): Promise<void> {
  const tx = db.transaction('outbox', 'readwrite');
  await Promise.all([...entries.map((e) => tx.store.delete(e.ref)), tx.done]);
}

async function pushEvidence(db: InspectorStore, api: SyncApi, opts: PushOptions): Promise<number> {
  let uploaded = 0;
  const tried = new Set<string>();
  for (;;) {
    const entries = (await oldestEntries(db, 'evidence', 20 + tried.size)).filter((e) => !tried.has(e.ref));
    if (!entries.length) return uploaded;
    for (const entry of entries) {
      tried.add(entry.ref);
      const record = await getEvidence(db, entry.id);
      if (record) {
        try {
          await withRetry(() => api.putEvidence(record.id, record.mime, record.data), opts.retry);
        } catch (error) {
          await markFailed(db, [entry], (error as Error).message);
          // A refused image (too big, wrong type) must not hold back the findings; an outage ends the run.
          if (error instanceof SyncError && (error.kind === 'rejected' || error.kind === 'forbidden')) continue;
          throw error;
        }
        uploaded++;
      }
      await acknowledgeOne(db, entry);
    }
  }
}

async function acknowledgeOne(db: InspectorStore, sent: OutboxEntry): Promise<void> {
  const tx = db.transaction('outbox', 'readwrite');
  const now = await tx.store.get(sent.ref);
  if (now && now.queuedAt === sent.queuedAt) await tx.store.delete(sent.ref);
  await tx.done;
}

/**
 * Apply a push response in one transaction with the outbox: each local copy becomes the server's row (a
 * conflict's row with the local edit re-applied when it still should be, a copy edited while the batch
 * was in flight keeps that edit), and its entry goes, is kept, or is queued again.
 */
export async function applyPushResult(
  db: InspectorStore,
  entries: readonly OutboxEntry[],
  payload: readonly Finding[],
  result: PushResult,
  now: Date,
): Promise<{ stored: number; conflicts: number; requeued: number }> {
  const stored = new Map(result.stored.map((f) => [f.id, f]));
  const conflicts = new Map(result.conflicts.map((c) => [c.finding.id, c]));
  for (const f of payload) {
    // As applied below: a conflict's row, else the stored row. A stored row is at least the version the
    // edit was based on, and no server row is ever version 0 (the first store makes it 1): anything older
    // is an echo or a stand-in, not an acknowledgement.
    const conflict = conflicts.get(f.id);
    const version = conflict ? conflict.finding.version : stored.get(f.id)?.version;
    if (version === undefined) throw new SyncError('garbage', `服务器的回复缺少已提交的记录 ${f.id}，本批未应用，稍后重试`);
    const least = conflict ? 1 : Math.max(1, f.version);
    if (version < least) {
      throw new SyncError('garbage', `服务器回复的记录 ${f.id} 版本号为 ${version}，不像服务器保存的结果（提交的版本为 ${f.version}，回复中至少应为 ${least}）；本批未应用，稍后重试`);
    }
  }
  const out = { stored: 0, conflicts: 0, requeued: 0 };
  const time = now.toISOString();
  await writeTx(db, ['findings', 'outbox'], async (tx) => {
    const findings = tx.objectStore('findings');
    const outbox = tx.objectStore('outbox');
    await Promise.all(
      entries.map(async (sent, i) => {
        const [local, entryNow] = await Promise.all([findings.get(sent.id), outbox.get(sent.ref)]);
        const editedInFlight = !!entryNow && entryNow.queuedAt !== sent.queuedAt;
        const base = local ?? payload[i];
        const conflict = conflicts.get(sent.id);
        let row: Finding;
        let requeue = false;
        if (conflict) {
          out.conflicts++;
          ({ row, requeue } = resolveConflict(base, conflict));
        } else {
          out.stored++;
          const server = stored.get(sent.id)!;
          row = editedInFlight ? carryLocalEdit(base, server) : { ...server, ...(base.sessionId && !server.sessionId ? { sessionId: base.sessionId } : {}) };
          requeue = editedInFlight && inspectorSideDiffers(row, server);
        }
        if (local) await findings.put(row);
        if (editedInFlight) return;
        if (requeue && local) {
          out.requeued++;
          await outbox.put(outboxEntry('finding', sent.id, time));
        } else if (entryNow) await outbox.delete(sent.ref);
      }),
    );
  });
  return out;
}
