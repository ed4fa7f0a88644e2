import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Finding, type RuleId } from '../../lib/findings';
import { RULE_CATALOG } from '../../lib/rule-catalog';
import type { ScanState } from '../../lib/messages';
import { HOST_TAG } from '../../lib/overlay/overlay';
import { MAX_BOXES, NEAR_VIEWPORT_PX } from '../../lib/overlay/layout';
import { CHROMIUM, launchInspector, scanStateOf, sendToPage, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';
import { makeFinding } from '../factories';
import { CORPUS, FIXTURES } from '../paths';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = resolve(ROOT, 'test-results/screenshots');

interface DrawnBox {
  key: string;
  rule: RuleId;
  marker: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
  color: string;
  borderWidth: string;
}

/**
 * Runs `fn` with the overlay's closed shadow root. Page scripts cannot reach a closed root; DevTools
 * (CDP) can, which is how the tests look inside without the product opening it.
 */
async function inOverlay<T>(page: Page, fn: string, arg?: unknown, hostTag: string = HOST_TAG): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { result } = await cdp.send('Runtime.evaluate', { expression: `document.querySelector('${hostTag}')` });
    if (!result.objectId) throw new Error(`${hostTag} not found`);
    const { node } = await cdp.send('DOM.describeNode', { objectId: result.objectId, depth: 1, pierce: true });
    const shadowRoot = node.shadowRoots?.[0];
    if (!shadowRoot) throw new Error('overlay host has no shadow root');
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

const DRAWN = `(root) => [...root.querySelectorAll('.box')]
  .filter((b) => b.style.display !== 'none')
  .map((b) => {
    const r = b.getBoundingClientRect();
    const s = getComputedStyle(b);
    return { key: b.dataset.key, rule: b.dataset.rule, marker: b.classList.contains('marker'),
      x: r.x, y: r.y, w: r.width, h: r.height, color: s.borderTopColor, borderWidth: s.borderTopWidth };
  })`;

const drawn = (page: Page) => inOverlay<DrawnBox[]>(page, DRAWN);
const outlines = async (page: Page) => (await drawn(page)).filter((b) => !b.marker);

const LEGEND = `(root) => {
  const legend = root.querySelector('.legend');
  const r = legend.getBoundingClientRect();
  return {
    text: legend.textContent,
    pill: legend.classList.contains('pill'),
    rows: Object.fromEntries([...legend.querySelectorAll('.row')].map((row) => [row.dataset.rule, Number(row.querySelector('.count').textContent)])),
    reviews: Object.fromEntries([...legend.querySelectorAll('.row .review')].map((r) => [r.closest('.row').dataset.rule, Number(r.textContent.match(/\\d+/)[0])])),
    sections: Object.fromEntries([...legend.querySelectorAll('[data-section]')].map((s) => [s.dataset.section, s.querySelectorAll('li[data-key]').length])),
    rect: { x: r.x, y: r.y, w: r.width, h: r.height },
    background: getComputedStyle(legend).backgroundColor,
  };
}`;
interface LegendInfo {
  text: string;
  pill: boolean;
  /** What the machine is sure of, per rule; `reviews`: what a person must verify, shown apart. */
  rows: Record<string, number>;
  reviews: Record<string, number>;
  sections: Record<string, number>;
  rect: { x: number; y: number; w: number; h: number };
  background: string;
}
const legendOf = (page: Page) => inOverlay<LegendInfo>(page, LEGEND);

const TIP = `(root) => {
  const tip = root.querySelector('.tip');
  if (getComputedStyle(tip).display === 'none') return null;
  const r = tip.getBoundingClientRect();
  return { text: tip.textContent, items: tip.querySelectorAll('.item').length, x: r.x, y: r.y, markup: root.querySelectorAll('script, img, b, iframe').length };
}`;
interface TipInfo {
  text: string;
  items: number;
  x: number;
  y: number;
  markup: number;
}
const tipOf = (page: Page) => inOverlay<TipInfo | null>(page, TIP);

const click = (page: Page, selector: string) => inOverlay<void>(page, `(root, sel) => root.querySelector(sel).click()`, selector);

async function frames(page: Page, n = 2): Promise<void> {
  await page.evaluate(
    (count) =>
      new Promise<void>((done) => {
        const step = (left: number) => (left ? requestAnimationFrame(() => step(left - 1)) : done());
        step(count);
      }),
    n,
  );
}

function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

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

/** The legend's counts as the scan's: sure findings in the rows, 需人工判断 ones apart (错链 counts only 错链). */
function expectLegendCounts(legend: LegendInfo, state: ScanState): void {
  const sure: Record<string, number> = {};
  const review: Record<string, number> = {};
  for (const f of state.findings) {
    sure[f.rule] = (sure[f.rule] ?? 0) + (f.severity === 'review' ? 0 : 1);
    if (f.severity === 'review') review[f.rule] = (review[f.rule] ?? 0) + 1;
  }
  expect(legend.rows).toEqual(sure);
  expect(legend.reviews).toEqual(review);
  for (const rule of Object.keys(state.counts)) expect((legend.rows[rule] ?? 0) + (legend.reviews[rule] ?? 0)).toBe(state.counts[rule as RuleId]);
}

function stateOf(findings: Finding[], patch: Partial<ScanState> = {}): ScanState {
  const counts: ScanState['counts'] = {};
  for (const f of findings) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
  return { url: '', title: '', phase: 'done', findings, unscanned: [], counts, linksTotal: 0, linksProbed: 0, overlayVisible: true, ...patch };
}

let server: StaticServer;
beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  server = await serveFolders({ corpus: CORPUS, fixtures: FIXTURES });
});
afterAll(async () => {
  await server?.close();
});

// ---------------------------------------------------------------------------------------------------
// The overlay alone, in a plain Chromium page, over synthetic findings: exact geometry.

describe('overlay geometry in Chromium (synthetic findings)', () => {
  let chrome: Browser;
  let page: Page;
  let bundle: string;

  const f = (key: string, rule: RuleId, selector: string, extra: Partial<Finding> = {}) =>
    makeFinding({ key, rule, selector, label: key, message: `原因 ${key}`, href: undefined, ...extra });
  const findings = [
    f('v1-dead', 'link-dead', '#v1'),
    f('v1-empty', 'link-empty', '#v1'),
    f('v2', 'link-empty', '#v2', { label: '<script>window.__pwned=1</script><b>粗</b>', href: 'javascript:alert(1)' }),
    f('hidden', 'link-hidden', '#hidden'),
    f('off', 'link-hidden', '#offscreen'),
    f('far', 'link-empty', '#far'),
    f('wrapper', 'link-empty', '#wrapper'),
    f('inner', 'link-empty', '#frame >>> #inner'),
    f('shadow', 'link-empty', '#widget >>> nav > a'),
    f('words', 'wording-error', '#para', { detail: { offset: 2, length: 3 } }),
    // The text changed since the scan: the offsets no longer fit, the element is outlined instead.
    f('words-moved', 'wording-error', '#para', { detail: { offset: 40, length: 3 } }),
    f('page', 'filing-missing', ''),
    f('gone', 'link-dead', '#nope'),
  ];

  beforeAll(async () => {
    const out = (await build({
      configFile: false,
      logLevel: 'silent',
      resolve: { alias: { '@': ROOT } },
      build: {
        write: false,
        minify: false,
        lib: { entry: resolve(FIXTURES, 'overlay/harness.ts'), name: 'GSI', formats: ['iife'], fileName: 'harness' },
      },
    })) as Rollup.RollupOutput | Rollup.RollupOutput[];
    bundle = (Array.isArray(out) ? out[0] : out).output[0].code;
    chrome = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
    page = await chrome.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url('fixtures', 'overlay/geometry.html'));
    await page.waitForFunction(() => !!(document.getElementById('frame') as HTMLIFrameElement).contentDocument?.getElementById('inner'));
    await page.addScriptTag({ content: bundle });
    await page.evaluate((state) => {
      const w = window as unknown as { GSI: typeof import('../fixtures/overlay/harness'); ov: unknown; clicks: number };
      w.clicks = 0;
      document.getElementById('v2')!.addEventListener('click', (e) => {
        e.preventDefault();
        w.clicks++;
      });
      w.ov = w.GSI.createOverlay(document, { t: w.GSI.translator('zh_CN') });
      (w.ov as { render(s: unknown): void }).render(state);
    }, stateOf(findings));
    await frames(page);
  });
  afterAll(async () => {
    await chrome?.close();
  });

  const ov = <T>(method: string, ...args: unknown[]) =>
    page.evaluate(([m, a]) => (window as unknown as { ov: Record<string, (...x: unknown[]) => T> }).ov[m as string](...(a as unknown[])), [method, args] as const);

  test('one outline per finding at the element, nested when findings share it, in the rule colour', async () => {
    const boxes = await outlines(page);
    const byKey = Object.fromEntries(boxes.filter((b) => !b.key.startsWith('words')).map((b) => [b.key, [b.x, b.y, b.w, b.h]]));
    expect(byKey).toEqual({
      'v1-dead': [38, 38, 84, 24],
      'v1-empty': [35, 35, 90, 30],
      v2: [118, 38, 84, 24],
      // An inline link around a floated image has no box of its own: the image's box is outlined.
      wrapper: [38, 398, 68, 36],
      // Frame at 600,40 + 5px border + 7px padding, link at 10,20 inside it.
      inner: [620, 70, 54, 14],
      shadow: [38, 298, 64, 20],
    });
    for (const b of boxes) {
      expect(b.color).toBe(rgb(RULE_CATALOG[b.rule].color));
      expect(b.borderWidth).toBe('2px');
    }
  });

  test('a finding about words outlines the words, not the whole paragraph', async () => {
    const para = (await page.locator('#para').boundingBox())!;
    const char = para.width / 10;
    const words = (await outlines(page)).find((b) => b.key === 'words')!;
    expect(words.x).toBeCloseTo(para.x + 2 * char - 2, 0);
    expect(words.w).toBeCloseTo(3 * char + 4, 0);
    // Vertically the glyphs' box, which the font decides: centred on the line.
    expect(Math.abs(words.y + words.h / 2 - (para.y + para.height / 2))).toBeLessThanOrEqual(3);
    const moved = (await outlines(page)).find((b) => b.key === 'words-moved')!;
    // Outlines sit on whole pixels; the paragraph's width is fractional with a real CJK font.
    const expected = [para.x - 2, para.y - 2, para.width + 4, para.height + 4];
    [moved.x, moved.y, moved.w, moved.h].forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 0));
  });

  test('an invisible element is marked at its nearest visible ancestor; one without is only listed', async () => {
    const markers = (await drawn(page)).filter((b) => b.marker);
    expect(markers.map((b) => [b.key, b.x, b.y, b.w, b.h])).toEqual([['hidden', 38, 38, 404, 34]]);
    const legend = await legendOf(page);
    expect(legend.sections).toEqual({ hidden: 2, missing: 1, page: 1 });
    expect(legend.text).toContain('不可见元素（2）');
    expect(legend.text).toContain('页面已变化，无法定位（1）');
    expect(legend.rows).toEqual({ 'link-dead': 2, 'link-hidden': 2, 'link-empty': 6, 'filing-missing': 1, 'wording-error': 2 });
    expect(legend.text).toContain('共 13 项');
  });

  test('boxes follow the window scroll and only those near the viewport are drawn', async () => {
    await page.evaluate(() => window.scrollTo(0, 2600));
    await frames(page);
    expect((await outlines(page)).map((b) => [b.key, b.x, b.y, b.w, b.h])).toEqual([['far', 38, 398, 104, 24]]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await frames(page);
    expect((await outlines(page)).map((b) => b.key).sort()).toEqual(['inner', 'shadow', 'v1-dead', 'v1-empty', 'v2', 'words', 'words-moved', 'wrapper']);
  });

  test('boxes in a frame follow the frame scroll and are clipped to the frame', async () => {
    const scrollFrame = async (y: number) => {
      await page.evaluate((top) => (document.getElementById('frame') as HTMLIFrameElement).contentWindow!.scrollTo(0, top), y);
      await frames(page);
      return (await outlines(page)).find((b) => b.key === 'inner');
    };
    expect(await scrollFrame(15)).toMatchObject({ x: 620, y: 55, w: 54, h: 14 });
    // 5px of the link left above the frame's top edge (content box at y=52).
    expect(await scrollFrame(25)).toMatchObject({ x: 620, y: 50, w: 54, h: 9 });
    expect(await scrollFrame(100)).toBeUndefined();
    expect(await scrollFrame(0)).toMatchObject({ x: 620, y: 70, w: 54, h: 14 });
  });

  test('the page keeps its clicks and hit testing: outlines take no pointer events', async () => {
    await page.mouse.click(160, 50);
    expect(await page.evaluate(() => (window as unknown as { clicks: number }).clicks)).toBe(1);
    expect(await page.evaluate(() => document.elementFromPoint(160, 50)?.id)).toBe('v2');
  });

  test('the element picker ignores script-made events: a page cannot pick an element of its choosing or end the picking', async () => {
    await page.evaluate(() => {
      const w = window as unknown as { GSI: typeof import('../fixtures/overlay/harness'); picked: Promise<unknown>; pickedSoFar: unknown };
      w.pickedSoFar = 'pending';
      w.picked = w.GSI.startPicker(document, { hint: '请点击' }).result;
      void w.picked.then((v) => (w.pickedSoFar = v));
      // What a hostile page script can do: move, click an element of its choice, press Esc.
      const v2 = document.getElementById('v2')!;
      const r = v2.getBoundingClientRect();
      const at = { clientX: r.x + 2, clientY: r.y + 2, bubbles: true, cancelable: true };
      v2.dispatchEvent(new PointerEvent('pointermove', at));
      v2.dispatchEvent(new MouseEvent('click', at));
      v2.click();
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    // A round trip later the picker is still up, nothing was picked; the inspector's own click picks.
    expect(await page.evaluate(() => (window as unknown as { pickedSoFar: unknown }).pickedSoFar)).toBe('pending');
    expect(await page.evaluate(() => !!document.querySelector('gsi-picker'))).toBe(true);
    await page.mouse.move(160, 50);
    await page.mouse.click(160, 50);
    const picked = await page.evaluate(() => (window as unknown as { picked: Promise<{ selector: string }> }).picked);
    expect(picked).toMatchObject({ selector: '#v2' });
  });

  test('the element picker enters a same-origin frame: the frame\'s link is outlined and picked with its frame hop, and nobody gets the click', async () => {
    await page.evaluate(() => {
      const w = window as unknown as { GSI: typeof import('../fixtures/overlay/harness'); picked: Promise<unknown>; frameClicks: number };
      w.frameClicks = 0;
      const inner = (document.getElementById('frame') as HTMLIFrameElement).contentDocument!;
      inner.getElementById('inner')!.addEventListener('click', (e) => {
        e.preventDefault();
        w.frameClicks++;
      });
      inner.defaultView!.scrollTo(0, 0);
      w.picked = w.GSI.startPicker(document, { hint: '请点击' }).result;
    });
    // The link sits at (10, 20) in the frame, whose content box starts at (612, 52) on the page: border 5 + padding 7.
    await page.mouse.move(640, 76);
    await page.mouse.move(647, 77);
    const pickerBox = () =>
      inOverlay<{ x: number; y: number; w: number; h: number; label: string } | null>(
        page,
        `(root) => { const b = root.querySelector('.box'); if (b.style.display === 'none') return null; const r = b.getBoundingClientRect();
          return { x: r.x, y: r.y, w: r.width, h: r.height, label: root.querySelector('.tag').textContent }; }`,
        undefined,
        'gsi-picker',
      );
    await expect.poll(pickerBox).toEqual({ x: 622, y: 72, w: 50, h: 10, label: 'a#inner 50×10' });
    // Back out onto the page: the outline follows the pointer out of the frame.
    await page.mouse.move(160, 50);
    await expect.poll(async () => (await pickerBox())?.label).toMatch(/^a#v2 /);

    await page.mouse.move(647, 77);
    await page.mouse.click(647, 77);
    const picked = await page.evaluate(() => (window as unknown as { picked: Promise<{ selector: string; label: string }> }).picked);
    expect(picked).toMatchObject({ selector: '#frame >>> #inner', label: 'in' });
    expect(await page.evaluate(() => (window as unknown as { frameClicks: number }).frameClicks)).toBe(0);
    expect(await page.evaluate(() => document.querySelector('gsi-picker'))).toBeNull();
    // Done: the frame gets its clicks again.
    await page.mouse.click(647, 77);
    expect(await page.evaluate(() => (window as unknown as { frameClicks: number }).frameClicks)).toBe(1);

    // A frame the page adds while the picker runs, with a frame of its own inside: both are entered.
    await page.evaluate(() => {
      const w = window as unknown as { GSI: typeof import('../fixtures/overlay/harness'); picked: Promise<unknown> };
      w.picked = w.GSI.startPicker(document, { hint: '请点击' }).result;
      const late = document.createElement('iframe');
      late.id = 'late';
      late.style.cssText = 'position:absolute;left:950px;top:300px;width:300px;height:200px;border:0';
      late.srcdoc = `<body style="margin:0"><p id="p" style="margin:0;height:20px">晚到的框架</p><iframe id="nested" style="border:0;width:200px;height:100px" srcdoc="<body style='margin:0'><b id=deep>深处</b></body>"></iframe></body>`;
      document.body.append(late);
    });
    await page.waitForFunction(() => !!(document.getElementById('late') as HTMLIFrameElement | null)?.contentDocument?.getElementById('nested') &&
      !!((document.getElementById('late') as HTMLIFrameElement).contentDocument!.getElementById('nested') as HTMLIFrameElement).contentDocument?.getElementById('deep'));
    // Straight from the page into the nested frame's text, with no border to cross on the way.
    await page.mouse.move(900, 330);
    await page.mouse.move(955, 328);
    await page.mouse.move(956, 329);
    await expect.poll(async () => (await pickerBox())?.label).toMatch(/^b#deep /);
    await page.mouse.click(956, 329);
    expect(await page.evaluate(() => (window as unknown as { picked: Promise<{ selector: string }> }).picked)).toMatchObject({ selector: '#late >>> #nested >>> #deep' });
    await page.evaluate(() => document.getElementById('late')!.remove());
  });

  test('hovering an outline shows the reasons as text, never as markup', async () => {
    await page.mouse.move(160, 50);
    await frames(page);
    const tip = await tipOf(page);
    expect(tip).not.toBeNull();
    expect(tip!.items).toBe(1);
    expect(tip!.text).toContain('空链');
    expect(tip!.text).toContain('扣分');
    expect(tip!.text).toContain('“<script>window.__pwned=1</script><b>粗</b>”');
    expect(tip!.text).toContain('原因 v2');
    expect(tip!.text).toContain('链接：javascript:alert(1)');
    expect(tip!.markup).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // Below the element (x 120, bottom 60), 6px apart.
    expect([tip!.x, tip!.y]).toEqual([120, 66]);

    await page.mouse.move(60, 50);
    await frames(page);
    expect((await tipOf(page))!.items).toBe(2);

    await page.mouse.move(600, 700);
    await frames(page);
    expect(await tipOf(page)).toBeNull();
  });

  test('keyboard focus on a marked link shows its tooltip', async () => {
    await page.focus('#v1');
    await frames(page);
    const tip = await tipOf(page);
    expect(tip?.text).toContain('原因 v1-dead');
    expect(tip?.text).toContain('原因 v1-empty');
    await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    await frames(page);
    expect(await tipOf(page)).toBeNull();
  });

  test('reveal scrolls to the element and flashes it; false for what cannot be shown', async () => {
    expect(await ov<boolean>('reveal', 'far')).toBe(true);
    await frames(page);
    expect(await page.evaluate(() => window.scrollY)).toBe(3000 + 10 - 450);
    const flash = await inOverlay<{ display: string; x: number; y: number; w: number; h: number }>(
      page,
      `(root) => { const el = root.querySelector('.flash'); const r = el.getBoundingClientRect(); return { display: getComputedStyle(el).display, x: r.x, y: r.y, w: r.width, h: r.height }; }`,
    );
    expect(flash).toEqual({ display: 'block', x: 34, y: 3000 - 2560 - 6, w: 112, h: 32 });
    expect(await ov<boolean>('reveal', 'hidden')).toBe(true);
    for (const key of ['off', 'page', 'gone', 'no-such-key']) expect(await ov<boolean>('reveal', key)).toBe(false);
    await page.evaluate(() => window.scrollTo(0, 0));
    await frames(page);
  });

  test('toggling off leaves only the legend pill, even during a reveal; its button brings the outlines back', async () => {
    // A reveal's flash and tooltip are showing (as right after the inspector clicks a finding in the popup) …
    expect(await ov<boolean>('reveal', 'v1-dead')).toBe(true);
    await frames(page);
    const flashShown = `(root) => getComputedStyle(root.querySelector('.flash')).display`;
    expect(await inOverlay<string>(page, flashShown)).toBe('block');
    expect(await tipOf(page)).not.toBeNull();
    // … and switching the overlay off (as evidence capture does) takes them away too: nothing covers the page.
    await ov('render', stateOf(findings, { overlayVisible: false }));
    await frames(page);
    expect(await drawn(page)).toEqual([]);
    expect(await inOverlay<string>(page, flashShown)).toBe('none');
    expect(await tipOf(page)).toBeNull();
    const legend = await legendOf(page);
    expect(legend.pill).toBe(true);
    expect(legend.text).toBe('检显示标注（13 项）');
    await click(page, '[data-focus="toggle"]');
    await frames(page);
    expect((await outlines(page)).length).toBe(8);
    expect((await legendOf(page)).pill).toBe(false);
  });

  test('10,000 findings: only the outlines near the viewport are drawn', async () => {
    const big = await chrome.newPage({ viewport: { width: 1280, height: 900 } });
    await big.setContent(`<style>body{margin:0} a{display:block;height:20px}</style>${'<a href="#">x</a>'.repeat(10_000)}`);
    await big.addScriptTag({ content: bundle });
    // Built in the page: sending 10,000 findings through Playwright's serializer takes seconds.
    const template = makeFinding({ rule: 'link-empty' });
    await big.evaluate(
      ({ finding, state }) => {
        const findings = Array.from({ length: 10_000 }, (_, i) => ({ ...finding, key: `k${i}`, selector: `html > body > a:nth-of-type(${i + 1})` }));
        const w = window as unknown as { GSI: typeof import('../fixtures/overlay/harness') };
        w.GSI.createOverlay(document, { t: w.GSI.translator('zh_CN') }).render({ ...state, findings, counts: { 'link-empty': findings.length } });
      },
      { finding: template, state: stateOf([]) },
    );
    // Link i sits at y = 20·i; drawn while its top is within the viewport plus the margin below.
    const expected = Math.floor((900 + NEAR_VIEWPORT_PX) / 20) + 1;
    await expect.poll(async () => (await outlines(big)).length, { timeout: 30_000 }).toBe(expected);
    expect(expected).toBeLessThan(MAX_BOXES);
    expect((await legendOf(big)).rows).toEqual({ 'link-empty': 10_000 });
    await big.evaluate(() => window.scrollTo(0, 100_000));
    await expect.poll(async () => (await outlines(big)).map((b) => b.key)[0]).toBe(`k${(100_000 - NEAR_VIEWPORT_PX) / 20 - 1}`);
    await big.close();
  });
});

// ---------------------------------------------------------------------------------------------------
// The built extension: real rules, the content script's overlay, messages from outside.

describe('overlay of the extension in Chromium', () => {
  let browser: InspectorBrowser;

  beforeAll(async () => {
    browser = await launchInspector();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(mount: string, path: string): Promise<{ page: Page; state: ScanState }> {
    const page = await browser.context.newPage();
    await page.goto(server.url(mount, path));
    const state = await waitForScan(browser, page, 90_000);
    // The legend is rebuilt once the findings are placed; then outlines are drawn on the next frame.
    await expect.poll(async () => (await legendOf(page)).text, { timeout: 20_000 }).toContain(`共 ${state.findings.length} 项`);
    await frames(page, 3);
    return { page, state };
  }

  /** Findings of the top document whose element is plainly visible and wholly inside the viewport. */
  async function plainlyVisible(page: Page, findings: Finding[]): Promise<string[]> {
    return page.evaluate((list) => {
      return list
        .filter((x) => x.selector && !x.selector.includes(' >>> '))
        .filter((x) => {
          const el = document.querySelector(x.selector);
          if (!el || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
          const r = el.getBoundingClientRect();
          return r.width >= 1 && r.height >= 1 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
        })
        .map((x) => x.key);
    }, findings);
  }

  test('a real government page: outlines for the visible findings, legend counts equal the scan counts', async () => {
    const { page, state } = await open('corpus', 'gov-pages/mhxqwer__tqjsjz.gov.cn/index.html');
    expect(state.findings.length).toBeGreaterThan(0);
    expect(state.counts['link-empty'] ?? 0).toBeGreaterThan(0);
    const legend = await legendOf(page);
    expectLegendCounts(legend, state);
    const boxes = await outlines(page);
    const keys = new Set(state.findings.map((x) => x.key));
    for (const b of boxes) {
      expect(keys.has(b.key)).toBe(true);
      expect(b.color).toBe(rgb(RULE_CATALOG[b.rule].color));
    }
    const drawnKeys = new Set(boxes.map((b) => b.key));
    const visible = await plainlyVisible(page, state.findings);
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.filter((k) => !drawnKeys.has(k))).toEqual([]);
    await page.screenshot({ path: resolve(SHOTS, 'overlay-corpus.png') });

    const empty = boxes.find((b) => b.rule === 'link-empty' && b.y > 0 && b.y < 600)!;
    await page.mouse.move(empty.x + empty.w / 2, empty.y + empty.h / 2);
    await frames(page);
    const tip = await tipOf(page);
    expect(tip?.text).toContain('空链');
    await page.screenshot({ path: resolve(SHOTS, 'overlay-corpus-tooltip.png') });
    await page.close();
  });

  test('a page with findings of several rules: every visible one outlined, page-level and hidden ones listed, text escaped', async () => {
    const { page, state } = await open('fixtures', 'overlay/findings.html');
    const rules = new Set(state.findings.map((x) => x.rule));
    expect(rules.size).toBeGreaterThanOrEqual(4);
    const legend = await legendOf(page);
    expectLegendCounts(legend, state);

    const boxes = await outlines(page);
    const visible = await plainlyVisible(page, state.findings);
    expect(boxes.map((b) => b.key).sort()).toEqual([...visible].sort());
    const byId = (id: string) => state.findings.filter((x) => x.selector === `#${id}`).map((x) => x.key).sort();
    for (const id of ['home', 'void', 'typo', 'dead', 'news', 'evil']) {
      expect(byId(id).length).toBeGreaterThan(0);
      expect(byId(id).every((k) => boxes.some((b) => b.key === k))).toBe(true);
    }
    // 中华人民共合国 is outlined, not the whole paragraph around it.
    const wording = boxes.find((b) => b.rule === 'wording-error')!;
    const news = (await page.locator('#news').boundingBox())!;
    expect(wording.w).toBeLessThan(news.width / 2);
    expect(wording.x).toBeGreaterThan(news.x + 20);
    // The spam link sits in a display:none block right under <body>: nothing to outline, so it is listed.
    expect(legend.sections.hidden).toBe(byId('spam').length);
    expect(byId('spam').length).toBeGreaterThan(0);
    expect(legend.sections.page ?? 0).toBe(state.findings.filter((x) => !x.selector).length);

    const evil = await page.locator('#evil').boundingBox();
    await page.mouse.move(evil!.x + 20, evil!.y + evil!.height / 2);
    await frames(page);
    const tip = await tipOf(page);
    expect(tip?.text).toContain('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">通知');
    expect(tip?.markup).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: resolve(SHOTS, 'overlay-fixture-tooltip.png') });
    await page.close();
  });

  test('set-overlay hides the outlines; the legend button shows them again through the inspector state', async () => {
    const { page } = await open('fixtures', 'overlay/findings.html');
    const before = (await outlines(page)).length;
    expect(before).toBeGreaterThan(0);
    await sendToPage(browser, page, { type: 'set-overlay', visible: false });
    await frames(page);
    expect(await drawn(page)).toEqual([]);
    expect((await legendOf(page)).pill).toBe(true);
    expect((await scanStateOf(browser, page))?.overlayVisible).toBe(false);

    await click(page, '[data-focus="toggle"]');
    await expect.poll(async () => (await scanStateOf(browser, page))?.overlayVisible).toBe(true);
    await frames(page);
    expect((await outlines(page)).length).toBe(before);
    await page.close();
  });

  test('hostile page CSS (all: unset, hiding injected elements, a dark ::backdrop) neither hides the overlay nor is broken by it', async () => {
    const { page, state } = await open('fixtures', 'overlay/hostile.html');
    expect(state.findings.some((x) => x.selector === '#h1')).toBe(true);
    const host = await page.evaluate((tag) => {
      const el = document.querySelector(tag)!;
      const s = getComputedStyle(el);
      return { display: s.display, visibility: s.visibility, opacity: s.opacity };
    }, HOST_TAG);
    expect(host).toEqual({ display: 'block', visibility: 'visible', opacity: '1' });
    const legend = await legendOf(page);
    expect(legend.rect.w).toBeGreaterThan(200);
    expect(legend.background).toBe('rgb(255, 255, 255)');
    const h1 = (await outlines(page)).find((b) => state.findings.some((x) => x.key === b.key && x.selector === '#h1'));
    expect(h1?.borderWidth).toBe('2px');

    const png = await page.screenshot({ path: resolve(SHOTS, 'overlay-hostile.png') });
    // Blank page background far from any outline and from the legend: still white, not darkened.
    expect(await pixel(page, png, 600, 450)).toEqual([255, 255, 255]);
    const box = h1!;
    expect(await pixel(page, png, Math.round(box.x + box.w / 2), Math.round(box.y) + 1)).toEqual(
      [1, 3, 5].map((i) => parseInt(RULE_CATALOG[box.rule].color.slice(i, i + 2), 16)),
    );
    await page.close();
  });

  test('the legend follows the language chosen in the popup or options, on pages already open', async () => {
    const { page } = await open('fixtures', 'overlay/csp.html');
    expect((await legendOf(page)).text).toContain('检查助手');
    await browser.worker.evaluate(() => chrome.storage.local.set({ uiLanguage: 'en' }));
    await expect.poll(async () => (await legendOf(page)).text).toContain('Inspector · ');
    expect((await legendOf(page)).text).toContain('Empty link');
    await browser.worker.evaluate(() => chrome.storage.local.remove('uiLanguage'));
    await expect.poll(async () => (await legendOf(page)).text).toContain('检查助手 · ');
    await page.close();
  });

  test('the content script\'s picker picks inside a same-origin frame and a closed shadow root: the draft gets the hops, and evidence can outline them', async () => {
    const { page } = await open('fixtures', 'overlay/geometry.html');
    const tabId = await browser.worker.evaluate(async (url: string) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id, page.url());
    expect(tabId).toBeTypeOf('number');
    const draft = { tabId, pageUrl: page.url(), pageTitle: '', rule: 'wording-error', severity: 'deduct', category: '', label: '', note: '框架中的链接', target: null, picking: true };
    await browser.worker.evaluate((d) => chrome.storage.session.set({ [`manualDraft:${d.tabId}`]: d }), draft);
    expect(await sendToPage(browser, page, { type: 'pick-element' })).toBe(true);
    // The frame's link: content box of the frame at (612, 52), the link at (10, 20) in it, 50×10.
    await page.mouse.move(640, 76);
    await page.mouse.move(647, 77);
    await page.mouse.click(647, 77);
    const picked = () =>
      browser.worker.evaluate(async (id: number) => {
        const d = (await chrome.storage.session.get(`manualDraft:${id}`))[`manualDraft:${id}`] as { picking: boolean; target: { selector: string; label: string } | null };
        return d.picking ? null : d.target;
      }, tabId!);
    await expect.poll(picked, { timeout: 10_000 }).toMatchObject({ selector: '#frame >>> #inner', label: 'in' });
    expect(await sendToPage(browser, page, { type: 'mark-element', selector: '#frame >>> #inner' })).toBe(true);

    // A closed shadow root: the content script enters it as the scan does (chrome.dom.openOrClosedShadowRoot).
    await page.evaluate(() => {
      const box = document.createElement('div');
      box.id = 'closedbox';
      box.style.cssText = 'position:absolute;left:40px;top:600px';
      box.attachShadow({ mode: 'closed' }).innerHTML = '<a id="secret" href="#" style="display:block;width:80px;height:20px">封闭的</a>';
      document.body.append(box);
    });
    await browser.worker.evaluate((d) => chrome.storage.session.set({ [`manualDraft:${d.tabId}`]: d }), draft);
    expect(await sendToPage(browser, page, { type: 'pick-element' })).toBe(true);
    await page.mouse.move(50, 605);
    await page.mouse.move(60, 610);
    await page.mouse.click(60, 610);
    await expect.poll(picked, { timeout: 10_000 }).toMatchObject({ selector: '#closedbox >>> #secret', label: '封闭的' });
    expect(await sendToPage(browser, page, { type: 'mark-element', selector: '#closedbox >>> #secret' })).toBe(true);
    await page.close();
  });

  test('a strict Content-Security-Policy does not strip the overlay styles', async () => {
    const { page, state } = await open('fixtures', 'overlay/csp.html');
    expect(state.findings.length).toBeGreaterThan(0);
    const boxes = await outlines(page);
    expect(boxes.length).toBeGreaterThan(0);
    for (const b of boxes) {
      expect(b.color).toBe(rgb(RULE_CATALOG[b.rule].color));
      expect(b.borderWidth).toBe('2px');
    }
    expect((await legendOf(page)).background).toBe('rgb(255, 255, 255)');
    await page.close();
  });
});
