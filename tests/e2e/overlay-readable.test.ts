import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HOST_TAG } from '../../lib/overlay/overlay';
import { OWN_PAGE_ANSWER } from '../../lib/engine/own-pages';
import { findingsToHtmlReport } from '../../lib/export/report';
import type { ScanState } from '../../lib/messages';
import { launchInspector, sendToPage, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';
import { makeFinding } from '../factories';
import { FIXTURES } from '../paths';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = resolve(ROOT, 'test-results/screenshots');

/** Runs `fn` with the overlay's closed shadow root, through DevTools (page scripts cannot reach it). */
async function inOverlay<T>(page: Page, fn: string, arg?: unknown): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { result } = await cdp.send('Runtime.evaluate', { expression: `document.querySelector('${HOST_TAG}')` });
    if (!result.objectId) throw new Error(`${HOST_TAG} not found`);
    const { node } = await cdp.send('DOM.describeNode', { objectId: result.objectId, depth: 1, pierce: true });
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: node.shadowRoots![0].backendNodeId });
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

interface Marker {
  key: string;
  count: number;
  badge: string;
  x: number;
  y: number;
  w: number;
  h: number;
}
const markers = (page: Page) =>
  inOverlay<Marker[]>(
    page,
    `(root) => [...root.querySelectorAll('.box.marker')].filter((b) => b.style.display !== 'none').map((b) => {
      const r = b.getBoundingClientRect();
      return { key: b.dataset.key, count: Number(b.dataset.count), badge: b.dataset.badge, x: r.x, y: r.y, w: r.width, h: r.height };
    })`,
  );
const legendText = (page: Page) => inOverlay<string>(page, `(root) => root.querySelector('.legend').textContent`);
const hiddenListed = (page: Page) => inOverlay<number>(page, `(root) => { const s = root.querySelector('[data-section="hidden"] summary'); return s ? Number(s.textContent.match(/（(\\d+)）/)[1]) : 0; }`);

async function frames(page: Page, n = 3): Promise<void> {
  await page.evaluate((count) => new Promise<void>((done) => {
    const step = (left: number) => (left ? requestAnimationFrame(() => step(left - 1)) : done());
    step(count);
  }), n);
}

const overlap = (a: Marker, b: Marker) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

let server: StaticServer;
let browser: InspectorBrowser;
let out: string;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  out = await mkdtemp(join(tmpdir(), 'gsi-readable-'));
  server = await serveFolders({ fixtures: FIXTURES, out });
  browser = await launchInspector();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

async function open(path: string): Promise<{ page: Page; state: ScanState }> {
  const page = await browser.context.newPage();
  await page.goto(path);
  const state = await waitForScan(browser, page, 150_000);
  await expect.poll(() => legendText(page), { timeout: 30_000 }).toContain(`共 ${state.findings.length} 项`);
  await frames(page);
  return { page, state };
}

const extensionPage = async () => {
  const id = new URL(browser.worker.url()).host;
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${id}/sessions.html`);
  return page;
};

/** Captures evidence through the service worker's path, as the popup does; answers the response and the stored PNG. */
async function capture(page: Page, selector: string, findingId: string): Promise<{ answer: Record<string, unknown>; png: Buffer }> {
  const tabId = await browser.worker.evaluate(async (url: string) => (await chrome.tabs.query({})).find((t) => t.url === url)!.id!, page.url());
  const ext = await extensionPage();
  const answer = (await ext.evaluate(([tab, sel, id]) => chrome.runtime.sendMessage({ type: 'capture-evidence', tabId: tab, selector: sel, findingIds: [id] }), [tabId, selector, findingId] as [number, string, string])) as Record<string, unknown>;
  expect(answer).toMatchObject({ ok: true });
  const base64 = await ext.evaluate(
    (evidenceId) =>
      new Promise<string>((ok, fail) => {
        const req = indexedDB.open('gov-site-inspector');
        req.onsuccess = () => {
          const get = req.result.transaction('evidence').objectStore('evidence').get(evidenceId);
          get.onsuccess = () => {
            const bytes = new Uint8Array((get.result as { data: ArrayBuffer }).data);
            let s = '';
            for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
            ok(btoa(s));
          };
          get.onerror = () => fail(get.error);
        };
      }),
    answer.id as string,
  );
  await ext.close();
  return { answer, png: Buffer.from(base64, 'base64') };
}

/** Size and selected pixels of a PNG, decoded by the browser. */
async function inspectPng(page: Page, png: Buffer, region: { x: number; y: number; w: number; h: number }) {
  return page.evaluate(
    async ([data, r]) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const canvas = new OffscreenCanvas(img.width, img.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(r.x, r.y, r.w, r.h).data;
      let nonWhite = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250) nonWhite++;
      const all = ctx.getImageData(0, 0, img.width, img.height).data;
      let markRed = 0;
      // The evidence outline's #ff1744.
      for (let i = 0; i < all.length; i += 4) if (all[i] > 240 && all[i + 1] < 40 && all[i + 2] > 50 && all[i + 2] < 90) markRed++;
      return { width: img.width, height: img.height, nonWhite, markRed };
    },
    [png.toString('base64'), region] as const,
  );
}

describe('an overlay that keeps the site readable', () => {
  let page: Page;
  let state: ScanState;

  test('200 hidden links: one marker per visible container, with the count; none stacked', async () => {
    ({ page, state } = await open(server.url('fixtures', 'overlay/hidden-200.html')));
    const hidden = state.findings.filter((f) => f.rule === 'link-hidden');
    expect(hidden.length).toBe(200);
    await page.evaluate(() => document.getElementById('side')!.scrollIntoView({ block: 'start' }));
    await frames(page);
    const shown = await markers(page);
    // The sidebar's block, the friends list (ten items, ten hidden links each) and the footer (an off-screen block).
    expect(shown).toHaveLength(3);
    for (const [i, a] of shown.entries()) for (const b of shown.slice(i + 1)) expect(overlap(a, b), `${a.key} / ${b.key}`).toBe(false);
    const onElements = state.findings.filter((f) => f.selector && /example-bet/.test(f.href ?? ''));
    expect(shown.reduce((n, m) => n + m.count, 0)).toBe(onElements.length);
    const friends = (await page.locator('#friends ul').boundingBox())!;
    const list = shown.find((m) => Math.abs(m.x - (friends.x - 2)) <= 1 && Math.abs(m.y - (friends.y - 2)) <= 1);
    expect(list, 'a marker on the friends list, not on each item').toBeDefined();
    expect(list!.count).toBeGreaterThanOrEqual(100);
    expect(list!.badge).toBe(`${list!.count} 项不可见`);
    expect(await hiddenListed(page)).toBe(onElements.length);
    await page.screenshot({ path: resolve(SHOTS, 'overlay-hidden-200.png') });

    await page.mouse.move(list!.x + list!.w / 2, list!.y + 4);
    await frames(page);
    const tip = await inOverlay<string | null>(page, `(root) => { const t = root.querySelector('.tip'); return getComputedStyle(t).display === 'none' ? null : t.textContent; }`);
    expect(tip).toContain(`此处有 ${list!.count} 项问题在看不见的元素上`);
    expect(tip).toContain('暗链');
    await page.screenshot({ path: resolve(SHOTS, 'overlay-hidden-200-tooltip.png') });
    await page.mouse.move(5, 5);
  });

  test('the legend counts 错链 apart from the links the machine could not judge', async () => {
    const dead = state.findings.filter((f) => f.rule === 'link-dead');
    const sure = dead.filter((f) => f.severity !== 'review').length;
    const unsure = dead.length - sure;
    const row = await inOverlay<{ count: string; review: string | null } | null>(
      page,
      `(root) => { const r = root.querySelector('.row[data-rule="link-dead"]'); return r && { count: r.querySelector('.count').textContent, review: r.querySelector('.review')?.textContent ?? null }; }`,
    );
    if (!dead.length) return expect(row).toBeNull();
    expect(row!.count).toBe(String(sure));
    expect(row!.review).toBe(unsure ? `需人工判断 ${unsure}` : null);
  });

  test('printed, the page has no overlay: the PDF holds the page text and none of the legend', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const pdf = join(out, 'printed.pdf');
    await page.pdf({ path: pdf, format: 'A4' });
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('各县（区）人民政府');
    expect(text).toContain('友情链接');
    expect(text).not.toContain('检查助手');
    expect(text).not.toContain('项不可见');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, resolve(SHOTS, 'overlay-printed')]);
  });

  test('evidence: no 显示标注 chip in the image, and the stamped address readable', async () => {
    // The inspector hid the outlines: the page shows the chip; the evidence must not.
    await sendToPage(browser, page, { type: 'set-overlay', visible: false });
    await frames(page);
    const pill = await inOverlay<{ x: number; y: number; w: number; h: number }>(page, `(root) => { const r = root.querySelector('.legend').getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; }`);
    expect(pill.w).toBeGreaterThan(50);
    const decoded = await browser.context.newPage();
    await decoded.goto(server.url('fixtures', 'overlay/hidden-200.html') + '?栏目=通知公告&标题=关于做好政府网站检查工作的通知');
    await waitForScan(browser, decoded, 150_000);
    expect(decoded.url()).toContain('%E6%A0%8F%E7%9B%AE');
    await sendToPage(browser, decoded, { type: 'set-overlay', visible: false });
    const { png } = await capture(decoded, '', state.findings[0].id);
    const img = await inspectPng(decoded, png, { x: Math.round(pill.x), y: Math.round(pill.y), w: Math.round(pill.w), h: Math.round(pill.h) });
    expect(img.nonWhite, 'the chip\'s area is blank page').toBe(0);
    // The stamp band holds two lines (address, time): the address, decoded, fits one; percent-encoded it took three.
    const fontSize = Math.max(14, Math.round(img.width / 90));
    const band = 2 * Math.round(fontSize * 0.7) + 2 * Math.round(fontSize * 1.45);
    const viewport = decoded.viewportSize()!;
    expect(img.height - viewport.height).toBe(band);
    await writeFile(resolve(SHOTS, 'evidence-decoded-stamp.png'), png);
    // The chip is back after the capture.
    expect(await inOverlay<boolean>(decoded, `(root) => getComputedStyle(root.querySelector('.root')).display !== 'none' && root.querySelector('.legend').classList.contains('pill')`)).toBe(true);
    await decoded.close();
    await sendToPage(browser, page, { type: 'set-overlay', visible: true });
  });

  test('evidence of a hidden link: its visible container outlined and labelled, and the stamp says it is invisible', async () => {
    const finding = state.findings.find((f) => f.rule === 'link-hidden' && f.href?.startsWith('http://s'))!;
    expect(finding).toBeDefined();
    const { answer, png } = await capture(page, finding.selector, finding.id);
    expect(answer).toMatchObject({ ok: true, hidden: true });
    expect(answer.outlined).toBeUndefined();
    const img = await inspectPng(page, png, { x: 0, y: 0, w: 1, h: 1 });
    expect(img.markRed).toBeGreaterThan(500);
    const viewport = page.viewportSize()!;
    const fontSize = Math.max(14, Math.round(img.width / 90));
    // Address, time and at least one line of the note.
    expect(img.height - viewport.height).toBeGreaterThanOrEqual(2 * Math.round(fontSize * 0.7) + 3 * Math.round(fontSize * 1.45));
    await writeFile(resolve(SHOTS, 'evidence-hidden-link.png'), png);
    await page.close();
  });
});

describe('the extension does not inspect itself', () => {
  test('an exported report opened in the browser is neither scanned nor overlaid; the same page without its marker would be', async () => {
    const findings = Array.from({ length: 12 }, (_, i) =>
      makeFinding({ rule: i % 2 ? 'link-dead' : 'link-hidden', label: `链接${i}`, href: `http://spam${i}.example-bet.com/`, message: '澳门博彩 在线棋牌', status: 'confirmed' }),
    );
    const html = findingsToHtmlReport({ findings, title: '示例检查报告' });
    expect(html).toContain('<meta name="generator"');
    await writeFile(join(out, 'report.html'), html);
    await writeFile(join(out, 'control.html'), html.replace(/<meta name="generator"[^>]*>\n/, ''));

    const control = await browser.context.newPage();
    await control.goto(server.url('out', 'control.html'));
    const scanned = await waitForScan(browser, control, 120_000);
    expect(scanned.phase).toBe('done');
    await control.close();

    const report = await browser.context.newPage();
    await report.goto(server.url('out', 'report.html'));
    // The content script answers once it has run; until then there is nobody to answer.
    await expect.poll(() => sendToPage(browser, report, { type: 'get-state' }).catch(() => 'not yet'), { timeout: 30_000 }).toEqual(OWN_PAGE_ANSWER);
    expect(await report.evaluate((tag) => document.querySelector(tag), HOST_TAG)).toBeNull();
    await report.screenshot({ path: resolve(SHOTS, 'report-not-inspected.png') });
    await report.close();
  });
});
