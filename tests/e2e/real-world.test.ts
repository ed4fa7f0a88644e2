import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { type RuleId } from '../../lib/findings';
import { RULE_CATALOG } from '../../lib/rule-catalog';
import type { ScanState } from '../../lib/messages';
import { HOST_TAG } from '../../lib/overlay/overlay';
import { launchInspector, sendToPage, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { FIXTURES } from '../paths';

/**
 * What real government sites do that the other test pages do not: a strict CSP (header or meta), Trusted
 * Types, GBK, a <base> on another domain, quirks mode with a table layout, a body replaced or a document
 * rewritten after load, and page scripts that redefine built-ins. On each, the scan finds what it should, the
 * overlay draws its outlines and legend, the picker outlines and picks an element, and the evidence mark shows.
 * Served as a plain-http site under a host name (an insecure context), as most of them are.
 */
const DIR = resolve(FIXTURES, 'real-world');
const HOST = 'www.qinghe.gov.test';
const OTHER = 'www.other.gov.test';
const CSP = "default-src 'self'; style-src 'self'; script-src 'self'";

/** A GBK encoder built from the platform's GBK decoder (Node has no GBK encoder of its own). */
function gbkEncoder(): (text: string) => Buffer {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, [number, number]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(lead, trail));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  return (text) => {
    const bytes: number[] = [];
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (code < 0x80) bytes.push(code);
      else {
        const pair = table.get(ch);
        if (!pair) throw new Error(`not in GBK: ${ch}`);
        bytes.push(...pair);
      }
    }
    return Buffer.from(bytes);
  };
}

const PAGE = readFileSync(resolve(DIR, 'page.html'), 'utf8');
const withHead = (html: string, extra: string) => html.replace('<head>', `<head>\n${extra}`);

let server: Server;
let origin: string;
/** Every request's address as it reached the server (the query as the client encoded it). */
const requested: string[] = [];
let browser: InspectorBrowser;

beforeAll(async () => {
  const gbk = gbkEncoder();
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (body: string | Buffer, type: string, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'content-type': type, ...headers });
      res.end(body);
    };
    const html = (body: string | Buffer, headers: Record<string, string> = {}) => send(body, 'text/html; charset=utf-8', headers);
    switch (path) {
      case '/site.css':
        return send(readFileSync(resolve(DIR, 'site.css')), 'text/css');
      case '/page.js':
        return send('window.pageScriptRan = true;', 'text/javascript');
      case '/globals.js':
        return send(readFileSync(resolve(DIR, 'globals.js')), 'text/javascript');
      case '/plain.html':
        return html(PAGE);
      case '/csp-header.html':
        return html(withHead(PAGE, '<script>window.inlineScriptRan = true;</script>'), { 'content-security-policy': CSP });
      case '/csp-meta.html':
        return html(withHead(PAGE, `<meta http-equiv="Content-Security-Policy" content="${CSP}"><script>window.inlineScriptRan = true;</script>`));
      case '/trusted-types.html':
        return html(PAGE, { 'content-security-policy': "require-trusted-types-for 'script'; trusted-types 'none'" });
      case '/gbk-header.html':
        // The charset in the header only.
        return send(gbk(PAGE.replace('<meta charset="utf-8">\n', '')), 'text/html; charset=gbk');
      case '/gbk-meta.html':
        // The charset in a <meta> only.
        return send(gbk(PAGE.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')), 'text/html');
      case '/base.html':
        // Every relative address now points at another domain: the site's own files are written in full.
        return html(
          withHead(PAGE.replace('/site.css', `${origin}/site.css`).replace('/page.js', `${origin}/page.js`), `<base href="http://${OTHER}/portal/">`),
        );
      case '/quirks.html':
        return html(readFileSync(resolve(DIR, 'quirks.html')));
      case '/mourning.html':
        // National mourning days: the whole site in grey.
        return html(withHead(PAGE, '<style>html { filter: grayscale(100%); -webkit-filter: grayscale(100%); }</style>'));
      case '/col1.html':
        return html('<!doctype html><meta charset="utf-8"><title>栏目一</title><p>第一栏没有链接</p>');
      case '/col2.html':
        return html('<!doctype html><meta charset="utf-8"><title>栏目二</title><p><a id="inframe" href="#">框架里的空链</a></p>');
      case '/gbk-query.html':
        // A column list whose address carries its name in the query, as many JSP/ASP sites do.
        return send(gbk('<!doctype html><meta charset="gbk"><title>栏目</title><p><a id="col" href="/list.jsp?type=通知公告">通知公告</a></p>'), 'text/html; charset=gbk');
      case '/list.jsp':
        // The site reads its query as GBK: the UTF-8 spelling of the column is no column.
        if (req.url === '/list.jsp?type=%CD%A8%D6%AA%B9%AB%B8%E6') return html('<!doctype html><meta charset="utf-8"><title>通知公告</title><p>通知公告</p>');
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
        return res.end('<!doctype html><title>404</title><p>栏目不存在</p>');
      case '/globals.html':
        return html(PAGE.replace('/page.js', '/globals.js'));
      default:
        return html('<!doctype html><meta charset="utf-8"><title>正文</title><p>正文</p>');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  origin = `http://${HOST}:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchInspector({ args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`] });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

// ---- looking inside the extension's closed shadow roots (DevTools can; page scripts cannot) ----

async function inShadow<T>(page: Page, hostTag: string, fn: string, arg?: unknown): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { result } = await cdp.send('Runtime.evaluate', { expression: `document.querySelector('${hostTag}')` });
    if (!result.objectId) throw new Error(`${hostTag} not found`);
    const { node } = await cdp.send('DOM.describeNode', { objectId: result.objectId, depth: 1, pierce: true });
    const shadowRoot = node.shadowRoots?.[0];
    if (!shadowRoot) throw new Error(`${hostTag} has no shadow root`);
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadowRoot.backendNodeId });
    const call = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      functionDeclaration: `function (arg) { return (${fn})(this, arg); }`,
      arguments: [{ value: arg ?? null }],
      returnByValue: true,
      awaitPromise: true,
    });
    if (call.exceptionDetails) throw new Error(call.exceptionDetails.exception?.description ?? call.exceptionDetails.text);
    return call.result.value as T;
  } finally {
    await cdp.detach();
  }
}

interface Box {
  key: string;
  rule: RuleId;
  x: number;
  y: number;
  w: number;
  h: number;
  color: string;
  borderWidth: string;
}

// The tests measure in the page's world: a page that redefined the built-ins (globals.js) keeps the real ones.
const REAL = `const real = window.__real || { rect: Element.prototype.getBoundingClientRect, style: getComputedStyle };`;

const BOXES = `(root) => { ${REAL} return [...root.querySelectorAll('.box')]
  .filter((b) => b.style.display !== 'none' && !b.classList.contains('marker'))
  .map((b) => {
    const r = real.rect.call(b);
    const s = real.style.call(window, b);
    return { key: b.dataset.key, rule: b.dataset.rule, x: r.x, y: r.y, w: r.width, h: r.height, color: s.borderTopColor, borderWidth: s.borderTopWidth };
  }); }`;
const boxesOf = (page: Page) => inShadow<Box[]>(page, HOST_TAG, BOXES);

const LEGEND = `(root) => {
  ${REAL}
  const legend = root.querySelector('.legend');
  const r = real.rect.call(legend);
  return {
    pill: legend.classList.contains('pill'),
    rows: Object.fromEntries([...legend.querySelectorAll('.row')].map((row) => [row.dataset.rule, Number(row.querySelector('.count').textContent)])),
    reviews: Object.fromEntries([...legend.querySelectorAll('.row .review')].map((r) => [r.closest('.row').dataset.rule, Number(r.textContent.match(/\\d+/)[0])])),
    rect: { x: r.x, y: r.y, w: r.width, h: r.height },
    background: real.style.call(window, legend).backgroundColor,
  };
}`;
interface Legend {
  pill: boolean;
  /** What the machine is sure of, per rule; `reviews`: what a person must judge, shown apart in the row. */
  rows: Record<string, number>;
  reviews: Record<string, number>;
  rect: { x: number; y: number; w: number; h: number };
  background: string;
}
const legendOf = (page: Page) => inShadow<Legend>(page, HOST_TAG, LEGEND);

const PICKER_BOX = `(root) => {
  ${REAL}
  const box = root.querySelector('.box');
  const s = real.style.call(window, box);
  const r = real.rect.call(box);
  return { display: s.display, position: s.position, borderWidth: s.borderTopWidth, x: r.x, y: r.y, w: r.width, h: r.height };
}`;

function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

async function rectOf(page: Page, selector: string): Promise<{ x: number; y: number; w: number; h: number }> {
  return page.evaluate((sel) => {
    const real = (window as { __real?: { rect: () => DOMRect } }).__real?.rect ?? Element.prototype.getBoundingClientRect;
    const r = real.call(document.querySelector(sel)!);
    return { x: r.x, y: r.y, w: r.width, h: r.height };
  }, selector);
}

const near = (a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }, slack = 2) =>
  Math.abs(a.x - b.x) <= slack && Math.abs(a.y - b.y) <= slack && Math.abs(a.w - b.w) <= slack && Math.abs(a.h - b.h) <= slack;

/** Where the overlay draws an element's outline: 2 px outside its box. */
const outlineOf = (r: { x: number; y: number; w: number; h: number }) => ({ x: r.x - 2, y: r.y - 2, w: r.w + 4, h: r.h + 4 });

const rulesOf = (state: ScanState, rule: RuleId) => state.findings.filter((f) => f.rule === rule);

/** What every variant of the county page must give: the same findings as the plain UTF-8 page. */
function expectPageFindings(state: ScanState, emptyLabel = '看得见的空链'): void {
  expect(state.unscanned.filter((u) => u.kind === 'rule-error')).toEqual([]);
  expect(rulesOf(state, 'link-empty').map((f) => f.label)).toEqual([emptyLabel]);
  expect(rulesOf(state, 'link-hidden').map((f) => [f.href, f.detail.techniques])).toEqual([
    ['http://www.abc123.com/', ['display-none']],
    ['http://porn-site.ga/video', ['comment']],
  ]);
  expect(rulesOf(state, 'link-illegal').map((f) => f.href)).toContain('http://www.abc123.com/');
  expect(rulesOf(state, 'wording-error').map((f) => f.label)).toEqual(['攻府']);
}

/** The overlay outlines the empty link and the wrong words where they are, in the rules' colours, with its legend. */
async function expectOverlay(page: Page, state: ScanState, emptyId = '#empty', newsId = '#news'): Promise<void> {
  const empty = rulesOf(state, 'link-empty')[0];
  const words = rulesOf(state, 'wording-error')[0];
  await expect.poll(async () => (await boxesOf(page)).map((b) => b.key), { timeout: 10_000 }).toEqual(expect.arrayContaining([empty.key, words.key]));
  const boxes = await boxesOf(page);
  const emptyBox = boxes.find((b) => b.key === empty.key)!;
  expect(near(emptyBox, outlineOf(await rectOf(page, emptyId))), JSON.stringify([emptyBox, await rectOf(page, emptyId)])).toBe(true);
  const news = await rectOf(page, newsId);
  const wordsBox = boxes.find((b) => b.key === words.key)!;
  // The two characters, inside their paragraph.
  expect(wordsBox.x).toBeGreaterThanOrEqual(news.x - 2);
  expect(wordsBox.y).toBeGreaterThanOrEqual(news.y - 2);
  expect(wordsBox.x + wordsBox.w).toBeLessThanOrEqual(news.x + news.w + 2);
  expect(wordsBox.w).toBeLessThan(news.w);
  for (const b of boxes) {
    expect(b.color).toBe(rgb(RULE_CATALOG[b.rule].color));
    expect(b.borderWidth).toBe('2px');
  }
  // Each rule's row: the sure findings, with the ones a person must judge beside them; together the scan's count.
  const perRule = ({ rows, reviews }: Legend) => Object.fromEntries(Object.keys({ ...rows, ...reviews }).map((rule) => [rule, (rows[rule] ?? 0) + (reviews[rule] ?? 0)]));
  await expect.poll(async () => perRule(await legendOf(page)), { timeout: 10_000 }).toEqual(state.counts);
  const legend = await legendOf(page);
  expect(legend.background).toBe('rgb(255, 255, 255)');
  // In the viewport (1280×900), where the inspector sees it.
  expect(legend.rect.w).toBeGreaterThan(100);
  expect(legend.rect.x + legend.rect.w).toBeLessThanOrEqual(1280);
  expect(legend.rect.y).toBeGreaterThanOrEqual(0);
  expect(legend.rect.y + legend.rect.h).toBeLessThanOrEqual(900);
}

/** The picker outlines the element under the pointer and picks it; evidence capture's mark outlines it. */
async function expectPickAndMark(page: Page, id = '#empty', label = '看得见的空链'): Promise<void> {
  const tabId = await browser.worker.evaluate(async (url: string) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id, page.url());
  expect(tabId).toBeTypeOf('number');
  const draft = { tabId, pageUrl: page.url(), pageTitle: '', rule: 'link-empty', severity: 'deduct', category: '', label: '', note: '手工标注', target: null, picking: true };
  await browser.worker.evaluate((d) => chrome.storage.session.set({ [`manualDraft:${d.tabId}`]: d }), draft);
  expect(await sendToPage(browser, page, { type: 'pick-element' })).toBe(true);
  await expect.poll(() => page.evaluate(() => !!document.querySelector('gsi-picker')), { timeout: 10_000 }).toBe(true);
  const target = await rectOf(page, id);
  const cx = target.x + target.w / 2;
  const cy = target.y + target.h / 2;
  await page.mouse.move(cx - 1, cy);
  await page.mouse.move(cx, cy);
  await expect.poll(async () => (await inShadow<{ display: string }>(page, 'gsi-picker', PICKER_BOX)).display, { timeout: 10_000 }).toBe('block');
  const box = await inShadow<{ display: string; position: string; borderWidth: string; x: number; y: number; w: number; h: number }>(page, 'gsi-picker', PICKER_BOX);
  // Styled (a fixed, bordered box) and over the element.
  expect([box.position, box.borderWidth]).toEqual(['fixed', '2px']);
  expect(near(box, target), JSON.stringify([box, target])).toBe(true);
  await page.mouse.click(cx, cy);
  const picked = () =>
    browser.worker.evaluate(async (tab: number) => {
      const d = (await chrome.storage.session.get(`manualDraft:${tab}`))[`manualDraft:${tab}`] as { picking: boolean; target: { selector: string; label: string } | null };
      return d.picking ? null : d.target;
    }, tabId!);
  await expect.poll(picked, { timeout: 10_000 }).toMatchObject({ selector: id, label });
  expect(await page.evaluate(() => document.querySelector('gsi-picker'))).toBeNull();

  expect(await sendToPage(browser, page, { type: 'mark-element', selector: id })).toBe(true);
  const mark = await page.evaluate(() => {
    const host = document.querySelector('gsi-evidence-mark');
    if (!host) return null;
    const real = (window as { __real?: { rect: () => DOMRect; style: typeof getComputedStyle } }).__real ?? { rect: Element.prototype.getBoundingClientRect, style: getComputedStyle };
    const r = real.rect.call(host);
    const s = real.style.call(window, host);
    return { x: r.x, y: r.y, w: r.width, h: r.height, border: s.borderTopWidth, position: s.position };
  });
  const now = await rectOf(page, id);
  expect(mark).not.toBeNull();
  expect([mark!.position, mark!.border]).toEqual(['fixed', '3px']);
  expect(near(mark!, { x: now.x - 4, y: now.y - 4, w: now.w + 8, h: now.h + 8 }), JSON.stringify([mark, now])).toBe(true);
  await sendToPage(browser, page, { type: 'mark-element', selector: '' });
  expect(await page.evaluate(() => document.querySelector('gsi-evidence-mark'))).toBeNull();
}

async function open(path: string): Promise<{ page: Page; state: ScanState }> {
  const page = await browser.context.newPage();
  await page.goto(`${origin}${path}`);
  const state = await waitForScan(browser, page);
  return { page, state };
}

describe('the county page as real sites serve it', () => {
  test.each([
    ['/plain.html', 'plain UTF-8 (the reference)'],
    ['/csp-header.html', "CSP header default-src 'self'; style-src 'self'; script-src 'self'"],
    ['/csp-meta.html', 'the same CSP in a <meta>'],
    ['/trusted-types.html', "Trusted Types enforced (require-trusted-types-for 'script')"],
    ['/gbk-header.html', 'GBK, the charset in the header only'],
    ['/gbk-meta.html', 'GB2312, the charset in a <meta> only'],
    ['/base.html', '<base href> on another domain'],
    ['/quirks.html', 'quirks mode, a table layout'],
    ['/globals.html', 'a page script that redefines the DOM built-ins'],
  ])('%s (%s): found, outlined, in the legend, picked and marked', async (path) => {
    const { page, state } = await open(path);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    expectPageFindings(state);
    await expectOverlay(page, state);
    await expectPickAndMark(page);
    await page.close();
  });

  test('the page conditions are really in force', async () => {
    const checks: Array<[string, () => unknown, unknown]> = [
      ['/csp-header.html', () => [(window as { inlineScriptRan?: boolean }).inlineScriptRan ?? 'blocked', (window as { pageScriptRan?: boolean }).pageScriptRan], ['blocked', true]],
      ['/csp-meta.html', () => [(window as { inlineScriptRan?: boolean }).inlineScriptRan ?? 'blocked', (window as { pageScriptRan?: boolean }).pageScriptRan], ['blocked', true]],
      [
        '/trusted-types.html',
        () => {
          try {
            document.createElement('div').innerHTML = '<b>x</b>';
            return 'allowed';
          } catch {
            return 'blocked';
          }
        },
        'blocked',
      ],
      ['/gbk-header.html', () => [document.characterSet, document.title], ['GBK', '清河县人民政府']],
      ['/gbk-meta.html', () => [document.characterSet, document.title], ['GBK', '清河县人民政府']],
      ['/base.html', () => (document.querySelector('#ok') as HTMLAnchorElement).href, `http://${OTHER}/news/1.html`],
      ['/quirks.html', () => document.compatMode, 'BackCompat'],
      ['/globals.html', () => (window as { globalsBroken?: boolean }).globalsBroken, true],
    ];
    for (const [path, fn, expected] of checks) {
      const page = await browser.context.newPage();
      await page.goto(`${origin}${path}`);
      expect(await page.evaluate(fn), path).toEqual(expected);
      await page.close();
    }
  });
});

/** The colour of one screenshot pixel, decoded by the browser itself. */
async function pixel(page: Page, png: Buffer, x: number, y: number): Promise<[number, number, number]> {
  return page.evaluate(
    async ([data, px, py]) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const canvas = new OffscreenCanvas(img.width, img.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(px, py, 1, 1).data;
      return [d[0], d[1], d[2]] as [number, number, number];
    },
    [png.toString('base64'), x, y] as const,
  );
}

describe('a site in mourning grey (html { filter: grayscale(100%) })', () => {
  test('the page is grey, the outlines keep their rule colours', async () => {
    const { page, state } = await open('/mourning.html');
    expectPageFindings(state);
    await expectOverlay(page, state);
    const empty = rulesOf(state, 'link-empty')[0];
    const box = (await boxesOf(page)).find((b) => b.key === empty.key)!;
    // The page is grey (on the old build the outline below was too: rgb(154, 154, 154))…
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).filter)).toBe('grayscale(1)');
    const png = await page.screenshot();
    // …and the outline's top border is in the rule's colour (seen through the 8 % tint of the larger outline
    // of a hidden link's region drawn over it).
    const seen = await pixel(page, png, Math.round(box.x + box.w / 2), Math.round(box.y) + 1);
    const color = [1, 3, 5].map((i) => parseInt(RULE_CATALOG[box.rule].color.slice(i, i + 2), 16));
    expect(seen.every((c, i) => Math.abs(c - color[i]) <= 20), JSON.stringify([seen, color])).toBe(true);
    await expectPickAndMark(page);

    // The evidence mark is red in the screenshot (it was grey), with the overlay off as capture has it.
    await sendToPage(browser, page, { type: 'set-overlay', visible: false });
    expect(await sendToPage(browser, page, { type: 'mark-element', selector: '#ok' })).toBe(true);
    const mark = await page.evaluate(() => {
      const r = document.querySelector('gsi-evidence-mark')!.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width };
    });
    const shot = await page.screenshot();
    // The middle of its 3 px top border.
    expect(await pixel(page, shot, Math.round(mark.x + mark.w / 2), Math.round(mark.y) + 1)).toEqual([255, 23, 68]);
    await sendToPage(browser, page, { type: 'mark-element', selector: '' });
    await page.close();
  });
});

describe('pages that rebuild themselves after load', () => {
  const LATER = `<div class="top"><h1>清河县人民政府</h1></div>
<p id="news2">县人民攻府发布通知。</p>
<p><a id="late" href="#">新栏目的空链</a></p>
<div style="height:3000px"></div>`;

  test('document.body replaced after the first scan: the new body is scanned, outlined, picked and marked', async () => {
    const { page, state: first } = await open('/plain.html');
    expectPageFindings(first);
    await expectOverlay(page, first);
    await page.evaluate((html) => {
      const body = document.createElement('body');
      body.innerHTML = html;
      document.body = body;
    }, LATER);
    await expect.poll(async () => rulesOf(await waitForScan(browser, page), 'link-empty').map((f) => f.label), { timeout: 30_000 }).toEqual(['新栏目的空链']);
    const state = await waitForScan(browser, page);
    expect(rulesOf(state, 'wording-error').map((f) => f.label)).toEqual(['攻府']);
    await expectOverlay(page, state, '#late', '#news2');
    await expectPickAndMark(page, '#late', '新栏目的空链');
    await page.close();
  });

  test('document.open/write after the first scan: the new document is scanned, and the overlay still follows scrolling, answers clicks, picks and marks', async () => {
    const { page, state: first } = await open('/plain.html');
    await expectOverlay(page, first);
    await page.evaluate((html) => {
      document.open();
      // The new page's columns are tabs on an iframe, switched by `target` links.
      const tabs = '<p><a id="tab2" href="/col2.html" target="col">栏目二</a></p><iframe name="col" src="/col1.html" width="600" height="120"></iframe>';
      document.write(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>改写后的页面</title><link rel="stylesheet" href="/site.css"></head><body>${tabs}${html}</body></html>`);
      document.close();
    }, LATER);
    await expect.poll(async () => rulesOf(await waitForScan(browser, page), 'link-empty').map((f) => f.label), { timeout: 30_000 }).toEqual(['新栏目的空链']);
    const state = await waitForScan(browser, page);
    expect(state.title).toBe('改写后的页面');
    await expect.poll(() => page.evaluate((tag) => !!document.querySelector(tag), HOST_TAG), { timeout: 10_000 }).toBe(true);
    await expectOverlay(page, state, '#late', '#news2');

    // Scrolling moves the outline with its element.
    const key = rulesOf(state, 'link-empty')[0].key;
    await page.mouse.move(400, 400);
    await page.mouse.wheel(0, 120);
    await expect.poll(() => page.evaluate(() => window.scrollY), { timeout: 10_000 }).toBeGreaterThan(50);
    await expect
      .poll(async () => {
        const box = (await boxesOf(page)).find((b) => b.key === key);
        return !!box && near(box, outlineOf(await rectOf(page, '#late')));
      }, { timeout: 10_000 })
      .toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));

    // The legend's buttons still work: hide shows the pill.
    await inShadow(page, HOST_TAG, `(root) => root.querySelector('button[data-focus="toggle"]').click()`);
    await expect.poll(async () => (await legendOf(page)).pill, { timeout: 10_000 }).toBe(true);
    await inShadow(page, HOST_TAG, `(root) => root.querySelector('button[data-focus="toggle"]').click()`);
    await expect.poll(async () => (await legendOf(page)).pill, { timeout: 10_000 }).toBe(false);

    await expectPickAndMark(page, '#late', '新栏目的空链');

    // A tab switched in the frame is scanned: the frame's load is still heard.
    await page.click('#tab2');
    await expect
      .poll(async () => rulesOf(await waitForScan(browser, page), 'link-empty').map((f) => f.label).sort(), { timeout: 30_000 })
      .toEqual(['新栏目的空链', '框架里的空链'].sort());
    await page.close();
  });
});

describe('links on a GBK page', () => {
  test('a query with Chinese in it is probed as the browser visits it (GBK-encoded), not as UTF-8', async () => {
    const { page, state } = await open('/gbk-query.html');
    const gbkQuery = '/list.jsp?type=%CD%A8%D6%AA%B9%AB%B8%E6';
    expect(await page.evaluate(() => (document.getElementById('col') as HTMLAnchorElement).href)).toBe(`${origin}${gbkQuery}`);
    expect(state.linksProbed).toBeGreaterThan(0);
    expect(requested.filter((u) => u.startsWith('/list.jsp'))).toContain(gbkQuery);
    expect(requested).not.toContain('/list.jsp?type=%E9%80%9A%E7%9F%A5%E5%85%AC%E5%91%8A');
    expect(state.findings.filter((f) => f.rule === 'link-dead')).toEqual([]);
    await page.close();
  });
});
