// @vitest-environment node
// Node's own fetch (undici) over a real socket: timeouts, redirects and cut bodies behave as on the wire.
import 'fake-indexeddb/auto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { getMeta, openStore, type InspectorStore } from '@/lib/store/db';
import { createSession } from '@/lib/store/sessions';
import { getFindings, recordScan } from '@/lib/store/recording';
import { oldestEntries, pendingCount } from '@/lib/store/outbox';
import { runSync, type SyncDeps } from '@/lib/sync/run';
import { MAX_PAGES_PER_RUN } from '@/lib/sync/pull';
import type { Finding } from '@/lib/findings';
import { makeFinding } from '../../factories';
import { FakeServer } from './fake-server';

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void | Promise<void>;

interface Http {
  url: string;
  /** Requests seen, as `METHOD /path?query`. */
  seen: string[];
  handle: Handler;
  close(): Promise<void>;
}

const servers: Http[] = [];

/** A real HTTP server on 127.0.0.1 whose behaviour each test sets. */
async function listen(handle: Handler): Promise<Http> {
  const sockets = new Set<import('node:net').Socket>();
  const http: Http = {
    url: '',
    seen: [],
    handle,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      http.seen.push(`${req.method} ${req.url}`);
      void http.handle(req, Buffer.concat(chunks), res);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  http.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(http);
  return http;
}

/** The fake server's answers (versions, conflicts, the change stream) over the real socket. */
function serveFake(fake: FakeServer): Handler {
  return async (req, body, res) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const answer = await fake.fetch(`http://sync.test${req.url}`, { method: req.method, headers, body: body.length ? body.toString('utf8') : undefined });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  };
}

let db: InspectorStore;
let fake: FakeServer;
let sleeps: number[];
let n = 0;

beforeEach(async () => {
  db = await openStore(`gsi-endpoint-${++n}`);
  fake = new FakeServer();
  sleeps = [];
});
afterEach(async () => {
  db.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const sync = (endpoint: string, extra: Partial<SyncDeps> = {}) =>
  runSync({
    db,
    settings: { endpoint, token: 'good-token' },
    fetch: (input, init) => fetch(input, init),
    sleep: async (ms) => void sleeps.push(ms),
    rulePack: null,
    // Generous: only the tests of a server that never answers shorten it (their outcome does not depend on speed).
    timeoutMs: 30_000,
    ...extra,
  });

async function record(count: number, overrides: (i: number) => Partial<Finding> = () => ({})): Promise<Finding[]> {
  const session = await createSession(db, { name: '2025年第二季度', quarter: '2025Q2', inspector: '张三' });
  const findings = Array.from({ length: count }, (_, i) => makeFinding({ id: crypto.randomUUID(), key: `k-${n}-${i}`, version: 0, ...overrides(i) }));
  await recordScan(db, { sessionId: session.id, pageUrl: 'https://www.example.gov.cn/index.html', pageTitle: '示例', findings });
  return getFindings(db, findings.map((f) => f.id));
}

/** Nothing was taken as sent: every entry still waits and every local copy is unversioned. */
async function expectNothingLost(rows: readonly Finding[]): Promise<void> {
  expect(await pendingCount(db)).toBe(rows.length);
  expect((await getFindings(db, rows.map((r) => r.id))).map((f) => f.version)).toEqual(rows.map(() => 0));
}

const isPush = (req: IncomingMessage) => req.method === 'PUT' && req.url === '/api/findings';

describe('an endpoint that does not answer properly', () => {
  test('down (connection refused): backoff, the status names the endpoint, nothing lost', async () => {
    const rows = await record(2);
    const gone = await listen(() => undefined);
    await gone.close();
    const out = await sync(gone.url);
    expect(out.status.lastError).toMatch(new RegExp(`^无法连接同步服务器 ${gone.url}`));
    expect(sleeps).toEqual([1000, 2000, 4000, 8000]);
    await expectNothingLost(rows);
  });

  test('accepts and never answers: the request times out, the run ends, nothing lost', async () => {
    const rows = await record(2);
    const server = await listen(() => undefined);
    const out = await sync(server.url, { retry: { attempts: 2 }, timeoutMs: 300 });
    expect(out.status.lastError).toMatch(/^同步服务器 http:\/\/127\.0\.0\.1:\d+ 在 1 秒内没有答复完/);
    expect(server.seen).toEqual(['GET /api/me', 'GET /api/me']);
    expect(sleeps).toEqual([1000]);
    await expectNothingLost(rows);
  });

  test('answers the headers, then stalls the body: times out too', async () => {
    const rows = await record(2);
    const server = await listen((req, body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"name":"张');
    });
    const out = await sync(server.url, { retry: { attempts: 1 }, timeoutMs: 300 });
    expect(out.status.lastError).toMatch(/没有答复完/);
    await expectNothingLost(rows);
  });

  test('a captive portal (HTML with 200) and truncated JSON: refused as garbage, nothing lost', async () => {
    const rows = await record(3);
    const server = await listen(serveFake(fake));
    const handle = serveFake(fake);
    let answer = '<!DOCTYPE html><html><body>请先登录上网认证</body></html>';
    server.handle = (req, body, res) => {
      if (!isPush(req)) return handle(req, body, res);
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(answer);
    };
    expect((await sync(server.url)).status.lastError).toMatch(/^服务器返回的提交结果不是 JSON/);
    await expectNothingLost(rows);
    const whole = JSON.stringify({ stored: rows.map((f) => ({ ...f, version: 1, inspector: '张三' })), conflicts: [] });
    answer = whole.slice(0, whole.length / 2);
    expect((await sync(server.url)).status.lastError).toMatch(/不是 JSON/);
    await expectNothingLost(rows);
    expect(sleeps).toEqual([]);
  });

  test('valid JSON of the wrong shape: no `stored`, or `stored` with rows of other ids; nothing applied or marked sent', async () => {
    const rows = await record(2);
    const server = await listen(serveFake(fake));
    const handle = serveFake(fake);
    const strangers = rows.map((f) => ({ ...f, id: crypto.randomUUID(), version: 1, inspector: '张三', note: '别人的' }));
    let answer: unknown = { conflicts: [] };
    server.handle = (req, body, res) => {
      if (!isPush(req)) return handle(req, body, res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    };
    expect((await sync(server.url)).status.lastError).toMatch(/^服务器返回的提交结果格式不对，已忽略，本地数据未改动：stored/);
    await expectNothingLost(rows);
    answer = { stored: strangers, conflicts: [] };
    expect((await sync(server.url)).status.lastError).toMatch(/^服务器的回复缺少已提交的记录/);
    await expectNothingLost(rows);
    expect(await getFindings(db, strangers.map((f) => f.id))).toEqual([]);
    // An echo of the request (a stand-in or misrouted server) is no acknowledgement either.
    server.handle = (req, body, res) => {
      if (!isPush(req)) return handle(req, body, res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ stored: JSON.parse(body.toString('utf8')).findings, conflicts: [] }));
    };
    expect((await sync(server.url)).status.lastError).toMatch(/^服务器回复的记录 [0-9a-f-]+ 版本号为 0，不像服务器保存的结果（提交的版本为 0，回复中至少应为 1）/);
    await expectNothingLost(rows);
    server.handle = (req, body, res) => {
      if (!isPush(req)) return handle(req, body, res);
      res.writeHead(200, { 'content-type': 'application/json' });
      const findings = JSON.parse(body.toString('utf8')).findings as Finding[];
      res.end(JSON.stringify({ stored: [], conflicts: findings.map((finding) => ({ reason: 'stale-version', finding })) }));
    };
    expect((await sync(server.url)).status.lastError).toMatch(/^服务器回复的记录 [0-9a-f-]+ 版本号为 0，不像服务器保存的结果/);
    await expectNothingLost(rows);
  });

  test('a redirect to another host is not followed: no data leaves, the status says where it pointed', async () => {
    const rows = await record(2);
    const other = await listen((req, body, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'unauthorized', message: 'no token' } }));
    });
    const portal = other.url.replace('127.0.0.1', 'localhost');
    const server = await listen((req, body, res) => {
      res.writeHead(307, { location: `${portal}/login` });
      res.end();
    });
    const out = await sync(server.url);
    expect(out.status.lastError).toMatch(new RegExp(`^同步服务器地址 ${server.url} 把请求转到了 ${portal}/login（HTTP 307）`));
    expect(out.status.lastError).not.toMatch(/令牌/);
    expect(other.seen).toEqual([]);
    expect(sleeps).toEqual([]);
    await expectNothingLost(rows);
  });
});

test('an error whose message is a flood (100 000 characters, 1000 long issues): the status shows a short part', async () => {
  const rows = await record(1);
  const server = await listen(serveFake(fake));
  const handle = serveFake(fake);
  let status = 500;
  server.handle = (req, body, res) => {
    if (!isPush(req)) return handle(req, body, res);
    res.writeHead(status, { 'content-type': 'application/json' });
    const issues = Array.from({ length: 1000 }, () => ({ path: 'x'.repeat(500), message: '错'.repeat(500) }));
    res.end(JSON.stringify({ error: { code: 'invalid', message: '坏'.repeat(100_000), issues } }));
  };
  const flood = (await sync(server.url, { retry: { attempts: 1 } })).status.lastError!;
  expect(flood).toMatch(/^同步服务器出错（HTTP 500）：坏{300}…$/);
  status = 400;
  const refused = (await sync(server.url)).status.lastError!;
  expect(refused).toMatch(/^服务器不接受这次提交（HTTP 400）：坏{300}…。问题位置：x{100}…：错{200}…；/);
  expect(refused.length).toBeLessThan(2500);
  await expectNothingLost(rows);
});

describe('limits', () => {
  test('413 from a proxy with a small body limit: the batch is split until it passes, everything arrives', async () => {
    const rows = await record(300);
    const server = await listen(serveFake(fake));
    const handle = serveFake(fake);
    const limit = 60 * 1024;
    server.handle = (req, body, res) => {
      if (isPush(req) && body.length > limit) {
        res.writeHead(413, { 'content-type': 'text/html' });
        res.end('<html><head><title>413 Request Entity Too Large</title></head><body><center><h1>413 Request Entity Too Large</h1></center><hr><center>nginx</center></body></html>');
        return;
      }
      return handle(req, body, res);
    };
    const out = await sync(server.url);
    expect(out.status.lastError).toBeUndefined();
    expect(await pendingCount(db)).toBe(0);
    expect(fake.rows.size).toBe(300);
    expect((await getFindings(db, [rows[0].id, rows[299].id])).map((f) => f.version)).toEqual([1, 1]);
    expect(sleeps).toEqual([]);
  });

  test('413 for one finding alone: it waits, marked; the others go', async () => {
    const rows = await record(4, (i) => (i === 2 ? { note: '长'.repeat(20_000) } : {}));
    const server = await listen(serveFake(fake));
    const handle = serveFake(fake);
    server.handle = (req, body, res) => {
      if (isPush(req) && body.length > 30_000) {
        res.writeHead(413, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'body-too-large', message: '请求体太大 (body too large)' } }));
        return;
      }
      return handle(req, body, res);
    };
    const out = await sync(server.url);
    expect(out.status.lastError).toMatch(/^一次提交的数据太多，服务器不接受（HTTP 413）：请求体太大/);
    expect([...fake.rows.keys()].sort()).toEqual([rows[0].id, rows[1].id, rows[3].id].sort());
    expect(await oldestEntries(db, 'finding', 5)).toMatchObject([{ id: rows[2].id, attempts: 1 }]);
  });
});

describe('429', () => {
  async function rateLimited(retryAfter: string | undefined, times = 1): Promise<Http> {
    const server = await listen(serveFake(fake));
    const handle = serveFake(fake);
    let left = times;
    server.handle = (req, body, res) => {
      if (!isPush(req) || left-- <= 0) return handle(req, body, res);
      res.writeHead(429, { 'content-type': 'application/json', ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }) });
      res.end(JSON.stringify({ error: { code: 'rate-limited', message: '请求过于频繁' } }));
    };
    return server;
  }

  test('Retry-After: 0, a negative number or a date in the past still backs off', async () => {
    await record(1);
    for (const value of ['0', '-1', 'Wed, 21 Oct 2015 07:28:00 GMT']) {
      sleeps = [];
      const server = await rateLimited(value, 2);
      expect((await sync(server.url)).status.lastError).toBeUndefined();
      expect(sleeps.every((ms) => ms >= 1000)).toBe(true);
      expect(sleeps).toHaveLength(2);
      await record(1);
    }
  });

  test('an absurd Retry-After (10^9 s, a date years ahead) ends the run at once and says how long, nothing lost', async () => {
    const rows = await record(2);
    for (const [value, words] of [
      ['1000000000', '11575 天'],
      [new Date(Date.now() + 3 * 86_400_000 + 60_000).toUTCString(), '4 天'],
    ]) {
      const server = await rateLimited(value, 5);
      const out = await sync(server.url);
      expect(out.status.lastError).toBe(`请求过于频繁，服务器要求等 ${words}后再试；待同步的记录都还在，稍后自动重试`);
      expect(server.seen.filter((s) => s === 'PUT /api/findings')).toHaveLength(1);
      expect(sleeps).toEqual([]);
      await expectNothingLost(rows);
    }
  });

  test('without Retry-After: waits at least the default, growing', async () => {
    await record(1);
    const server = await rateLimited(undefined, 4);
    expect((await sync(server.url)).status.lastError).toBeUndefined();
    expect(sleeps).toEqual([5000, 5000, 5000, 8000]);
  });
});

describe('pull from a misbehaving server', () => {
  /** One finding synced, so pulled rows have a local copy to land on. */
  async function synced(server: Http): Promise<Finding> {
    const [f] = await record(1);
    server.handle = serveFake(fake);
    expect((await sync(server.url)).status.lastError).toBeUndefined();
    return (await getFindings(db, [f.id]))[0];
  }

  test('a checkpoint that moves on forever with rows: the run stops after a bounded number of pages', async () => {
    const server = await listen(serveFake(fake));
    const local = await synced(server);
    const handle = serveFake(fake);
    let page = 0;
    server.handle = (req, body, res) => {
      if (req.method !== 'GET' || !req.url?.startsWith('/api/findings')) return handle(req, body, res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ findings: [{ ...local, version: 2 + page }], next: String(1000 + ++page) }));
    };
    const out = await sync(server.url);
    expect(out.error).toBeUndefined();
    expect(page).toBe(MAX_PAGES_PER_RUN);
    expect(await getMeta(db, 'syncCheckpoint')).toMatchObject({ since: String(1000 + MAX_PAGES_PER_RUN) });
  });

  test('a checkpoint that never advances: one page, done', async () => {
    const server = await listen(serveFake(fake));
    const local = await synced(server);
    const handle = serveFake(fake);
    let pages = 0;
    server.handle = (req, body, res) => {
      if (req.method !== 'GET' || !req.url?.startsWith('/api/findings')) return handle(req, body, res);
      pages++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ findings: [local], next: '7' }));
    };
    await sync(server.url);
    await sync(server.url);
    expect(pages).toBe(3);
  });

  test('a huge checkpoint is refused as garbage and not saved; rows of the wrong shape change nothing', async () => {
    const server = await listen(serveFake(fake));
    const local = await synced(server);
    const before = await getMeta(db, 'syncCheckpoint');
    const handle = serveFake(fake);
    let answer: unknown = { findings: [{ ...local, version: 9, note: '垃圾' }], next: '9'.repeat(100_000) };
    server.handle = (req, body, res) => {
      if (req.method !== 'GET' || !req.url?.startsWith('/api/findings')) return handle(req, body, res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    };
    expect((await sync(server.url)).status.lastError).toMatch(/^服务器返回的问题记录格式不对，已忽略，本地数据未改动：next/);
    expect(await getMeta(db, 'syncCheckpoint')).toEqual(before);
    expect((await getFindings(db, [local.id]))[0]).toEqual(local);
    answer = { findings: [{ ...local, version: 9, severity: 'fatal' }], next: '9' };
    expect((await sync(server.url)).status.lastError).toMatch(/格式不对/);
    expect((await getFindings(db, [local.id]))[0]).toEqual(local);
  });
});

describe('the endpoint address', () => {
  test('a path prefix behind a reverse proxy works', async () => {
    const rows = await record(2);
    const handle = serveFake(fake);
    const server = await listen((req, body, res) => {
      if (!req.url?.startsWith('/gsi/')) {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<html>404 Not Found</html>');
        return;
      }
      req.url = req.url.slice(4);
      return handle(req, body, res);
    });
    expect((await sync(`${server.url}/gsi/`)).status.lastError).toBeUndefined();
    expect(fake.rows.size).toBe(rows.length);
  });

  test('an address with a path the server does not have: the status says to check the address', async () => {
    const rows = await record(1);
    const server = await listen(serveFake(fake));
    const out = await sync(`${server.url}/api`);
    expect(out.status.lastError).toBe(`${server.url}/api 下找不到同步服务（/api/me 返回 HTTP 404）：请检查服务器地址，应填同步服务的根地址（例如 https://gsi.example.gov.cn），不要带 /api 等路径`);
    await expectNothingLost(rows);
  });
});
