// @vitest-environment node
// Real sockets and Node's own fetch: happy-dom's fetch would apply page CORS rules the extension does not have.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createProber } from '@/lib/links/prober';
import type { ProbeCache } from '@/lib/links/cache';
import type { ProbeResult } from '@/lib/links/types';
import {
  LINK_CASES,
  refusedOrigin,
  startDelayedServer,
  startLinkServer,
  startSelfSignedServer,
  type LinkServer,
} from '../../fixtures/links/server';

let server: LinkServer;
let tls: { origin: string; close(): Promise<void> };
let refused: string;

// Short bounds so the never-answering and dripping cases settle in seconds; /slow (1.5 s) stays under them.
const FAST = { timeoutMs: 2_500, bodyTimeoutMs: 500, backoffMs: 20, maxRetryAfterMs: 2_000 };

beforeAll(async () => {
  server = await startLinkServer();
  tls = await startSelfSignedServer();
  refused = await refusedOrigin();
});
afterAll(async () => {
  await server?.close();
  await tls?.close();
});

describe('classification against a live server', () => {
  let results: Map<string, ProbeResult>;

  beforeAll(async () => {
    const prober = createProber(FAST);
    const urls = LINK_CASES.map((c) => server.url(c.path));
    const list = await prober.probe(urls);
    results = new Map(list.map((r) => [r.url, r]));
  }, 30_000);

  test.each(LINK_CASES.map((c) => [c.label, c] as const))('%s', (_label, c) => {
    const r = results.get(server.url(c.path))!;
    expect({ verdict: r.verdict, reason: r.reason }).toEqual({ verdict: c.verdict, reason: c.reason });
    if (c.status !== undefined) expect(r.status).toBe(c.status);
    if (c.finalPath) expect(r.finalUrl).toBe(server.url(c.finalPath));
    else expect(r.finalUrl).toBeUndefined();
  });

  test('pages are judged with one GET; files with HEAD first and GET only where HEAD failed', () => {
    const methodsOf = (path: string) => server.requests.filter((q) => q.path === path).map((q) => q.method);
    expect(methodsOf('/article-about-404')).toEqual(['GET']);
    expect(methodsOf('/files/notice.pdf')).toEqual(['HEAD']);
    expect(methodsOf('/files/head-405.pdf')).toEqual(['HEAD', 'GET']);
    expect(methodsOf('/files/head-404.pdf')).toEqual(['HEAD', 'GET']);
    // A .doc answered with a web page: the page is read to see whether it says the file is gone.
    expect(methodsOf('/files/removed.doc')).toEqual(['HEAD', 'GET']);
    expect(results.get(server.url('/files/head-405.pdf'))).toMatchObject({ method: 'GET', attempts: 2 });
  });

  test('429 is retried after Retry-After, a bounded number of times', () => {
    expect(server.requests.filter((q) => q.path === '/busy-then-ok')).toHaveLength(2);
    expect(server.requests.filter((q) => q.path === '/busy')).toHaveLength(3);
    expect(server.requests.filter((q) => q.path === '/unavailable')).toHaveLength(3);
    // Asked to come back in an hour: not waited for, straight to review.
    expect(server.requests.filter((q) => q.path === '/busy-for-an-hour')).toHaveLength(1);
    const [first, second] = server.requests.filter((q) => q.path === '/busy-then-ok');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  test('a 500 is asked once more before it counts; a lasting one is broken', () => {
    expect(server.requests.filter((q) => q.path === '/flaky-500')).toHaveLength(2);
    expect(server.requests.filter((q) => q.path === '/error')).toHaveLength(2);
  });

  test('a never-answering server is asked twice, then left to review', () => {
    expect(server.requests.filter((q) => q.path === '/never')).toHaveLength(2);
  });

  test('nothing is left hanging: the dripping and the never-answering requests were cut off by the prober', async () => {
    expect(results.get(server.url('/drip'))).toMatchObject({ verdict: 'ok', status: 200, attempts: 1 });
    await vi.waitFor(() => expect(server.openRequests()).toBe(0));
  });

  test('a soft-404 says what gave it away', () => {
    expect(results.get(server.url('/soft-404'))!.evidence).toContain('页面不存在');
    expect(results.get(server.url('/soft-404-gbk'))!.evidence).toContain('您访问的页面不存在');
    expect(results.get(server.url('/soft-404-body'))!.evidence).toContain('页面不存在');
  });
});

describe('failures below HTTP', () => {
  test('an unresolvable name is broken (dns); a refused connection is broken; a bad certificate is only review', async () => {
    const prober = createProber(FAST);
    const [dns, closed, badTls] = await prober.probe(['http://example.invalid/', `${refused}/page`, `${tls.origin}/`]);
    expect(dns).toMatchObject({ verdict: 'broken', reason: 'dns', attempts: 2 });
    expect(closed).toMatchObject({ verdict: 'broken', reason: 'connection-refused', attempts: 3 });
    expect(badTls).toMatchObject({ verdict: 'review', reason: 'tls', attempts: 1 });
  });

  test('once a host looks dead, one address confirms it and the others are answered without asking again', async () => {
    const prober = createProber(FAST);
    const urls = (origin: string) => Array.from({ length: 30 }, (_, i) => `${origin}/page/${i}.html`);
    const [dns, closed] = await Promise.all([prober.probe(urls('http://example.invalid')), prober.probe(urls(refused))]);
    expect(new Set(dns.map((r) => `${r.verdict} ${r.reason}`))).toEqual(new Set(['broken dns']));
    expect(new Set(closed.map((r) => `${r.verdict} ${r.reason}`))).toEqual(new Set(['broken connection-refused']));
    const attempts = (results: ProbeResult[]) => results.map((r) => r.attempts!).sort((a, b) => b - a);
    // One address retried to confirm (dns: twice in all, refused: three times); at most the five others already
    // in flight (six connections per host) asked once; the rest waited and were answered from what it found.
    for (const [results, confirm] of [[dns, 2], [closed, 3]] as const) {
      const [first, ...rest] = attempts(results);
      expect(first).toBe(confirm);
      expect(rest.filter((n) => n > 0).every((n) => n === 1)).toBe(true);
      expect(rest.filter((n) => n > 0).length).toBeLessThanOrEqual(5);
    }
  });

  test('a URL that is not http(s) or not a URL at all is answered without a request', async () => {
    const prober = createProber(FAST);
    const [bad, ftp] = await prober.probe(['https;//x', 'ftp://example.invalid/file']);
    expect(bad).toMatchObject({ verdict: 'broken', reason: 'malformed' });
    expect(ftp).toMatchObject({ verdict: 'review', reason: 'unsupported-scheme' });
  });
});

describe('sharing and caching', () => {
  test('the same URL asked for twice at once is fetched once, and each caller gets the result in order', async () => {
    const prober = createProber(FAST);
    const url = server.url('/ok?dedupe');
    const [a, b] = await Promise.all([prober.probe([url, url]), prober.probe([server.url('/missing?dedupe'), url])]);
    expect(a.map((r) => r.verdict)).toEqual(['ok', 'ok']);
    expect(b.map((r) => r.verdict)).toEqual(['broken', 'ok']);
    expect(server.requests.filter((q) => q.path === '/ok?dedupe')).toHaveLength(1);
  });

  test('a cached result is reused and not fetched again', async () => {
    const stored = new Map<string, ProbeResult>();
    const cache: ProbeCache = {
      get: async (urls) => new Map(urls.flatMap((u) => (stored.has(u) ? [[u, stored.get(u)!] as const] : []))),
      put: async (results) => {
        for (const r of results) stored.set(r.url, r);
      },
    };
    const url = server.url('/ok?cached');
    await createProber({ ...FAST, cache }).probe([url]);
    const again = await createProber({ ...FAST, cache }).probe([url]);
    expect(again[0]).toMatchObject({ verdict: 'ok', url });
    expect(server.requests.filter((q) => q.path === '/ok?cached')).toHaveLength(1);
  });
});

describe('limits', () => {
  test('at most 6 requests per host at once, however many hosts are busy', async () => {
    const hosts = await Promise.all([startDelayedServer(40), startDelayedServer(40), startDelayedServer(40)]);
    try {
      // Counted on the client, per origin (a server sees a connection close a moment after the prober moved on).
      const inFlight = new Map<string, number>();
      const peak = new Map<string, number>();
      const counting: typeof fetch = async (input, init) => {
        const origin = new URL(input instanceof Request ? input.url : String(input)).origin;
        inFlight.set(origin, (inFlight.get(origin) ?? 0) + 1);
        peak.set(origin, Math.max(peak.get(origin) ?? 0, inFlight.get(origin)!));
        try {
          return await fetch(input, init);
        } finally {
          inFlight.set(origin, inFlight.get(origin)! - 1);
        }
      };
      const prober = createProber({ ...FAST, perHost: 6, fetch: counting });
      const urls = hosts.flatMap((h) => Array.from({ length: 30 }, (_, i) => h.url(`/p/${i}`)));
      const results = await prober.probe(urls);
      expect(results.every((r) => r.verdict === 'ok')).toBe(true);
      for (const h of hosts) {
        expect(h.requests).toHaveLength(30);
        expect(peak.get(h.origin)).toBe(6);
      }
    } finally {
      await Promise.all(hosts.map((h) => h.close()));
    }
  });

  test('the global limit caps requests over all hosts', async () => {
    const hosts = await Promise.all([startDelayedServer(40), startDelayedServer(40)]);
    try {
      // Counted on the client: a server sees a connection close a moment after the prober has moved on,
      // and the peaks of two servers need not happen at the same time.
      let inFlight = 0;
      let peak = 0;
      const counting: typeof fetch = async (...args) => {
        peak = Math.max(peak, ++inFlight);
        try {
          return await fetch(...args);
        } finally {
          inFlight--;
        }
      };
      const prober = createProber({ ...FAST, perHost: 6, concurrency: 4, fetch: counting });
      const results = await prober.probe(hosts.flatMap((h) => Array.from({ length: 12 }, (_, i) => h.url(`/q/${i}`))));
      expect(results.every((r) => r.verdict === 'ok')).toBe(true);
      expect(peak).toBeLessThanOrEqual(4);
      expect(peak).toBeGreaterThanOrEqual(2);
    } finally {
      await Promise.all(hosts.map((h) => h.close()));
    }
  });
});

describe('Retry-After', () => {
  test('a 429 holds back only the address that got it: the host’s other links are checked meanwhile', async () => {
    const { createServer } = await import('node:http');
    const seen: string[] = [];
    let busyAnswers = 0;
    const host = createServer((req, res) => {
      seen.push(req.url ?? '');
      if (req.url === '/busy' && busyAnswers++ === 0) {
        res.writeHead(429, { 'retry-after': '30' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<title>正常页面</title><p>内容</p>');
    });
    await new Promise<void>((ok) => host.listen(0, '127.0.0.1', ok));
    const origin = `http://127.0.0.1:${(host.address() as { port: number }).port}`;
    // The wait the server asked for is the prober's own sleep here: released by the test, never by a clock.
    const waits: { ms: number; release(): void }[] = [];
    const prober = createProber({ ...FAST, maxRetryAfterMs: 60_000, sleep: (ms) => new Promise<void>((release) => waits.push({ ms, release })) });
    const others = Array.from({ length: 30 }, (_, i) => `${origin}/page-${i}`);
    try {
      const done = prober.probe([`${origin}/busy`, ...others]);
      // Pausing the host for the 30 s asked would hold these back; only /busy waits.
      await vi.waitFor(() => expect(seen.filter((p) => p.startsWith('/page-'))).toHaveLength(30), { timeout: 10_000 });
      expect(waits.map((w) => w.ms)).toEqual([30_000]);
      expect(seen.filter((p) => p === '/busy')).toHaveLength(1);
      for (const w of waits) w.release();
      const results = await done;
      expect(results.every((r) => r.verdict === 'ok')).toBe(true);
      expect(seen.filter((p) => p === '/busy')).toHaveLength(2);
    } finally {
      await new Promise((ok) => host.close(ok));
    }
  });
});
