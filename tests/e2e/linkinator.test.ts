/**
 * linkinator's fixtures (../shared/corpus/link-checkers/linkinator/test/fixtures), checked by the extension in
 * Chromium, against the verdicts linkinator's own test/test.index.ts expects where the two tools mean the same.
 *
 * linkinator mocks the network (undici MockAgent): `example.invalid` answers what each test wants. Here nothing
 * is mocked: `example.invalid` really does not resolve, which is linkinator's "should handle fetch exceptions"
 * case (broken), and where its tests mock a status for a path, this file's server answers that status on
 * 127.0.0.1 instead.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Finding } from '../../lib/findings';
import type { ScanState } from '../../lib/messages';
import { launchInspector, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { CORPUS } from '../paths';

const FIXTURES = join(CORPUS, 'link-checkers/linkinator/test/fixtures');

/** What linkinator's tests mock with 200 for the <base> cases (test 'should detect relative urls with relative base'). */
const BASE_OK = new Set(['/anotherBase/ok', '/pageBase/anotherBase/ok', '/pageBase/ok']);
/** The status-codes fixtures' example.com paths, answered with the status each is named after. */
const STATUS: Record<string, number> = { success: 200, forbidden: 403, notfound: 404, error: 500, unavailable: 503, teapot: 418 };
// A 1×1 JPEG: linkinator's image fixture has a real boo.jpg; the corpus keeps text files only.
const BOO_JPG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

let server: Server;
let origin: string;
let browser: InspectorBrowser;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: string | Buffer = '', type = 'text/html; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (url.pathname === '/pageBase/index') {
      return send(200, await readFile(join(FIXTURES, 'basetag', `${url.searchParams.get('case')}.html`)));
    }
    if (BASE_OK.has(url.pathname)) return send(200, '<title>ok</title>');
    if (url.pathname.startsWith('/status-page/')) {
      const html = await readFile(join(FIXTURES, 'status-codes', url.pathname.slice('/status-page/'.length)), 'utf8');
      return send(200, html.replaceAll('https://example.com/', `${origin}/status/`));
    }
    if (url.pathname.startsWith('/status/')) {
      const status = STATUS[url.pathname.slice('/status/'.length)] ?? 404;
      return send(status, `<title>${status}</title><p>status ${status}</p>`);
    }
    if (url.pathname === '/lk/image/boo.jpg') return send(200, BOO_JPG, 'image/jpeg');
    if (url.pathname.startsWith('/lk/')) {
      const file = normalize(join(FIXTURES, decodeURIComponent(url.pathname.slice(4))));
      if (file.startsWith(FIXTURES + sep)) {
        const body = await readFile(file).catch(() => null);
        if (body) return send(200, body);
      }
    }
    send(404, '<title>404 Not Found</title><h1>Not Found</h1>');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await launchInspector();
});
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((ok) => server?.close(ok));
});

async function scanPage(path: string): Promise<{ state: ScanState; dead: Finding[] }> {
  const page = await browser.context.newPage();
  try {
    await page.goto(origin + path);
    const state = await waitForScan(browser, page);
    return { state, dead: state.findings.filter((f) => f.rule === 'link-dead') };
  } finally {
    await page.close();
  }
}

const verdicts = (dead: Finding[]) => dead.map((f) => [f.href ?? f.label, f.severity, f.detail.reason]);

describe("linkinator's fixtures, same verdicts", () => {
  test("basic / broke: a link to a name that does not resolve is broken ('should handle fetch exceptions')", async () => {
    for (const fixture of ['basic', 'broke']) {
      const { dead } = await scanPage(`/lk/${fixture}/index.html`);
      expect(verdicts(dead)).toEqual([['http://example.invalid/', 'deduct', 'dns']]);
    }
  });

  test("twice: one address six times (one with a fragment) is checked once ('should only try a link once')", async () => {
    const { state, dead } = await scanPage('/lk/twice/index.html');
    // linkinator reports the link once; an inspector needs each element outlined, so each gets a finding.
    expect(state.linksTotal).toBe(1);
    expect(dead).toHaveLength(6);
    expect(new Set(dead.map((f) => f.href))).toEqual(new Set(['http://example.invalid/']));
  });

  test("malformed: '//////' is broken ('should report malformed links as broken')", async () => {
    const { dead } = await scanPage('/lk/malformed/index.html');
    expect(verdicts(dead)).toEqual([['oh noes', 'deduct', 'malformed']]);
  });

  test("protocols: irc, mailto and data are not followed ('should not follow non-http[s] links')", async () => {
    const { state, dead } = await scanPage('/lk/protocols/index.html');
    expect(dead).toEqual([]);
    expect(state.linksTotal).toBe(0);
  });

  test("image: missing.png and the srcset's missing.jpg are broken, boo.jpg is fine ('should detect broken image links')", async () => {
    const { state, dead } = await scanPage('/lk/image/index.html');
    expect(state.linksTotal).toBe(3);
    expect(verdicts(dead)).toEqual([
      [`${origin}/lk/image/missing.png`, 'deduct', 'http-404'],
      [`${origin}/lk/image/missing.jpg`, 'deduct', 'http-404'],
    ]);
  });

  test("srcset: comma-separated candidates with and without spaces all resolve ('should handle comma separated srcset')", async () => {
    const { state, dead } = await scanPage('/lk/srcset/index.html');
    expect(state.linksTotal).toBe(2);
    expect(dead).toEqual([]);
  });

  test.each([
    ['relative-to-root', '/anotherBase/'],
    ['relative-folder', '/pageBase/anotherBase/'],
    ['relative-dot-folder', '/pageBase/anotherBase/'],
    ['relative-page', '/pageBase/'],
    ['empty-base', '/pageBase/'],
  ])("basetag %s: links resolve against <base>, 'ok' works and 'broken' is broken ('should detect relative urls with relative base')", async (fixture, dir) => {
    const { state, dead } = await scanPage(`/pageBase/index?case=${fixture}`);
    expect(state.linksTotal).toBe(2);
    // Two anchors ("broken" and "./broken") name the one broken address.
    expect(verdicts(dead)).toEqual([
      [`${origin}${dir}broken`, 'deduct', 'http-404'],
      [`${origin}${dir}broken`, 'deduct', 'http-404'],
    ]);
  });

  test("basetag absolute: the first <base> wins, the second is ignored ('should detect relative urls with absolute base')", async () => {
    const { dead } = await scanPage('/pageBase/index?case=absolute');
    // linkinator mocks another.example.invalid/ok with 200; unmocked, the host does not resolve, so both are
    // broken here. What is compared is where the links point.
    expect(new Set(dead.map((f) => f.href))).toEqual(new Set(['http://another.example.invalid/ok', 'http://another.example.invalid/broken']));
    expect(dead.every((f) => f.detail.reason === 'dns')).toBe(true);
  });

  test("relative and local: relative links to existing pages pass ('should handle relative links')", async () => {
    for (const path of ['/lk/relative/index.html', '/lk/relative/nested/index.html', '/lk/local/index.html']) {
      const { state, dead } = await scanPage(path);
      expect(state.linksTotal).toBeGreaterThan(0);
      expect(dead).toEqual([]);
    }
  });

  test("urlpatterns: an encoded '+' in a path reaches the file ('should handle encoded urls')", async () => {
    const { state, dead } = await scanPage('/lk/urlpatterns/index.html');
    expect(state.linksTotal).toBe(1);
    expect(dead).toEqual([]);
  });

  test("clean-urls: 'about' without .html is broken when the server has no clean URLs ('should NOT resolve clean URLs when disabled')", async () => {
    const { dead } = await scanPage('/lk/server/clean-urls/index.html');
    expect(verdicts(dead)).toEqual([[`${origin}/lk/server/clean-urls/about`, 'deduct', 'http-404']]);
  });

  test("css: addresses in CSS are not checked, the anchor is ('should NOT extract URLs from inline CSS when checkCss is disabled')", async () => {
    const { dead } = await scanPage('/lk/css/index.html');
    expect(verdicts(dead)).toEqual([['http://example.invalid/regular-link', 'deduct', 'dns']]);
  });

  test("repeated-broken-link: a dead address is reported on every page that links it ('should report broken links for all parent pages')", async () => {
    const a = await scanPage('/lk/repeated-broken-link/pageA.html');
    const b = await scanPage('/lk/repeated-broken-link/pageB.html');
    expect(a.dead.map((f) => f.href)).toEqual(['http://example.invalid/broken123', 'http://example.invalid/broken456']);
    expect(b.dead.map((f) => f.href)).toEqual(['http://example.invalid/broken123', 'http://example.invalid/broken789']);
  });

  test('status-codes: 200 passes; 404, 418 and 5xx are broken', async () => {
    const found = new Map<string, Finding>();
    for (const file of ['200.html', '404.html', '5xx.html', 'pattern.html']) {
      for (const f of (await scanPage(`/status-page/${file}`)).dead) found.set(f.href!, f);
    }
    expect(found.has(`${origin}/status/success`)).toBe(false);
    expect(found.get(`${origin}/status/notfound`)).toMatchObject({ severity: 'deduct', detail: { reason: 'http-404' } });
    expect(found.get(`${origin}/status/teapot`)).toMatchObject({ severity: 'deduct', detail: { reason: 'http-418' } });
    expect(found.get(`${origin}/status/error`)).toMatchObject({ severity: 'deduct', detail: { reason: 'http-500' } });
    expect(found.get(`${origin}/status/unavailable`)).toMatchObject({ severity: 'deduct', detail: { reason: 'http-503' } });
  });
});

describe("linkinator's fixtures, where the verdicts differ on purpose", () => {
  test('403: linkinator calls it broken; here it is review, because government sites put bot walls in front of live pages', async () => {
    const { dead } = await scanPage('/status-page/403.html');
    expect(verdicts(dead)).toEqual([[`${origin}/status/forbidden`, 'review', 'bot-wall']]);
  });

  // (The metarefresh fixture is left out: Chromium follows its refresh at once, away from the page.)
  test('<link rel=stylesheet>, canonical/alternate and scripts are page resources, not links an inspector follows: not checked', async () => {
    for (const fixture of ['prefetch', 'alternate', 'scripts']) {
      const { state, dead } = await scanPage(`/lk/${fixture}/index.html`);
      expect(state.linksTotal).toBe(0);
      expect(dead).toEqual([]);
    }
  });
});
