import { createServer } from 'node:net';
import { afterAll, describe, expect, test } from 'vitest';
import type { Finding } from '../../lib/findings';
import { openDatabase } from '../../server/db';
import { addUser, createDatabase, finding, startServer, type ServerProcess, type TestDatabase } from './harness';

const BATCHES = 8;
const BATCH = 500;
const KILLS = 4;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(['sqlite', 'postgres'] as const)('SIGKILL in the middle of sync on %s', (kind) => {
  let db: TestDatabase;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  test('every finding arrives exactly once after the client retries; no batch is ever half stored', async () => {
    db = await createDatabase(kind);
    const token = await addUser(db.url, '张三', 'inspector');
    const port = String(await freePort());
    const env = { PORT: port };
    server = await startServer(db.url, env);
    const base = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    // The simulated outbox: a batch leaves it only when the server has answered for it.
    const all: Finding[] = [];
    const newBatch = () => {
      const batch = Array.from({ length: BATCH }, () => finding());
      all.push(...batch);
      return batch;
    };
    const outbox: Finding[][] = Array.from({ length: BATCHES }, newBatch);
    const seenByPuller = new Map<string, number>();
    let since = '';

    const push = async (batch: Finding[]) => {
      const res = await fetch(`${base}/api/findings`, { method: 'PUT', headers, body: JSON.stringify({ findings: batch }) });
      return { status: res.status, body: await res.json() };
    };
    const expectAcknowledged = (r: { status: number; body: any }, batch: Finding[]) => {
      expect(r.status).toBe(200);
      expect(r.body.conflicts).toEqual([]);
      expect(r.body.stored.map((f: Finding) => [f.id, f.version])).toEqual(batch.map((f) => [f.id, 1]));
    };
    const pullNewRows = async () => {
      for (;;) {
        const res = await fetch(`${base}/api/findings?limit=1000&since=${since}`, { headers });
        const body = await res.json();
        for (const f of body.findings as Finding[]) seenByPuller.set(f.id, (seenByPuller.get(f.id) ?? 0) + 1);
        since = body.next;
        if (body.findings.length === 0) return;
      }
    };
    /** What the database holds for a batch while the server is dead: all of it or none of it. */
    const storedOf = async (batch: Finding[]) => {
      const direct = openDatabase(db.url);
      try {
        const rows = await direct.kysely.selectFrom('findings').select('id').where('id', 'in', batch.map((f) => f.id)).execute();
        return rows.length;
      } finally {
        await direct.close();
      }
    };

    let started = Date.now();
    const first = outbox.shift()!;
    expectAcknowledged(await push(first), first);
    let duration = Date.now() - started;
    await pullNewRows();

    // Kill the server while a batch is on the wire, at a random moment within its expected handling time,
    // until KILLS batches have lost their answer; then the client retries them against the restarted server.
    // A batch answered before the kill leaves the outbox and teaches the next kill how long a batch takes
    // (the first one, on a cold server, is slower); the outbox is topped up so there is always one to send.
    const killedAt: string[] = [];
    let attempt = 0;
    for (; killedAt.length < KILLS && attempt < KILLS * 4; attempt++) {
      if (outbox.length === 0) outbox.push(newBatch());
      const batch = outbox[0];
      started = Date.now();
      const answer = push(batch).then(
        (r) => ({ ok: true as const, r, took: Date.now() - started }),
        (e: unknown) => ({ ok: false as const, e }),
      );
      await sleep(Math.random() * duration * 0.9);
      await server.kill();
      const result = await answer;
      const n = await storedOf(batch);
      expect([0, batch.length]).toContain(n);
      if (result.ok) {
        expectAcknowledged(result.r, batch);
        outbox.shift();
        duration = result.took;
      } else {
        expect(result.e).toBeInstanceOf(TypeError);
        killedAt.push(n === 0 ? 'before commit' : 'after commit, answer lost');
      }
      server = await startServer(db.url, env);
      await pullNewRows();
    }
    while (outbox.length) {
      const batch = outbox.shift()!;
      expectAcknowledged(await push(batch), batch);
      await pullNewRows();
    }
    await pullNewRows();
    console.log(`${kind}: batches lost their answer ${killedAt.length} times in ${attempt} kills (${killedAt.join('; ')})`);

    expect(killedAt).toHaveLength(KILLS);
    expect([...seenByPuller.keys()].sort()).toEqual(all.map((f) => f.id).sort());
    expect([...seenByPuller.values()].every((n) => n === 1)).toBe(true);

    const direct = openDatabase(db.url);
    try {
      const stats = await direct.kysely
        .selectFrom('findings')
        .select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.min('seq').as('first'), eb.fn.max('seq').as('last'), eb.fn.max('version').as('maxVersion')])
        .executeTakeFirstOrThrow();
      // One change per finding: a retried batch that had been stored before the kill changed nothing.
      expect(stats).toEqual({ rows: all.length, first: 1, last: all.length, maxVersion: 1 });
    } finally {
      await direct.close();
    }
  });
});
