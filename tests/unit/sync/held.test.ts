import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { openStore, type InspectorStore } from '@/lib/store/db';
import { createSession } from '@/lib/store/sessions';
import { editFindings, findingsOfSession, getFindings, recordScan } from '@/lib/store/recording';
import { oldestEntries, pendingCount } from '@/lib/store/outbox';
import { runSync } from '@/lib/sync/run';
import { copyHeldAsOwn, dropHeld, heldRecords } from '@/lib/sync/held';
import type { Finding } from '@/lib/findings';
import { makeFinding } from '../../factories';
import { FakeServer } from './fake-server';

let db: InspectorStore;
let server: FakeServer;
let n = 0;
const settings = { endpoint: 'http://sync.test', token: 'good-token' };
const NOT_OWNER = { code: 'not-owner', message: '问题记录属于其他检查员 (finding belongs to another inspector)' };

beforeEach(async () => {
  fakeBrowser.reset();
  db = await openStore(`gsi-held-${++n}`);
  server = new FakeServer();
});
afterEach(() => db.close());

const sync = () => runSync({ db, settings, fetch: server.fetch, sleep: async () => undefined, rulePack: null });
const pushes = () => server.calls.filter((c) => c.method === 'PUT' && c.path === '/api/findings');
const pushedIds = (i: number) => (pushes()[i].body as { findings: Finding[] }).findings.map((f) => f.id);

async function record(count: number): Promise<{ sessionId: string; rows: Finding[] }> {
  const session = await createSession(db, { name: '2025年第二季度', quarter: '2025Q2', inspector: '张三' });
  const findings = Array.from({ length: count }, (_, i) => makeFinding({ id: crypto.randomUUID(), key: `k-${n}-${i}`, version: 0 }));
  await recordScan(db, { sessionId: session.id, pageUrl: 'https://www.example.gov.cn/', pageTitle: '示例', findings });
  return { sessionId: session.id, rows: await getFindings(db, findings.map((f) => f.id)) };
}

test('a record the server refuses by name waits, held, with its reason; the rest of the batch and later runs go on', async () => {
  const { rows } = await record(600);
  // The very oldest entry is refused: on the old client it stayed first in line and blocked every batch.
  server.refuse.set(rows[0].id, NOT_OWNER);
  const out = await sync();
  expect(out.error).toBeUndefined();
  expect(out.push).toMatchObject({ stored: 599, held: 1 });
  expect(server.rows.size).toBe(599);
  expect(out.status.lastError).toBeUndefined();
  expect(await pendingCount(db)).toBe(1);
  const [held] = await heldRecords(db);
  expect(held).toMatchObject({ id: rows[0].id, code: 'not-owner', message: NOT_OWNER.message, label: rows[0].label });

  // The next run does not send the held record again; a new finding goes through.
  const calls = pushes().length;
  const more = await record(1);
  await sync();
  expect(pushes()).toHaveLength(calls + 1);
  expect(pushedIds(calls)).toEqual([more.rows[0].id]);
  expect(server.rows.has(more.rows[0].id)).toBe(true);
  expect(await pendingCount(db)).toBe(1);

  // Editing the held record queues it afresh: it is tried again (and here refused again).
  await editFindings(db, [rows[0].id], { note: '再试一次' });
  await sync();
  expect(pushedIds(pushes().length - 1)).toEqual([rows[0].id]);
  expect((await heldRecords(db)).map((h) => h.id)).toEqual([rows[0].id]);
}, 60_000);

test('copy as my own finding: a new id without owner or review takes the place of the refused record and syncs', async () => {
  const { sessionId, rows } = await record(2);
  server.refuse.set(rows[1].id, { code: 'invalid-status', message: '新记录的状态只能是 open、confirmed 或 dismissed' });
  await db.put('findings', { ...rows[1], status: 'accepted', reviewer: '王五', reviewComment: '导入的审核意见', reviewedAt: '2025-07-01T00:00:00.000Z', inspector: '王五', note: '我的备注' });
  await sync();
  const [held] = await heldRecords(db);
  const copy = await copyHeldAsOwn(db, held.ref);
  expect(copy).not.toBeNull();
  expect(copy!.id).not.toBe(rows[1].id);
  expect(copy).toMatchObject({ key: rows[1].key, status: 'confirmed', note: '我的备注', version: 0, sessionId });
  expect(copy).not.toHaveProperty('reviewer');
  expect(copy).not.toHaveProperty('reviewComment');
  expect(copy).not.toHaveProperty('inspector');
  expect(await heldRecords(db)).toEqual([]);
  const inSession = await findingsOfSession(db, sessionId);
  expect(inSession.map((f) => f.id).sort()).toEqual([rows[0].id, copy!.id].sort());
  expect((await oldestEntries(db, 'finding', 5)).map((e) => e.id)).toEqual([copy!.id]);
  const out = await sync();
  expect(out.error).toBeUndefined();
  expect(server.rows.get(copy!.id)).toMatchObject({ inspector: '张三', note: '我的备注', status: 'confirmed' });
  expect(await pendingCount(db)).toBe(0);
});

test('drop the local edit: the entry leaves the outbox, the record stays on this computer and is not sent', async () => {
  const { rows } = await record(1);
  server.refuse.set(rows[0].id, NOT_OWNER);
  await sync();
  const [held] = await heldRecords(db);
  expect(await dropHeld(db, held.ref)).toBe(true);
  expect(await pendingCount(db)).toBe(0);
  expect(await heldRecords(db)).toEqual([]);
  expect(await getFindings(db, [rows[0].id])).toHaveLength(1);
  const calls = pushes().length;
  await sync();
  expect(pushes()).toHaveLength(calls);
  // Only a held entry can be dropped: a record waiting normally is not lost by a stale button.
  const other = await record(1);
  expect(await dropHeld(db, `finding:${other.rows[0].id}`)).toBe(false);
  expect(await pendingCount(db)).toBe(1);
});

test('a refusal naming a record that was not in the batch is garbage: nothing is applied', async () => {
  const { rows } = await record(2);
  server.intercept = (c) =>
    c.method === 'PUT' && c.path === '/api/findings'
      ? new Response(JSON.stringify({ stored: [], conflicts: [], refused: [{ path: 'findings.7', id: rows[0].id, code: 'not-owner', message: 'x' }] }), { status: 200, headers: { 'content-type': 'application/json' } })
      : undefined;
  const out = await sync();
  expect(out.status.lastError).toMatch(/不在本批中/);
  expect(await pendingCount(db)).toBe(2);
  expect(await heldRecords(db)).toEqual([]);
});
