import type { Kysely, Transaction } from 'kysely';
import type { Finding } from '../lib/findings';
import type { Database, FindingsTable } from './db';
import { ApiError } from './errors';
import { inspectorEdit, isInspectorStatus, reviewEdit, type InspectorStatus, type Outcome, type ReviewStatus, type StoredState } from './merge';
import type { Conflict, PullQuery, PushResponse, Refusal, ReviewItem, ReviewResponse } from '../lib/sync/wire';
import { hasRole, type User } from './users';

function toState(row: FindingsTable): StoredState {
  return {
    finding: JSON.parse(row.data) as Finding,
    owner: row.inspector,
    inspectorStatus: row.inspector_status as InspectorStatus,
    reviewStatus: row.review_status as ReviewStatus | null,
    inspectorRev: row.inspector_rev,
    reviewRev: row.review_rev,
  };
}

/** The row for a stored state; also used by bench/server.ts to bulk-load rows exactly as pushes store them. */
export function toRow(s: StoredState, seq: number, storedAt: string): FindingsTable {
  const f = s.finding;
  return {
    id: f.id,
    inspector: s.owner,
    site: f.site,
    rule: f.rule,
    severity: f.severity,
    status: f.status,
    inspector_status: s.inspectorStatus,
    review_status: s.reviewStatus,
    created_ms: Date.parse(f.createdAt),
    version: f.version,
    inspector_rev: s.inspectorRev,
    review_rev: s.reviewRev,
    seq,
    stored_at: storedAt,
    data: JSON.stringify(f),
  };
}

/**
 * Takes the counter row's lock for the rest of the transaction and returns the last sequence number.
 * Every writer takes it first, so writers run one at a time and sequence numbers become visible in the
 * order they were assigned: a pull that has seen seq n can never later meet a newly committed row below n.
 */
async function lockCounter(trx: Transaction<Database>): Promise<number> {
  const row = await trx
    .updateTable('sync_counter')
    .set((eb) => ({ seq: eb.ref('seq') }))
    .where('id', '=', 1)
    .returning('seq')
    .executeTakeFirstOrThrow();
  return Number(row.seq);
}

async function loadStates(trx: Transaction<Database>, ids: string[]): Promise<Map<string, StoredState>> {
  if (!ids.length) return new Map();
  const rows = await trx.selectFrom('findings').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, toState(r)]));
}

/** Stores the written outcomes with fresh sequence numbers and moves the counter past them. */
async function writeOutcomes(trx: Transaction<Database>, lastSeq: number, outcomes: Outcome[], now: string): Promise<void> {
  const writes = outcomes.filter((o) => o.kind === 'write');
  if (writes.length === 0) return;
  const rows = writes.map((o, i) => toRow(o.state, lastSeq + 1 + i, now));
  await trx
    .insertInto('findings')
    .values(rows)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        site: eb.ref('excluded.site'),
        rule: eb.ref('excluded.rule'),
        severity: eb.ref('excluded.severity'),
        status: eb.ref('excluded.status'),
        inspector_status: eb.ref('excluded.inspector_status'),
        review_status: eb.ref('excluded.review_status'),
        created_ms: eb.ref('excluded.created_ms'),
        version: eb.ref('excluded.version'),
        inspector_rev: eb.ref('excluded.inspector_rev'),
        review_rev: eb.ref('excluded.review_rev'),
        seq: eb.ref('excluded.seq'),
        stored_at: eb.ref('excluded.stored_at'),
        data: eb.ref('excluded.data'),
      })),
    )
    .execute();
  await trx.updateTable('sync_counter').set({ seq: lastSeq + writes.length }).where('id', '=', 1).execute();
}

function respond(outcomes: Outcome[]): ReviewResponse {
  const stored: Finding[] = [];
  const conflicts: Conflict[] = [];
  for (const o of outcomes) {
    if (o.kind === 'conflict') conflicts.push({ reason: o.reason, finding: o.state.finding });
    else stored.push(o.state.finding);
  }
  return { stored, conflicts };
}

function rejectDuplicates(ids: string[], where: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new ApiError(400, 'duplicate-id', `同一批次中编号 ${id} 出现多次 (id ${id} appears twice in ${where})`);
    seen.add(id);
  }
}

/**
 * PUT /api/findings, in one transaction. A finding the server will not take (another inspector's, a new one
 * that already claims a review, an id repeated in the batch) is named in `refused` with its place and
 * reason; the rest of the batch is stored. Refusing the whole batch for one record held back every record
 * queued behind it, on every retry, for good.
 */
export async function pushFindings(db: Kysely<Database>, user: User, findings: Finding[], now = new Date()): Promise<PushResponse> {
  const refusals = new Map<number, Refusal>();
  const refuse = (i: number, code: Refusal['code'], message: string) => refusals.set(i, { path: `findings.${i}`, id: findings[i].id, code, message });
  const seen = new Set<string>();
  findings.forEach((f, i) => {
    if (seen.has(f.id)) refuse(i, 'duplicate-id', `同一批次中编号 ${f.id} 出现多次，只保存了第一条 (id ${f.id} appears more than once in this batch; the first one was taken)`);
    else if (f.inspector !== undefined && f.inspector !== user.name) {
      refuse(i, 'not-owner', `只能提交自己的问题记录：${f.id} 写明属于 ${f.inspector} (you may only push your own findings)`);
    }
    seen.add(f.id);
  });
  const storedAt = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const lastSeq = await lockCounter(trx);
    const states = await loadStates(
      trx,
      findings.filter((_, i) => !refusals.has(i)).map((f) => f.id),
    );
    const outcomes: Outcome[] = [];
    findings.forEach((f, i) => {
      if (refusals.has(i)) return;
      const server = states.get(f.id);
      if (server && server.owner !== user.name) {
        refuse(i, 'not-owner', `问题记录 ${f.id} 属于其他检查员 (finding ${f.id} belongs to another inspector)`);
      } else if (!server && !isInspectorStatus(f.status)) {
        refuse(i, 'invalid-status', `新记录 ${f.id} 的状态只能是 open、confirmed 或 dismissed，不能是 ${f.status} (a new finding cannot be ${f.status})`);
      } else outcomes.push(inspectorEdit(server, f, user.name));
    });
    await writeOutcomes(trx, lastSeq, outcomes, storedAt);
    return {
      ...respond(outcomes),
      refused: [...refusals.entries()].sort(([a], [b]) => a - b).map(([, r]) => r),
    };
  });
}

/** POST /api/reviews: every id must exist; the batch is applied in one transaction. */
export async function applyReviews(db: Kysely<Database>, user: User, reviews: ReviewItem[], now = new Date()): Promise<ReviewResponse> {
  rejectDuplicates(
    reviews.map((r) => r.id),
    'reviews',
  );
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const lastSeq = await lockCounter(trx);
    const states = await loadStates(
      trx,
      reviews.map((r) => r.id),
    );
    const missing = reviews.filter((r) => !states.has(r.id)).map((r) => r.id);
    if (missing.length) throw new ApiError(404, 'not-found', `找不到问题记录 (no such finding): ${missing.join(', ')}`);
    const outcomes = reviews.map((r) => reviewEdit(states.get(r.id)!, r, user.name, at));
    await writeOutcomes(trx, lastSeq, outcomes, at);
    return respond(outcomes);
  });
}

/**
 * The pull checkpoint: the last change sequence the client has seen. Sequence numbers are unique per
 * change, so rows stored in the same instant (one batch shares one timestamp) still have a strict order
 * and need no id tie-break. Opaque to clients: only ever sent back as `since`.
 */
export function encodeCheckpoint(seq: number): string {
  return Buffer.from(`gsi1:${seq}`, 'utf8').toString('base64url');
}

export function decodeCheckpoint(s: string | undefined): number {
  if (s === undefined || s === '') return 0;
  const m = /^gsi1:(\d{1,15})$/.exec(Buffer.from(s, 'base64url').toString('utf8'));
  if (!m) throw new ApiError(400, 'invalid-checkpoint', 'since 不是本服务器给出的检查点 (since is not a checkpoint from this server)');
  return Number(m[1]);
}

/**
 * A checkpoint beyond anything this database has stored comes from another database (a reset or a restored
 * backup): waiting on it would silently never deliver a row, so the client is told to pull from the start.
 */
async function rejectCheckpointAhead(db: Kysely<Database>, since: number): Promise<void> {
  const { seq } = await db.selectFrom('sync_counter').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
  if (since > Number(seq)) {
    throw new ApiError(409, 'checkpoint-ahead', '检查点超出服务器的数据（服务器可能已重置），请从头拉取 (checkpoint is ahead of this server; pull from the start)');
  }
}

/** GET /api/findings: changes after `since` in the order they were stored. Inspectors see only their own. */
export async function pullFindings(db: Kysely<Database>, user: User, q: PullQuery): Promise<{ findings: Finding[]; next: string }> {
  let inspectors = q.inspector;
  if (!hasRole(user, 'supervisor')) {
    if (inspectors.some((name) => name !== user.name)) {
      throw new ApiError(403, 'forbidden', '检查员只能查看自己的问题记录 (inspectors see only their own findings)');
    }
    inspectors = [user.name];
  }
  const since = decodeCheckpoint(q.since);
  let query = db.selectFrom('findings').select(['seq', 'data']).where('seq', '>', since);
  const filters = [
    ['site', q.site],
    ['rule', q.rule],
    ['severity', q.severity],
    ['status', q.status],
    ['inspector', inspectors],
  ] as const;
  for (const [column, values] of filters) {
    // One value as `=`: both planners then treat the column as an equality prefix of its index.
    if (values.length === 1) query = query.where(column, '=', values[0]);
    else if (values.length > 1) query = query.where(column, 'in', values);
  }
  if (q.from !== undefined) query = query.where('created_ms', '>=', q.from);
  if (q.to !== undefined) query = query.where('created_ms', '<', q.to);
  const rows = await query.orderBy('seq').limit(q.limit).execute();
  if (rows.length === 0 && since > 0) await rejectCheckpointAhead(db, since);
  const last = rows.length ? Number(rows[rows.length - 1].seq) : since;
  return { findings: rows.map((r) => JSON.parse(r.data) as Finding), next: encodeCheckpoint(last) };
}
