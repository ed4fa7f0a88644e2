import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db';
import { ApiError } from './errors';
import type { EvidenceInfo } from '../lib/sync/wire';
import { hasRole, type User } from './users';

export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

type Mime = EvidenceInfo['mime'];

/** The declared type must match the bytes: a file named .png that is HTML is refused. */
function sniff(data: Uint8Array): Mime | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => data[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  const ascii = (from: number, to: number) => Buffer.from(data.subarray(from, to)).toString('latin1');
  if (data.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

function info(row: { id: string; owner: string; mime: string; bytes: number; sha256: string; created_at: string }): EvidenceInfo {
  return { id: row.id, owner: row.owner, mime: row.mime as Mime, bytes: row.bytes, sha256: row.sha256, createdAt: row.created_at };
}

/**
 * PUT /api/evidence/:id. Evidence is immutable: the same bytes again is a no-op (a retried upload), other
 * bytes under an existing id are a 409.
 */
export async function putEvidence(
  db: Kysely<Database>,
  user: User,
  id: string,
  declared: Mime,
  data: Uint8Array,
  now = new Date(),
): Promise<{ created: boolean; info: EvidenceInfo }> {
  if (data.length === 0) throw new ApiError(400, 'empty-body', '截图内容为空 (empty image)');
  if (sniff(data) !== declared) {
    throw new ApiError(415, 'unsupported-media-type', `内容不是 ${declared} 图片 (the bytes are not ${declared})`);
  }
  const sha256 = createHash('sha256').update(data).digest('hex');
  const existing = await db.selectFrom('evidence').select(['id', 'owner', 'mime', 'bytes', 'sha256', 'created_at']).where('id', '=', id).executeTakeFirst();
  if (existing) return { created: false, info: info(sameEvidence(existing, user, sha256)) };
  const row = { id, owner: user.name, mime: declared, bytes: data.length, sha256, data: Buffer.from(data), created_at: now.toISOString() };
  const inserted = await db
    .insertInto('evidence')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { created: true, info: info(row) };
  // Another request stored this id in the meantime: judge against what it stored.
  const raced = await db.selectFrom('evidence').select(['id', 'owner', 'mime', 'bytes', 'sha256', 'created_at']).where('id', '=', id).executeTakeFirstOrThrow();
  return { created: false, info: info(sameEvidence(raced, user, sha256)) };
}

function sameEvidence<T extends { owner: string; sha256: string }>(existing: T, user: User, sha256: string): T {
  if (existing.owner !== user.name) throw new ApiError(403, 'not-owner', '该证据编号属于其他用户 (this evidence id belongs to another user)');
  if (existing.sha256 !== sha256) throw new ApiError(409, 'evidence-exists', '该证据编号已有不同的截图，证据不可修改 (evidence is immutable)');
  return existing;
}

/** GET /api/evidence/:id: the uploader, supervisors and admins may read it. */
export async function getEvidence(db: Kysely<Database>, user: User, id: string): Promise<{ mime: Mime; data: Buffer }> {
  const row = await db.selectFrom('evidence').select(['owner', 'mime', 'data']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError(404, 'not-found', `没有编号为 ${id} 的截图 (no such evidence)`);
  if (row.owner !== user.name && !hasRole(user, 'supervisor')) {
    throw new ApiError(403, 'forbidden', '只能查看自己上传的截图 (you may only read your own evidence)');
  }
  return { mime: row.mime as Mime, data: Buffer.from(row.data) };
}
