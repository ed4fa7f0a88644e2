import pg from 'pg';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Finding } from '../../lib/findings';
import { MAX_BATCH, MAX_REVIEW_COMMENT, MAX_VERSION } from '../../lib/sync/wire';
import { PG_ADMIN_URL, addUser, client, createDatabase, finding, startServer, type Client, type ServerProcess, type TestDatabase } from './harness';

/**
 * Hostile input that the database, not the schema, used to reject: each got a 500 (which a client
 * retries for ever) or was stored and then broke every later pull.
 */
describe.each(['sqlite', 'postgres'] as const)('hostile requests on %s', (kind) => {
  let db: TestDatabase;
  let server: ServerProcess;
  let admin: Client;
  let zhang: Client;

  beforeAll(async () => {
    db = await createDatabase(kind);
    const adminToken = await addUser(db.url, 'admin1', 'admin');
    const zhangToken = await addUser(db.url, '张三', 'inspector');
    server = await startServer(db.url);
    admin = client(server.url, adminToken);
    zhang = client(server.url, zhangToken);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  async function everything(): Promise<Finding[]> {
    const r = await admin('GET', '/api/findings?limit=1000');
    expect(r.status, r.text).toBe(200);
    return r.json.findings;
  }

  function expectInvalid(r: { status: number; json: any; text: string }, path: string) {
    expect(r.status, r.text).toBe(400);
    expect(r.json.error.code).toBe('invalid');
    expect(r.json.error.issues.map((i: { path: string }) => i.path)).toContain(path);
  }

  test('a NUL character in a site or a filter is a 400, not a database error', async () => {
    const kept = (await zhang('PUT', '/api/findings', { findings: [finding()] })).json.stored;
    const before = await everything();
    expectInvalid(await zhang('PUT', '/api/findings', { findings: [finding(), finding({ site: 'www.jinan\u0000.gov.cn' })] }), 'findings.1.site');
    expectInvalid(await admin('GET', '/api/findings?site=a%00b'), 'site.0');
    expectInvalid(await admin('GET', '/api/findings?inspector=%E5%BC%A0%00'), 'inspector.0');
    // NUL elsewhere is data: it travels inside the stored JSON, not in a column of its own.
    const note = await zhang('PUT', '/api/findings', { findings: [finding({ note: '备注\u0000', label: '\u0000' })] });
    expect(note.status, note.text).toBe(200);
    expect(note.json.stored[0].note).toBe('备注\u0000');
    const after = await everything();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.map((f) => f.id)).toEqual([...kept, note.json.stored[0]].map((f: Finding) => f.id));
  });

  test('a pushed version the server could not store or return is a 400; the largest it can is stored and pulled', async () => {
    const before = await everything();
    for (const version of [MAX_VERSION, 2 ** 53 - 1]) {
      expectInvalid(await zhang('PUT', '/api/findings', { findings: [finding({ version })] }), 'findings.0.version');
    }
    expect(await everything()).toEqual(before);
    const top = await zhang('PUT', '/api/findings', { findings: [finding({ version: MAX_VERSION - 1 })] });
    expect(top.status, top.text).toBe(200);
    expect(top.json.stored[0].version).toBe(MAX_VERSION);
    expect((await everything()).at(-1)).toEqual(top.json.stored[0]);
  });

  test('a bulk decision on a full batch with the longest comment the schema allows is not refused as too large', async () => {
    const supervisor = client(server.url, await addUser(db.url, `王审核${kind}`, 'supervisor'));
    const pushed: Finding[] = (await zhang('PUT', '/api/findings', { findings: Array.from({ length: MAX_BATCH }, () => finding()) })).json.stored;
    // CJK, a quote and a line break: up to 3 and 2 bytes a character in the JSON body (about 6 MB in all).
    const comment = '不属实，"请复核"\n'.repeat(400).slice(0, MAX_REVIEW_COMMENT);
    const r = await supervisor('POST', '/api/reviews', { reviews: pushed.map((f) => ({ id: f.id, version: f.version, decision: 'rejected', comment })) });
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(r.json.stored).toHaveLength(MAX_BATCH);
    expect(r.json.stored[0]).toMatchObject({ status: 'rejected', reviewComment: comment });
  });

  test('a JSON endpoint refuses a content type that only starts like JSON', async () => {
    for (const type of ['application/json-seq', 'application/jsonx', 'text/json']) {
      const r = await zhang('PUT', '/api/findings', JSON.stringify({ findings: [finding()] }), { 'content-type': type });
      expect(r.status, type).toBe(415);
      expect(r.json.error.code, type).toBe('unsupported-media-type');
    }
    const ok = await zhang('PUT', '/api/findings', JSON.stringify({ findings: [finding()] }), { 'content-type': 'Application/JSON ; charset=utf-8' });
    expect(ok.status, ok.text).toBe(200);
  });
});

describe('PostgreSQL drops the server’s connections', () => {
  let db: TestDatabase;
  let server: ServerProcess;

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  test('the server logs it, keeps running and answers the next request on a new connection', async () => {
    db = await createDatabase('postgres');
    const token = await addUser(db.url, 'admin1', 'admin');
    server = await startServer(db.url);
    const admin = client(server.url, token);
    expect((await admin('PUT', '/api/findings', { findings: [finding()] })).status).toBe(200);

    // What a database restart or an administrator's pg_terminate_backend does to the idle pool.
    const ended = new Promise<string>((resolve) => {
      const check = () => {
        if (/connection lost/.test(server.output())) resolve('logged');
      };
      server.proc.stdout!.on('data', check);
      server.proc.stderr!.on('data', check);
      server.proc.once('exit', () => resolve('exited'));
    });
    const pgAdmin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await pgAdmin.connect();
    const killed = await pgAdmin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [new URL(db.url).pathname.slice(1)]);
    await pgAdmin.end();
    expect(killed.rowCount).toBeGreaterThan(0);

    expect(await ended, server.output()).toBe('logged');
    const after = await admin('GET', '/api/findings');
    expect(after.status, after.text).toBe(200);
    expect(after.json.findings).toHaveLength(1);
  });
});

describe.each(['sqlite', 'postgres'] as const)('admins adding the same user at once on %s', (kind) => {
  let db: TestDatabase;
  let server: ServerProcess;

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  test('one request creates or re-activates the user, the others get 409 user-exists, and the token handed out works', async () => {
    db = await createDatabase(kind);
    server = await startServer(db.url);
    const admin = client(server.url, await addUser(db.url, 'admin1', 'admin'));
    for (const round of ['create', 're-activate']) {
      const answers = await Promise.all(Array.from({ length: 8 }, () => admin('POST', '/api/users', { name: '赵六', role: 'inspector' })));
      const created = answers.filter((r) => r.status === 201);
      expect(created, `${round}: ${answers.map((r) => r.status)}`).toHaveLength(1);
      for (const r of answers.filter((a) => a.status !== 201)) {
        expect(r.status, `${round}: ${r.text}`).toBe(409);
        expect(r.json.error.code).toBe('user-exists');
      }
      expect((await client(server.url, created[0].json.token)('GET', '/api/me')).json).toEqual({ name: '赵六', role: 'inspector' });
      if (round === 'create') expect((await admin('DELETE', '/api/users/赵六')).status).toBe(200);
    }
  });
});

describe('the SQLite file is locked by another program', () => {
  let db: TestDatabase;
  let server: ServerProcess;

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  test('a push waits out the busy timeout, then gets 503 database-unavailable with Retry-After and is stored on retry', async () => {
    db = await createDatabase('sqlite');
    server = await startServer(db.url);
    const zhang = client(server.url, await addUser(db.url, '张三', 'inspector'));
    const batch = [finding(), finding()];
    // A backup tool or a second server writing to the same file holds the write lock.
    const other = new SQLite(db.url.slice('sqlite:'.length));
    other.exec('BEGIN IMMEDIATE');
    const busy = await zhang('PUT', '/api/findings', { findings: batch });
    other.exec('ROLLBACK');
    other.close();
    expect(busy.status, busy.text).toBe(503);
    expect(busy.json.error.code).toBe('database-unavailable');
    expect(busy.headers.get('retry-after')).toMatch(/^\d+$/);
    const retried = await zhang('PUT', '/api/findings', { findings: batch });
    expect(retried.status, retried.text).toBe(200);
    expect(retried.json.stored.map((f: Finding) => [f.id, f.version])).toEqual(batch.map((f) => [f.id, 1]));
  });
});
