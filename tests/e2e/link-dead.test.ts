import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Finding } from '../../lib/findings';
import { launchInspector, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { LINK_CASES, refusedOrigin, startLinkServer, startSelfSignedServer, type LinkServer } from '../fixtures/links/server';

let browser: InspectorBrowser;
let server: LinkServer;
let tls: { origin: string; close(): Promise<void> };
let refused: string;
let findings: Finding[];

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

beforeAll(async () => {
  server = await startLinkServer();
  tls = await startSelfSignedServer();
  refused = await refusedOrigin();
  server.setPage(
    [
      '<!doctype html><meta charset="utf-8"><title>链接检测夹具</title><body><ul>',
      ...LINK_CASES.map((c) => `<li><a href="${escape(c.path)}">${escape(c.label)}</a></li>`),
      '<li><a href="http://example.invalid/">域名不存在</a></li>',
      `<li><a href="${refused}/closed">端口无人监听</a></li>`,
      `<li><a href="${tls.origin}/">自签名证书</a></li>`,
      '<li><a href="//////">六个斜杠</a></li>',
      '<li><a href="https;//www.gov.cn/">分号代替冒号</a></li>',
      '<li><a href="irc://irc.example.org/gov">IRC 频道（不检查）</a></li>',
      '<li><a href="mailto:office@example.gov.cn">写信（不检查）</a></li>',
      '<li><img src="/images/missing.png" alt="缺失的图片"></li>',
      '<li><a href="/files/removed.doc">附件：实施方案.doc</a></li>',
      '</ul></body>',
    ].join('\n'),
  );
  browser = await launchInspector();
  const page = await browser.context.newPage();
  await page.goto(server.url('/page'));
  // The never-answering link costs two 10 s timeouts: the slowest case bounds the scan.
  const state = await waitForScan(browser, page, 120_000);
  findings = state.findings.filter((f) => f.rule === 'link-dead');
  await page.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await tls?.close();
});

const findingFor = (href: string) => findings.filter((f) => f.href === href);

describe('link-dead in Chromium, probed by the extension background', () => {
  test.each(LINK_CASES.map((c) => [c.label, c] as const))('%s', (_label, c) => {
    const found = findingFor(server.url(c.path)).filter((f) => f.label === c.label);
    if (c.verdict === 'ok' || c.verdict === 'redirected') {
      expect(found).toEqual([]);
      return;
    }
    expect(found).toHaveLength(1);
    const [f] = found;
    expect(f!.severity).toBe(c.verdict === 'broken' ? 'deduct' : 'review');
    expect(f!.detail.reason).toBe(c.reason);
    if (c.status !== undefined) expect(f!.detail.status).toBe(c.status);
    if (c.finalPath) expect(f!.detail.finalUrl).toBe(server.url(c.finalPath));
  });

  test('messages say what is wrong in Chinese', () => {
    const message = (path: string) => findingFor(server.url(path))[0]?.message;
    expect(message('/missing')).toBe('链接无法访问（HTTP 404）');
    expect(message('/found-missing')).toBe(`链接无法访问（HTTP 404），重定向至 ${server.url('/missing')}`);
    expect(message('/error')).toBe('链接无法访问（HTTP 500，服务器错误）');
    expect(message('/soft-404')).toMatch(/^疑似软 404：链接返回 200 但内容为“页面不存在”/);
    expect(message('/forbidden')).toBe('无法确认链接是否可用：网站拒绝自动访问（403），请人工核实');
    expect(message('/never')).toBe('无法确认链接是否可用：多次请求均超时，请人工核实');
    expect(message('/busy')).toBe('无法确认链接是否可用：网站限制访问频率（429），多次重试仍被拒绝，请人工核实');
  });

  test('network failures are told apart through chrome.webRequest: dead name and closed port are broken, bad TLS is review', () => {
    expect(findingFor('http://example.invalid/')[0]).toMatchObject({ severity: 'deduct', detail: { reason: 'dns' } });
    expect(findingFor(`${refused}/closed`)[0]).toMatchObject({ severity: 'deduct', detail: { reason: 'connection-refused' } });
    expect(findingFor(`${tls.origin}/`)[0]).toMatchObject({ severity: 'review', detail: { reason: 'tls' } });
    expect(findingFor(server.url('/loop'))[0]!.message).toBe('链接无法访问（重定向次数过多（循环重定向））');
  });

  test('malformed addresses are reported as such, other schemes are left alone', () => {
    const malformed = findings.filter((f) => f.detail.reason === 'malformed');
    expect(malformed.map((f) => [f.label, f.message])).toEqual([
      ['六个斜杠', '链接地址格式错误：“//////”，无法打开'],
      ['分号代替冒号', '链接地址格式错误：“https;//www.gov.cn/”，无法打开'],
    ]);
    expect(findings.some((f) => f.label.includes('不检查'))).toBe(false);
  });

  test('an image and an attachment are worded as what they are', () => {
    expect(findingFor(server.url('/images/missing.png'))[0]).toMatchObject({
      label: '缺失的图片',
      severity: 'deduct',
      message: '图片无法加载（HTTP 404）',
    });
    const attachment = findingFor(server.url('/files/removed.doc')).find((f) => f.label === '附件：实施方案.doc');
    expect(attachment?.message).toMatch(/^疑似软 404：附件返回 200/);
  });

  test('every finding points at its element on the page', () => {
    for (const f of findings) {
      expect(f.selector).not.toBe('');
      expect(f.snippet).toMatch(/^<(a|img)\b/);
    }
  });
});

describe('cache', () => {
  test('a second visit reuses the stored results instead of probing again', async () => {
    const before = server.requests.length;
    const page = await browser.context.newPage();
    await page.goto(server.url('/page'));
    const state = await waitForScan(browser, page, 60_000);
    await page.close();
    const again = state.findings.filter((f) => f.rule === 'link-dead');
    expect(again.map((f) => f.key).sort()).toEqual(findings.map((f) => f.key).sort());
    // The page renders its own <img> and asks for a favicon; those are the page's requests, not the prober's.
    const probed = server.requests
      .slice(before)
      .map((q) => q.path)
      .filter((p) => p !== '/images/missing.png' && p !== '/favicon.ico');
    // Only the page itself is fetched again: every link's verdict came from IndexedDB.
    expect(probed).toEqual(['/page']);
  });
});
