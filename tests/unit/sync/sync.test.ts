import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { openStore, getMeta, type InspectorStore } from '@/lib/store/db';
import { createSession } from '@/lib/store/sessions';
import { editFindings, getFindings, recordScan } from '@/lib/store/recording';
import { saveEvidence } from '@/lib/store/evidence';
import { oldestEntries, pendingCount } from '@/lib/store/outbox';
import { loadActiveRulePack } from '@/lib/rule-pack/store';
import { runSync, type SyncDeps } from '@/lib/sync/run';
import { readSyncStatus } from '@/lib/sync/status';
import type { Finding } from '@/lib/findings';
import { makeFinding } from '../../factories';
import { FakeServer, errorResponse } from './fake-server';

let db: InspectorStore;
let server: FakeServer;
let sleeps: number[];
let n = 0;
const PAGE = 'https://www.example.gov.cn/index.html';
const settings = { endpoint: 'http://sync.test', token: 'good-token' };

beforeEach(async () => {
  fakeBrowser.reset();
  db = await openStore(`gsi-sync-${++n}`);
  server = new FakeServer();
  sleeps = [];
});
afterEach(() => db.close());

const sync = (extra: Partial<SyncDeps> = {}) =>
  runSync({ db, settings, fetch: server.fetch, sleep: async (ms) => void sleeps.push(ms), rulePack: null, ...extra });

/** Record `count` fresh findings on PAGE into a session, as the background does after a scan. */
async function record(count: number): Promise<Finding[]> {
  const session = await createSession(db, { name: '2025年第二季度', quarter: '2025Q2', inspector: '张三' });
  const findings = Array.from({ length: count }, (_, i) => makeFinding({ id: crypto.randomUUID(), key: `k-${n}-${i}`, version: 0 }));
  await recordScan(db, { sessionId: session.id, pageUrl: PAGE, pageTitle: '示例', findings });
  return getFindings(db, findings.map((f) => f.id)).then((rows) => rows.map((r) => r));
}

const pushes = () => server.calls.filter((c) => c.method === 'PUT' && c.path === '/api/findings');

describe('push', () => {
  test('drains the outbox in batches of at most 500; local copies take the server version', async () => {
    const rows = await record(1203);
    const out = await sync();
    expect(out.error).toBeUndefined();
    expect(pushes().map((c) => (c.body as { findings: unknown[] }).findings.length)).toEqual([500, 500, 203]);
    expect(await pendingCount(db)).toBe(0);
    const local = await getFindings(db, [rows[0].id, rows[1202].id]);
    expect(local.map((f) => f.version)).toEqual([1, 1]);
    expect(local[0].inspector).toBe('张三');
    const status = await readSyncStatus(db);
    expect(status).toMatchObject({ pending: 0, configured: true });
    expect(status.lastError).toBeUndefined();
    expect(status.lastSyncAt).toBeTruthy();
    // A second run sends nothing.
    await sync();
    expect(pushes()).toHaveLength(3);
  }, 60_000);

  test('screenshots go before the findings that name them', async () => {
    const [f] = await record(1);
    await saveEvidence(db, { findingIds: [f.id], pageUrl: PAGE, pageTitle: '示例', blob: new Blob([new Uint8Array([0x89, 0x50])], { type: 'image/png' }), width: 10, height: 10 });
    await sync();
    const order = server.calls.filter((c) => c.method === 'PUT').map((c) => c.path.split('/')[2]);
    expect(order).toEqual(['evidence', 'findings']);
    expect((pushes()[0].body as { findings: Finding[] }).findings[0].screenshotId).toBeTruthy();
    expect(await pendingCount(db)).toBe(0);
  });

  test('garbage from the server: a clear error, nothing applied, nothing lost', async () => {
    const rows = await record(3);
    for (const garbage of [
      () => new Response('<html>502 Bad Gateway</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
      () => new Response(JSON.stringify({ stored: 'yes' }), { status: 200 }),
      () => new Response(JSON.stringify({ stored: [], conflicts: [] }), { status: 200 }),
    ]) {
      server.intercept = (c) => (c.method === 'PUT' ? garbage() : undefined);
      const out = await sync();
      expect(out.status.lastError).toMatch(/服务器/);
      expect(await pendingCount(db)).toBe(3);
      expect((await getFindings(db, [rows[0].id]))[0].version).toBe(0);
    }
    expect((await readSyncStatus(db)).lastError).toMatch(/缺少已提交的记录/);
    const [entry] = await oldestEntries(db, 'finding', 1);
    expect(entry.attempts).toBeGreaterThan(0);
    server.intercept = undefined;
    expect((await sync()).status.lastError).toBeUndefined();
    expect(await pendingCount(db)).toBe(0);
  });

  test('5xx and network errors: the same batch again with exponential backoff', async () => {
    await record(2);
    let failures = 0;
    server.intercept = (c) => {
      if (c.method !== 'PUT') return undefined;
      failures++;
      if (failures === 1) return errorResponse(503, 'unavailable', '服务暂停');
      if (failures === 2) throw new TypeError('Failed to fetch');
      if (failures === 3) return new Response('oops', { status: 500 });
      return undefined;
    };
    const out = await sync();
    expect(out.error).toBeUndefined();
    expect(sleeps).toEqual([1000, 2000, 4000]);
    const bodies = pushes().map((c) => JSON.stringify(c.body));
    expect(new Set(bodies).size).toBe(1);
    expect(pushes()).toHaveLength(4);
    expect(await pendingCount(db)).toBe(0);
  });

  test('an outage that outlasts the retries: the status says so, the outbox keeps everything', async () => {
    await record(4);
    server.intercept = () => {
      throw new TypeError('Failed to fetch');
    };
    const out = await sync();
    expect(sleeps).toEqual([1000, 2000, 4000, 8000]);
    expect(out.status.lastError).toMatch(/^无法连接同步服务器 http:\/\/sync\.test/);
    expect(out.status.pending).toBe(4);
  });

  test('429 waits what Retry-After says', async () => {
    await record(1);
    let first = true;
    server.intercept = (c) => {
      if (c.method !== 'PUT' || !first) return undefined;
      first = false;
      return errorResponse(429, 'rate-limited', '请求过于频繁', {}, { 'retry-after': '7' });
    };
    expect((await sync()).error).toBeUndefined();
    expect(sleeps).toEqual([7000]);
  });

  test('401 stops at once and says the token is wrong; nothing is sent or lost', async () => {
    await record(2);
    const out = await sync({ settings: { ...settings, token: 'revoked' } });
    expect(out.status.lastError).toMatch(/^令牌无效或已被撤销/);
    expect(sleeps).toEqual([]);
    expect(pushes()).toHaveLength(0);
    expect(await pendingCount(db)).toBe(2);
  });

  test('400 naming one finding: the others go, the refused one waits with the message', async () => {
    const rows = await record(3);
    server.intercept = (c) => {
      const body = c.body as { findings?: Finding[] } | undefined;
      if (c.method !== 'PUT' || !body?.findings?.some((f) => f.id === rows[1].id)) return undefined;
      const i = body.findings.findIndex((f) => f.id === rows[1].id);
      return errorResponse(400, 'invalid', '请求内容不符合格式', { issues: [{ path: `findings.${i}.severity`, message: 'Invalid option' }] });
    };
    const out = await sync();
    expect(out.status.lastError).toMatch(/问题位置：findings\.\d\.severity：Invalid option/);
    expect(await pendingCount(db)).toBe(1);
    expect([...server.rows.keys()].sort()).toEqual([rows[0].id, rows[2].id].sort());
    expect((await oldestEntries(db, 'finding', 5))[0]).toMatchObject({ id: rows[1].id, attempts: 1 });
  });

  test('an edit made while the batch is in flight is kept and sent next', async () => {
    const [f] = await record(1);
    server.duringPush = async () => {
      server.duringPush = undefined;
      await editFindings(db, [f.id], { status: 'confirmed', note: '已电话核实' }, new Date(Date.now() + 1000));
    };
    await sync();
    // The first push carried the open finding; the edit made meanwhile went in a second one.
    expect(pushes().map((c) => (c.body as { findings: Finding[] }).findings[0].status)).toEqual(['open', 'confirmed']);
    const [local] = await getFindings(db, [f.id]);
    expect(local).toMatchObject({ status: 'confirmed', note: '已电话核实', version: 2 });
    expect(server.rows.get(f.id)).toMatchObject({ status: 'confirmed', note: '已电话核实', version: 2 });
    expect(await pendingCount(db)).toBe(0);
  });
});

describe('conflicts and pulls', () => {
  test('a supervisor decision flows back; a note written before it lands beside it', async () => {
    const [a, b] = await record(2);
    await sync();
    server.review(a.id, 'accepted', '属实');
    server.review(b.id, 'rejected', '误报');
    // Inspector edits b before hearing about the review: the note is re-applied on the reviewed row.
    await editFindings(db, [b.id], { status: 'confirmed', note: '补充说明' }, new Date(Date.now() + 1000));
    await sync();
    const [la, lb] = await getFindings(db, [a.id, b.id]);
    expect(la).toMatchObject({ status: 'accepted', reviewComment: '属实', version: 2 });
    expect(lb).toMatchObject({ status: 'rejected', reviewComment: '误报', note: '补充说明' });
    expect(server.rows.get(b.id)).toMatchObject({ status: 'rejected', note: '补充说明' });
    expect(lb.version).toBe(server.rows.get(b.id)!.version);
    expect(await pendingCount(db)).toBe(0);
  });

  test('stale-version: a later edit from another device wins; an earlier one is overwritten by ours', async () => {
    const [a, b] = await record(2);
    await sync();
    const t = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
    // Another device of the same inspector edits both on the server.
    for (const [id, at] of [[a.id, t(10)], [b.id, t(-10)]] as const) {
      const row = server.rows.get(id)!;
      server.rows.set(id, { ...row, note: '另一台电脑', updatedAt: at, version: row.version + 1 });
      server.seq.set(id, ++server.counter);
    }
    await editFindings(db, [a.id, b.id], { note: '这台电脑' });
    await sync();
    const [la, lb] = await getFindings(db, [a.id, b.id]);
    expect(la.note).toBe('另一台电脑');
    expect(lb.note).toBe('这台电脑');
    expect(server.rows.get(b.id)!.note).toBe('这台电脑');
    expect(la.version).toBe(server.rows.get(a.id)!.version);
  });

  test('the checkpoint is saved; a server that was reset (409 checkpoint-ahead) is pulled from the start', async () => {
    const [a] = await record(3);
    await sync();
    const saved = await getMeta<{ since: string }>(db, 'syncCheckpoint');
    expect(saved).toMatchObject({ endpoint: 'http://sync.test', user: '张三', since: '3' });
    // The server is restored from an older backup: its stream is shorter than our checkpoint.
    server.review(a.id, 'accepted');
    server.counter = 1;
    server.seq = new Map([[a.id, 1]]);
    server.calls = [];
    await sync();
    const pulls = server.calls.filter((c) => c.method === 'GET' && c.path === '/api/findings').map((c) => c.query.get('since'));
    expect(pulls.slice(0, 2)).toEqual(['3', null]);
    expect(server.calls.find((c) => c.path === '/api/findings' && c.method === 'GET')!.query.getAll('inspector')).toEqual(['张三']);
    expect((await getFindings(db, [a.id]))[0].status).toBe('accepted');
  });
});

describe('rule pack and settings', () => {
  test('a newer team pack replaces the local one (source synced); an older one does not', async () => {
    server.rulePack = { ...server.rulePack, name: '济南市规则包', version: 5 };
    await sync({ rulePack: undefined });
    expect(await loadActiveRulePack()).toMatchObject({ source: 'synced', pack: { name: '济南市规则包', version: 5 } });
    server.rulePack = { ...server.rulePack, name: '旧规则包', version: 4 };
    expect((await sync({ rulePack: undefined })).rulePackUpdated).toBeUndefined();
    expect((await loadActiveRulePack()).pack.name).toBe('济南市规则包');
  });

  test('without a saved connection sync is off and says so', async () => {
    await record(1);
    const out = await runSync({ db, fetch: server.fetch });
    expect(out.status).toMatchObject({ configured: false, pending: 1 });
    expect(server.calls).toHaveLength(0);
  });
});
