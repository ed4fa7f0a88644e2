// @vitest-environment node
// Real sockets: the prober's requests reach a live server on 127.0.0.1 exactly when the policy allows them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createProber } from '@/lib/links/prober';
import { ProbeBudget, addressClass, targetRefusal } from '@/lib/links/target-policy';
import { startLinkServer, type LinkServer } from '../../fixtures/links/server';

describe('address classes, judged from the URL host as written', () => {
  test.each([
    ['localhost', 'loopback'],
    ['app.localhost', 'loopback'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['0.0.0.0', 'loopback'],
    ['[::1]', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['[fd12:3456::1]', 'private'],
    ['[::ffff:c0a8:101]', 'private'],
    ['169.254.169.254', 'link-local'],
    ['[fe80::1]', 'link-local'],
    ['172.32.0.1', 'public'],
    ['8.8.8.8', 'public'],
    ['[2001:db8::1]', 'public'],
    ['www.gov.cn', 'public'],
    ['intranet.example', 'public'],
  ])('%s is %s', (host, kind) => {
    expect(addressClass(host)).toBe(kind);
  });

  test('the WHATWG parser normalises tricky spellings before they are judged', () => {
    for (const raw of ['http://0x7f.1/', 'http://2130706433/', 'http://0177.0.0.1/', 'http://LOCALHOST./']) {
      expect(addressClass(new URL(raw).hostname), raw).toBe('loopback');
    }
  });
});

describe('which targets a page may have probed', () => {
  test('a public page may not reach loopback, private or link-local addresses', () => {
    const page = 'https://www.jinan.gov.cn/index.html';
    expect(targetRefusal(page, 'http://127.0.0.1:8080/admin')).toBe('loopback-address');
    expect(targetRefusal(page, 'http://localhost/')).toBe('loopback-address');
    expect(targetRefusal(page, 'http://192.168.1.1/login')).toBe('private-address');
    expect(targetRefusal(page, 'http://169.254.169.254/latest/meta-data/')).toBe('link-local-address');
    expect(targetRefusal(page, 'ftp://files.example/')).toBe('unsupported-scheme');
    expect(targetRefusal(page, 'https://www.gov.cn/')).toBeNull();
  });

  test('a page on a local network may check links on the same kind of network', () => {
    expect(targetRefusal('http://10.20.1.5/oa/index.html', 'http://10.20.1.9/notice.html')).toBeNull();
    expect(targetRefusal('http://10.20.1.5/oa/index.html', 'http://192.168.0.3/')).toBeNull();
    expect(targetRefusal('http://10.20.1.5/oa/index.html', 'http://127.0.0.1/')).toBe('loopback-address');
    expect(targetRefusal('http://127.0.0.1:5173/', 'http://127.0.0.1:5173/missing.html')).toBeNull();
    expect(targetRefusal('http://127.0.0.1:5173/', 'http://10.0.0.1/')).toBe('private-address');
  });

  test('a page gets a stated number of probes; the same URL again costs nothing, another page has its own', () => {
    const budget = new ProbeBudget(3);
    const urls = ['a', 'b', 'c', 'd', 'e'].map((p) => `https://www.gov.cn/${p}`);
    const first = budget.screen('doc-1', 'https://www.gov.cn/', urls);
    expect(first.allowed).toEqual(urls.slice(0, 3));
    expect(first.refused.map((r) => [r.url, r.verdict, r.reason])).toEqual([
      [urls[3], 'review', 'probe-limit'],
      [urls[4], 'review', 'probe-limit'],
    ]);
    expect(budget.screen('doc-1', 'https://www.gov.cn/', [urls[0], urls[4]]).allowed).toEqual([urls[0]]);
    expect(budget.screen('doc-2', 'https://www.gov.cn/', urls).allowed).toHaveLength(3);
  });
});

describe('the prober with a page', () => {
  let server: LinkServer;
  beforeAll(async () => {
    server = await startLinkServer();
  });
  afterAll(() => server?.close());

  test('a public page listing a loopback address: answered as not checked, and no request reaches the address', async () => {
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const prober = createProber({ fetch: counting });
    const target = server.url('/ok');
    const [r] = await prober.probe([target], { key: 'doc-public', url: 'https://www.jinan.gov.cn/' });
    expect(r).toMatchObject({ url: target, verdict: 'review', reason: 'loopback-address' });
    expect(requests).toBe(0);
    // The same address for a page on loopback itself is checked as before.
    const [local] = await prober.probe([target], { key: 'doc-local', url: server.url('/index.html') });
    expect(local.verdict).toBe('ok');
    expect(requests).toBeGreaterThan(0);
  });

  test('past the per-page budget links are not requested and say why', async () => {
    const prober = createProber({ maxProbesPerPage: 2 });
    const page = { key: 'doc-many', url: server.url('/index.html') };
    const urls = ['/ok', '/ok?2', '/ok?3', '/ok?4'].map((p) => server.url(p));
    const results = await prober.probe(urls, page);
    expect(results.map((r) => r.url)).toEqual(urls);
    expect(results.map((r) => r.reason === 'probe-limit')).toEqual([false, false, true, true]);
  });
});
