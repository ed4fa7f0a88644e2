import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { type Finding, type FindingStatus, type RuleId } from '../lib/findings';
import { RULE_IDS } from '../lib/rule-catalog';
import { openDatabase, type FindingsTable } from '../server/db';
import { encodeCheckpoint, toRow } from '../server/findings';
import { inspectorEdit } from '../server/merge';
import { migrate } from '../server/migrations';
import { addUser } from '../server/users';
import { createDatabase, startServer, type ServerProcess, type TestDatabase } from '../tests/server/harness';
// The extension's IndexedDB in Node, for the drain phase.
import 'fake-indexeddb/auto';
import { openStore, writeTx } from '../lib/store/db';
import { queueIn, pendingCount } from '../lib/store/outbox';
import { createApi } from '../lib/sync/api';
import { pushOutbox } from '../lib/sync/push';
import { DEFAULT_RETRY, realSleep } from '../lib/sync/retry';

/**
 * `npm run bench -- server [--ingest 100000] [--rows 1000000] [--queries 300] [--drain 10000] [--only drain]`
 *
 * - ingest: findings pushed over HTTP in batches of 500 by one client, on SQLite and on PostgreSQL (rows/s);
 * - query: a million findings bulk-loaded through the query layer, then review-page pulls with filters
 *   over HTTP, p95 latency on each database (the line reports the worse);
 * - drain: the extension's own outbox (lib/store/outbox.ts in fake-indexeddb) holding 10,000 recorded findings,
 *   drained over loopback by the extension's push loop (lib/sync/push.ts: read the batch from the store,
 *   PUT 500, validate the reply, write the server rows back and acknowledge, one transaction a batch), on
 *   the default SQLite deployment.
 */

const BATCH = 500;
const SITES = Array.from({ length: 60 }, (_, i) => `www.site${String(i).padStart(2, '0')}.jinan.gov.cn`);
const INSPECTORS = Array.from({ length: 20 }, (_, i) => `inspector${i}`);
const STATUSES: FindingStatus[] = ['open', 'open', 'confirmed', 'confirmed', 'dismissed'];
const YEAR_START = Date.parse('2025-01-01T00:00:00+08:00');
const DAY = 86_400_000;

function pick<T>(xs: readonly T[]): T {
  return xs[Math.floor(Math.random() * xs.length)];
}

function syntheticFinding(i: number, inspector?: string): Finding {
  const site = pick(SITES);
  const rule: RuleId = pick(RULE_IDS);
  const created = new Date(YEAR_START + Math.floor(Math.random() * 365 * DAY)).toISOString();
  return {
    id: randomUUID(),
    key: `${site}|${rule}|${i}`,
    rule,
    severity: pick(['veto', 'deduct', 'deduct', 'review'] as const),
    status: pick(STATUSES),
    pageUrl: `https://${site}/col/col${i % 97}/index.html`,
    pageTitle: '济南市某区人民政府 政务公开 通知公告',
    site,
    selector: `#content > div.list > ul > li:nth-child(${(i % 20) + 1}) > a`,
    snippet: `<a href="/art/2025/${i}.html" target="_blank" title="关于做好2025年第二季度政府网站检查工作的通知">关于做好…的通知</a>`,
    label: `关于做好2025年第二季度政府网站检查工作的通知 ${i}`,
    href: `https://${site}/art/2025/${i}.html`,
    detail: { status: 404, finalUrl: `https://${site}/404.html`, attempts: 2 },
    message: '链接无法访问（HTTP 404），请核实后修改或删除',
    createdAt: created,
    updatedAt: created,
    ...(inspector ? { inspector } : {}),
    version: 0,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function withServer<T>(db: TestDatabase, fn: (server: ServerProcess) => Promise<T>): Promise<T> {
  const server = await startServer(db.url, { GSI_RATE_LIMIT: '0' });
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

async function tokenFor(url: string, name: string, role: 'inspector' | 'supervisor'): Promise<string> {
  const db = openDatabase(url);
  try {
    await migrate(db.kysely, db.dialect);
    return await addUser(db.kysely, name, role);
  } finally {
    await db.close();
  }
}

/** Pushes `findings` in batches of 500, one request at a time, as an outbox drains; returns seconds. */
async function drainOutbox(base: string, token: string, findings: Finding[]): Promise<number> {
  const outbox = [...findings];
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const start = performance.now();
  while (outbox.length) {
    const batch = outbox.slice(0, BATCH);
    const res = await fetch(`${base}/api/findings`, { method: 'PUT', headers, body: JSON.stringify({ findings: batch }) });
    if (res.status !== 200) throw new Error(`push failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { stored: Finding[]; conflicts: unknown[] };
    if (body.stored.length !== batch.length || body.conflicts.length) throw new Error('push not fully stored');
    outbox.splice(0, batch.length);
  }
  return (performance.now() - start) / 1000;
}

async function ingest(kind: 'sqlite' | 'postgres', count: number): Promise<number> {
  const db = await createDatabase(kind);
  try {
    const token = await tokenFor(db.url, 'bench', 'inspector');
    const findings = Array.from({ length: count }, (_, i) => syntheticFinding(i));
    return await withServer(db, async (server) => {
      const seconds = await drainOutbox(server.url, token, findings);
      const rate = count / seconds;
      console.log(`ingest ${kind}: ${count} findings in ${seconds.toFixed(1)} s = ${rate.toFixed(0)} rows/s`);
      return rate;
    });
  } finally {
    await db.drop();
  }
}

/** A million rows straight through Kysely, built by the same merge and row code a push uses. */
async function bulkLoad(url: string, rows: number): Promise<void> {
  const db = openDatabase(url);
  const started = performance.now();
  try {
    await migrate(db.kysely, db.dialect);
    const chunk = db.dialect === 'postgres' ? 4000 : 2000;
    const storedAt = new Date().toISOString();
    for (let done = 0; done < rows; done += chunk) {
      const values: FindingsTable[] = [];
      for (let i = done; i < Math.min(rows, done + chunk); i++) {
        const owner = pick(INSPECTORS);
        const outcome = inspectorEdit(undefined, syntheticFinding(i, owner), owner);
        if (outcome.kind !== 'write') throw new Error('unexpected merge outcome');
        values.push(toRow(outcome.state, i + 1, storedAt));
      }
      await db.kysely.transaction().execute((trx) => trx.insertInto('findings').values(values).execute());
    }
    await db.kysely.updateTable('sync_counter').set({ seq: rows }).where('id', '=', 1).execute();
    // Fresh planner statistics, as a running deployment has them: on SQLite the server's start-up optimize
    // gathers them; on PostgreSQL autovacuum would, shortly after a bulk load.
    if (db.dialect === 'postgres') await sql`analyze findings`.execute(db.kysely);
  } finally {
    await db.close();
  }
  console.log(`bulk load: ${rows} rows in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** Review-page pulls: one to four filters, first page or from a checkpoint, 200 rows a page. */
function reviewQuery(rows: number): { shape: string; path: string } {
  const from = new Date(YEAR_START + Math.floor(Math.random() * 300) * DAY);
  const to = new Date(from.getTime() + 30 * DAY);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const shapes: Record<string, () => string> = {
    site: () => `site=${pick(SITES)}`,
    'site+status': () => `site=${pick(SITES)}&status=open`,
    'rule+severity': () => `rule=${pick(RULE_IDS)}&severity=veto`,
    'inspector+status': () => `inspector=${pick(INSPECTORS)}&status=confirmed`,
    'status+month': () => `status=confirmed&from=${day(from)}&to=${day(to)}`,
    'site+rule+2 statuses': () => `site=${pick(SITES)}&rule=${pick(RULE_IDS)}&status=open&status=confirmed`,
    'site+month+severity': () => `site=${pick(SITES)}&from=${day(from)}&to=${day(to)}&severity=veto`,
    'checkpoint+status': () => `since=${encodeCheckpoint(Math.floor(Math.random() * rows))}&status=open`,
  };
  const shape = pick(Object.keys(shapes));
  return { shape, path: `/api/findings?limit=200&${shapes[shape]()}` };
}

async function queryP95(kind: 'sqlite' | 'postgres', rows: number, queries: number): Promise<number> {
  const db = await createDatabase(kind);
  try {
    await bulkLoad(db.url, rows);
    const token = await tokenFor(db.url, 'lead', 'supervisor');
    return await withServer(db, async (server) => {
      const headers = { authorization: `Bearer ${token}` };
      for (let i = 0; i < 20; i++) await (await fetch(server.url + reviewQuery(rows).path, { headers })).arrayBuffer();
      const times: number[] = [];
      const byShape = new Map<string, number[]>();
      let returned = 0;
      for (let i = 0; i < queries; i++) {
        const { shape, path } = reviewQuery(rows);
        const t = performance.now();
        const res = await fetch(server.url + path, { headers });
        const body = (await res.json()) as { findings: unknown[] };
        const ms = performance.now() - t;
        if (res.status !== 200) throw new Error(`query failed: ${res.status}`);
        times.push(ms);
        byShape.set(shape, [...(byShape.get(shape) ?? []), ms]);
        returned += body.findings.length;
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      console.log(
        `query ${kind}: ${queries} filtered pulls over ${rows} rows: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms, ${(returned / queries).toFixed(0)} rows/page`,
      );
      for (const [shape, ts] of [...byShape].sort()) {
        ts.sort((a, b) => a - b);
        console.log(`  ${shape}: n=${ts.length} p50 ${percentile(ts, 50).toFixed(1)} ms, max ${ts.at(-1)!.toFixed(1)} ms`);
      }
      return p95;
    });
  } finally {
    await db.drop();
  }
}

/** The extension's outbox with `count` findings queued, as recording scans leaves it (fake-indexeddb in Node). */
async function filledOutbox(count: number) {
  const db = await openStore(`gsi-bench-drain-${randomUUID()}`);
  const sessionId = randomUUID();
  const findings = Array.from({ length: count }, (_, i) => ({ ...syntheticFinding(i), sessionId, status: 'open' as const }));
  for (let i = 0; i < findings.length; i += 1000) {
    const chunk = findings.slice(i, i + 1000);
    await writeTx(db, ['findings', 'outbox'], (tx) => Promise.all([...chunk.map((f) => tx.objectStore('findings').put(f)), ...queueIn(tx.objectStore('outbox'), 'finding', chunk.map((f) => f.id))]));
  }
  return db;
}

async function drain(count: number): Promise<number> {
  const db = await createDatabase('sqlite');
  try {
    const token = await tokenFor(db.url, 'bench', 'inspector');
    const store = await filledOutbox(count);
    return await withServer(db, async (server) => {
      const api = createApi({ endpoint: server.url, token });
      const start = performance.now();
      const report = await pushOutbox(store, api, { user: 'bench', retry: { ...DEFAULT_RETRY, sleep: realSleep } });
      const seconds = (performance.now() - start) / 1000;
      const left = await pendingCount(store);
      if (report.stored !== count || left !== 0) throw new Error(`drain incomplete: stored ${report.stored}, ${left} left`);
      console.log(`drain: ${count} findings from the extension outbox (fake-indexeddb) by lib/sync push in ${seconds.toFixed(2)} s`);
      store.close();
      return seconds;
    });
  } finally {
    await db.drop();
  }
}

export default async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      ingest: { type: 'string', default: '100000' },
      rows: { type: 'string', default: '1000000' },
      queries: { type: 'string', default: '300' },
      drain: { type: 'string', default: '10000' },
      /** `--only drain`: run the drain phase alone (the others take tens of minutes). */
      only: { type: 'string' },
    },
  });
  if (values.only === 'drain') {
    const seconds = await drain(Number(values.drain));
    console.log(`bench server: drain_10k_s=${seconds.toFixed(2)}`);
    return;
  }
  const sqliteRate = await ingest('sqlite', Number(values.ingest));
  const pgRate = await ingest('postgres', Number(values.ingest));
  const p95Sqlite = await queryP95('sqlite', Number(values.rows), Number(values.queries));
  const p95Pg = await queryP95('postgres', Number(values.rows), Number(values.queries));
  const drainSeconds = await drain(Number(values.drain));
  console.log(
    `bench server: sqlite_rows_per_s=${sqliteRate.toFixed(0)} pg_rows_per_s=${pgRate.toFixed(0)} query_p95_ms=${Math.max(p95Sqlite, p95Pg).toFixed(1)} drain_10k_s=${drainSeconds.toFixed(2)}`,
  );
}
