import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXTENSION_ID, launchInspector, waitForScan, type InspectorBrowser } from '../../cli/browser';
import type { ScanState } from '../../lib/messages';

/**
 * A government page on a closed office network: its own host answers, every other host fails DNS. The
 * off-site links are this machine's problem, not dead sites: no 错链 for them, one plain notice. The same
 * page with the outside reachable (every host mapped to a loopback server, some paths 404) gives the real
 * 错链. Host names are mapped with Chromium's --host-resolver-rules.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = resolve(ROOT, 'test-results/screenshots');
const HOST = 'www.qinghe.gov.test';
const OUTSIDE = ['www.gov.cn', 'www.henan.gov.cn', 'www.zz.gov.cn', 'friend.example.com', 'www.hnzwfw.gov.cn'];

let site: Server;
let outside: Server;
let sitePort = 0;
let outsidePort = 0;

const listen = (server: Server) => new Promise<number>((done) => server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)));

function pageHtml(): string {
  const off = (host: string, path: string, text: string) => `<li><a href="http://${host}:${outsidePort}${path}">${text}</a></li>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>青禾县人民政府</title></head><body>
<h1>青禾县人民政府</h1>
<ul class="nav"><li><a href="/ok.html">政务公开</a></li><li><a href="/gone.html">旧版栏目</a></li></ul>
<h2>友情链接</h2><ul class="links">
${off('www.gov.cn', '/', '中国政府网')}
${off('www.gov.cn', '/zhengce/', '最新政策')}
${off('www.henan.gov.cn', '/', '河南省人民政府')}
${off('www.zz.gov.cn', '/gone.html', '郑州市人民政府（旧址）')}
${off('friend.example.com', '/gone.html', '合作单位')}
${off('www.hnzwfw.gov.cn', '/', '河南政务服务网')}
</ul></body></html>`;
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  site = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '/index.html') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml());
    else if (path === '/ok.html') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>政务公开</title><p>政务公开内容</p>');
    else res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<title>404</title>');
  });
  // Every outside host on one server: by Host header it is www.gov.cn or friend.example.com; /gone.html is 404 on all.
  outside = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/gone.html') res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<title>404 Not Found</title>');
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>${req.headers.host}</title><p>正常页面</p>`);
  });
  sitePort = await listen(site);
  outsidePort = await listen(outside);
});
afterAll(async () => {
  await new Promise((done) => site?.close(done));
  await new Promise((done) => outside?.close(done));
});

const pageUrl = () => `http://${HOST}:${sitePort}/index.html`;
const UNREACHABLE_RULES = `MAP ${HOST} 127.0.0.1, MAP * ~NOTFOUND`;

async function scanIn(browser: InspectorBrowser): Promise<{ page: Page; state: ScanState }> {
  const page = await browser.context.newPage();
  await page.goto(pageUrl());
  const state = await waitForScan(browser, page);
  return { page, state };
}

async function openPopupFor(browser: InspectorBrowser, url: string, shot: string): Promise<Page> {
  const tabId = await browser.worker.evaluate(async (u: string) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
  expect(tabId).toBeTypeOf('number');
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 380, height: 640 });
  await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tabId=${tabId}`);
  await popup.locator('.gsi-rules').waitFor();
  await popup.screenshot({ path: resolve(SHOTS, shot), fullPage: true });
  return popup;
}

const deadHosts = (state: ScanState) =>
  state.findings
    .filter((f) => f.rule === 'link-dead' && f.severity === 'deduct')
    .map((f) => new URL(f.href!).hostname)
    .sort();

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('npx', ['tsx', 'cli/audit.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('the page host answers, every other host fails DNS', () => {
  let browser: InspectorBrowser;
  beforeAll(async () => {
    browser = await launchInspector({ args: [`--host-resolver-rules=${UNREACHABLE_RULES}`] });
  });
  afterAll(async () => browser?.close());

  test('no 错链 for the unreachable hosts, only for the own dead link; one plain notice in the popup', async () => {
    const { state } = await scanIn(browser);
    expect(deadHosts(state)).toEqual([HOST]);
    expect(state.findings.filter((f) => f.rule === 'link-dead' && f.href && OUTSIDE.includes(new URL(f.href).hostname))).toEqual([]);
    const notices = state.unscanned.filter((u) => u.kind === 'unreachable-hosts');
    expect(notices).toHaveLength(1);
    expect(notices[0].network).toMatchObject({ scope: 'outside', failures: ['dns'], hosts: OUTSIDE.length, links: 6, answered: 0 });

    const popup = await openPopupFor(browser, pageUrl(), 'network-unreachable-popup.png');
    const notice = popup.locator('.gsi-network-notice');
    await expect.poll(() => notice.count()).toBe(1);
    const text = await notice.innerText();
    expect(text).toContain('本机网络无法访问外部网站');
    expect(text).toContain('6 个链接未检查，不计为错链');
    // Said once: not again in the not-scanned list, and nothing anywhere says the sites may be closed.
    expect(await popup.locator('.gsi-unscanned [data-kind="unreachable-hosts"]').count()).toBe(0);
    expect(await popup.locator('body').innerText()).not.toContain('可能已关闭');
    await popup.close();
  });

  test('the CLI summary says it once, and lists no 错链 for those hosts', async () => {
    const r = await runCli(['--format', 'table', pageUrl()], { GSI_HOST_RESOLVER_RULES: UNREACHABLE_RULES, GSI_OUT_DIR: process.env.GSI_OUT_DIR ?? '.output' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/━━ 注意：本机网络无法访问外部网站/g)).toHaveLength(1);
    expect(r.stdout).toContain('本页 6 个链接未检查，不计为错链（见末尾说明）');
    expect(r.stdout).not.toContain('可能已关闭');
    for (const host of OUTSIDE) expect(r.stdout).not.toMatch(new RegExp(`错链.*${host.replace(/\./g, '\\.')}`));
  });
});

describe('the same page with the outside reachable', () => {
  let browser: InspectorBrowser;
  beforeAll(async () => {
    browser = await launchInspector({ args: ['--host-resolver-rules=MAP * 127.0.0.1'] });
  });
  afterAll(async () => browser?.close());

  test('the real 错链 are reported, and no network notice', async () => {
    const { state } = await scanIn(browser);
    expect(deadHosts(state)).toEqual(['friend.example.com', HOST, 'www.zz.gov.cn'].sort());
    expect(state.unscanned.filter((u) => u.kind === 'unreachable-hosts')).toEqual([]);
    const popup = await openPopupFor(browser, pageUrl(), 'network-reachable-popup.png');
    expect(await popup.locator('.gsi-network-notice').count()).toBe(0);
    await popup.close();
  });
});
