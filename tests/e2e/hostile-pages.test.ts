import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { ScanState } from '../../lib/messages';
import { launchInspector, scanStateOf, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { CORPUS, FIXTURES } from '../paths';

const HOSTILE = resolve(FIXTURES, 'link-rules/hostile');
const STRICT_CSP = "default-src 'none'";

const HUGE_SAME_SITE = 18_900;
const HUGE_EMPTY = 1_000;
const HUGE_SPAM = 100;
// Chromium's renderer itself crashes laying out about 3,000 nested elements (measured on this Chromium, no
// extension loaded), so the 5,000-deep tree sits in a display:none branch and a rendered one goes 2,000 deep.
const DEPTH_HIDDEN = 5_000;
const DEPTH_RENDERED = 2_000;

/** 20,000 links (same-site, empty, hidden spam to parasite pages) and, built by script, two very deep trees. */
function hugePage(): string {
  const parts = ['<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>超大页面</title></head><body><ul>'];
  for (let i = 0; i < HUGE_SAME_SITE; i++) parts.push(`<li><a href="/x/${i % 200}.html">新闻标题${i}</a></li>`);
  for (let i = 0; i < HUGE_EMPTY; i++) parts.push(`<li><a href="#">占位标题${i}</a></li>`);
  for (let i = 0; i < HUGE_SPAM; i++) parts.push(`<li style="display:none"><a href="/bocai/${i}.html">百家乐 真人娱乐</a></li>`);
  parts.push(`</ul><div id="deep-hidden" style="display:none"></div><div id="deep"></div>`);
  // The footer comes after all of it: the filing rules must read it without reading the whole page's text.
  parts.push(`<div class="bottom">主办：某县人民政府办公室 网站标识码：3701000005 鲁ICP备05000000号-1 <span>鲁公网安备</span> 37010202000001号 <span id="_ideConac"></span></div>`);
  parts.push(`<script>
    function nest(id, depth, html) {
      var parent = document.getElementById(id);
      for (var i = 0; i < depth; i++) { var d = document.createElement('div'); parent.appendChild(d); parent = d; }
      parent.innerHTML = html;
    }
    nest('deep-hidden', ${DEPTH_HIDDEN}, '<a href="#">藏在深处的空链</a><a href="http://deep-spam.tk/">百家乐</a>');
    nest('deep', ${DEPTH_RENDERED}, '<a href="#">最深处的空链</a>');
    window.deepBuilt = true;
  </script></body></html>`);
  return parts.join('\n');
}

let server: Server;
let origin: string;
let browser: InspectorBrowser;

beforeAll(async () => {
  const huge = hugePage();
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const html = (body: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(body);
    };
    switch (path) {
      case '/builtins.html':
      case '/storm.html':
        return html(readFileSync(resolve(HOSTILE, path.slice(1))));
      case '/csp-header.html':
        return html(readFileSync(resolve(HOSTILE, 'csp.html')), { 'content-security-policy': STRICT_CSP });
      case '/csp-meta.html':
        return html(readFileSync(resolve(HOSTILE, 'csp.html'), 'utf8').replace('<head>', `<head><meta http-equiv="Content-Security-Policy" content="${STRICT_CSP}">`));
      case '/huge.html':
        return html(huge);
      case '/utf16.html':
        // As the saved page is: UTF-16LE with a BOM while its meta says gb2312, and no charset from the server.
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(readFileSync(resolve(CORPUS, 'gov-pages/mhxqwer__qzhxiangtan.gov.cn/index.html')));
      default:
        return html('<!doctype html><title>ok</title><p>ok</p>');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchInspector();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

async function scanOf(path: string, timeoutMs = 120_000): Promise<{ page: Page; state: ScanState; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('crash', () => errors.push('crash'));
  await page.goto(`${origin}${path}`);
  const state = await waitForScan(browser, page, timeoutMs);
  return { page, state, errors };
}

const rules = (state: ScanState, rule: string) => state.findings.filter((f) => f.rule === rule);

describe('pages that redefine built-ins', () => {
  test('the page really has broken built-ins, and the scan in the isolated world finds what a clean page gives', async () => {
    const { page, state, errors } = await scanOf('/builtins.html');
    // The main world is as broken as it looks…
    expect(await page.evaluate(() => [document.querySelectorAll('a').length, [1, 2].map((x) => x).length, JSON.stringify({}), document.body.getAttribute('x')])).toEqual([
      0,
      0,
      '"pwned"',
      'http://evil-override.tk/',
    ]);
    // …and none of it reaches the content script.
    expect(errors).toEqual([]);
    expect(state.unscanned).toEqual([]);
    expect(rules(state, 'link-empty').map((f) => [f.label, f.severity])).toEqual([['看得见的空链', 'deduct']]);
    expect(rules(state, 'link-hidden').map((f) => [f.href, f.severity, f.detail.techniques])).toEqual([['http://www.abc123.com/', 'veto', ['display-none']]]);
    expect(rules(state, 'link-illegal').map((f) => [f.href, f.severity])).toEqual([['http://www.abc123.com/', 'veto']]);
    await page.close();
  });
});

describe("a strict Content-Security-Policy (default-src 'none')", () => {
  test.each(['/csp-header.html', '/csp-meta.html'])('%s: the scan runs and finds the hidden and empty links', async (path) => {
    const { page, state, errors } = await scanOf(path);
    // The policy is in force for the page itself: its inline script did not run.
    expect(await page.evaluate(() => (window as { inlineScriptRan?: boolean }).inlineScriptRan ?? 'blocked')).toBe('blocked');
    expect(errors).toEqual([]);
    expect(rules(state, 'link-empty').map((f) => [f.label, f.severity])).toEqual([['看得见的空链', 'deduct']]);
    expect(rules(state, 'link-hidden').map((f) => [f.href, f.severity, f.detail.techniques])).toEqual([
      ['http://www.abc123.com/', 'veto', ['display-none']],
      ['http://lottery-predict.cm/', 'veto', ['color']],
      ['http://porn-site.ga/video', 'veto', ['comment']],
    ]);
    await page.close();
  });
});

describe('a UTF-16LE page whose meta claims gb2312', () => {
  test('qzhxiangtan decodes, scans, and its 澳门 headline is not an illegal link', async () => {
    const { page, state, errors } = await scanOf('/utf16.html');
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => document.characterSet)).toBe('UTF-16LE');
    expect(state.title).toMatch(/湘潭/);
    expect(await page.evaluate(() => document.body.textContent?.includes('澳门'))).toBe(true);
    expect(state.findings.filter((f) => f.rule === 'link-hidden' || f.rule === 'link-illegal')).toEqual([]);
    await page.close();
  });
});

describe('a huge page: 20,000 links and a tree 5,000 elements deep', () => {
  test('the scan settles within its bounds and counts every finding', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/huge.html`);
    const state = await waitForScan(browser, page, 170_000);
    expect(await page.evaluate(() => [(window as { deepBuilt?: boolean }).deepBuilt, document.querySelectorAll('a').length])).toEqual([
      true,
      HUGE_SAME_SITE + HUGE_EMPTY + HUGE_SPAM + 3,
    ]);
    // The link rules finish within their budget (each rule has its own: see lib/engine/scan.ts).
    expect(state.unscanned.filter((u) => u.where.startsWith('link-'))).toEqual([]);
    // Every visible placeholder and the one at the bottom of the rendered deep tree; not the hidden one.
    const empty = rules(state, 'link-empty');
    expect(empty).toHaveLength(HUGE_EMPTY + 1);
    expect(empty.filter((f) => f.label.includes('深处')).map((f) => f.label)).toEqual(['最深处的空链']);
    const hidden = rules(state, 'link-hidden');
    expect(hidden).toHaveLength(HUGE_SPAM + 1);
    expect(hidden.every((f) => f.severity === 'veto')).toBe(true);
    expect(hidden.find((f) => f.href === 'http://deep-spam.tk/')?.detail.techniques).toEqual(['display-none']);
    expect(rules(state, 'link-illegal').map((f) => f.href)).toEqual(['http://deep-spam.tk/']);
    // The filing rules finish within their budget and find the whole footer below the 20,000 links.
    expect(state.unscanned.filter((u) => u.where.startsWith('filing-'))).toEqual([]);
    expect(rules(state, 'filing-missing')).toEqual([]);
    expect(rules(state, 'filing-mismatch')).toEqual([]);
    // The page stays usable: its own script still runs after the scan.
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    await page.close();
  }, 180_000);
});

describe('a page that keeps injecting links (MutationObserver storm)', () => {
  test('rescans happen during the storm, and the scan settles on every injected link once it stops', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/storm.html?ms=12000`);
    let seenDuringStorm = 0;
    for (;;) {
      const injected = await page.evaluate(() => (window as { stormInjected?: number }).stormInjected ?? null);
      if (injected !== null) break;
      const state = await scanStateOf(browser, page);
      seenDuringStorm = Math.max(seenDuringStorm, state ? rules(state, 'link-hidden').length : 0);
      await page.waitForTimeout(250);
    }
    // A debounce alone would have waited for the storm to end.
    expect(seenDuringStorm).toBeGreaterThan(0);
    const injected = await page.evaluate(() => (window as { stormInjected?: number }).stormInjected!);
    expect(injected).toBeGreaterThan(100);
    const deadline = Date.now() + 150_000;
    let state = await waitForScan(browser, page, 150_000);
    while (rules(state, 'link-hidden').length < injected && Date.now() < deadline) {
      await page.waitForTimeout(500);
      state = await waitForScan(browser, page, Math.max(1_000, deadline - Date.now()));
    }
    const hidden = rules(state, 'link-hidden');
    expect(hidden).toHaveLength(injected);
    expect(new Set(hidden.map((f) => f.href))).toEqual(new Set(Array.from({ length: injected }, (_, i) => `${origin}/bocai/storm-${i}.html`)));
    await page.close();
  }, 200_000);
});
