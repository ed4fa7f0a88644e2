import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchInspector, scanStateOf, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';
import type { Finding } from '../../lib/findings';
import type { ScanState } from '../../lib/messages';
import { CORPUS, FIXTURES } from '../paths';

let browser: InspectorBrowser;
let server: StaticServer;

beforeAll(async () => {
  server = await serveFolders({ corpus: CORPUS, fixtures: FIXTURES });
  browser = await launchInspector();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const filing = (state: ScanState) => state.findings.filter((f) => f.rule === 'filing-missing' || f.rule === 'filing-mismatch');
const labels = (findings: Finding[]) => findings.map((f) => f.label).sort();

async function open(path: string): Promise<{ page: Page; state: ScanState }> {
  const page = await browser.context.newPage();
  await page.goto(path);
  return { page, state: await waitForScan(browser, page) };
}

/** Poll the content script until `done` holds (the inspector rescans on its own after page changes). */
async function waitForState(page: Page, done: (s: ScanState) => boolean, timeoutMs = 60_000): Promise<ScanState> {
  const deadline = Date.now() + timeoutMs;
  let last: ScanState | null = null;
  while (Date.now() < deadline) {
    last = await scanStateOf(browser, page).catch(() => null);
    if (last?.phase === 'done' && done(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`state not reached; last: ${JSON.stringify(last?.findings.map((f) => [f.rule, f.label]))}`);
}

describe('filing rules on the rendered page', () => {
  test('a footer written by document.write while the page parses is read', async () => {
    const { page, state } = await open(server.url('fixtures', 'filing/document-write.html'));
    expect(filing(state)).toEqual([]);
    await page.close();
  });

  test('a footer written by an external script (after a 页脚开始 comment) is read', async () => {
    const { page, state } = await open(server.url('fixtures', 'filing/external-footer.html'));
    expect(await page.locator('.bottom').count()).toBe(1);
    expect(filing(state)).toEqual([]);
    await page.close();
  });

  test('a footer script that does not load: all four missing, and the message says so', async () => {
    const { page, state } = await open(server.url('fixtures', 'filing/missing-footer-script.html'));
    const found = filing(state);
    expect(labels(found)).toEqual(['ICP备案', '党政机关标识', '公网安备', '网站标识码']);
    for (const f of found) {
      expect(f.rule).toBe('filing-missing');
      expect(f.message).toContain('页脚由脚本 not-saved/1708171610341487.js 生成，但该脚本没有加载或没有输出页脚');
    }
    await page.close();
  });

  test('a footer inserted after load: first all missing, then nothing once the inspector rescans', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('fixtures', 'filing/late-footer.html'));
    const before = await waitForState(page, (s) => filing(s).length > 0);
    expect(labels(filing(before))).toEqual(['ICP备案', '党政机关标识', '公网安备', '网站标识码']);
    await page.waitForFunction(() => document.body.dataset.footer === 'inserted');
    const after = await waitForState(page, (s) => filing(s).length === 0);
    expect(after.findings.filter((f) => f.rule === 'filing-missing')).toEqual([]);
    await page.close();
  });

  test('real djjiangsu page in Chromium: the unsaved footer script, reported as such', async () => {
    const { page, state } = await open(server.url('corpus', 'gov-pages/mhxqwer__djjiangsu.gov.cn/index.html'));
    const found = filing(state);
    expect(labels(found)).toEqual(['ICP备案', '党政机关标识', '公网安备', '网站标识码']);
    expect(found.every((f) => f.message.includes('static/js/1708171610341487.js'))).toBe(true);
    await page.close();
  });

  test('real jchgz page in Chromium (its scripts run): no filing findings', async () => {
    const { page, state } = await open(server.url('corpus', 'gov-pages/mhxqwer__jchgz.gov.cn/index.html'));
    expect(filing(state)).toEqual([]);
    await page.close();
  });

  test('real gjbcac and tqjsjz pages in Chromium: exactly the one missing field each', async () => {
    const a = await open(server.url('corpus', 'gov-pages/mhxqwer__gjbcac.gov.cn/index.html'));
    expect(labels(filing(a.state))).toEqual(['网站标识码']);
    await a.page.close();
    const b = await open(server.url('corpus', 'gov-pages/mhxqwer__tqjsjz.gov.cn/index.html'));
    expect(labels(filing(b.state))).toEqual(['党政机关标识']);
    await b.page.close();
  });
});

describe('wording-error on the rendered page', () => {
  test('script-written text is read; each hit re-finds its exact range in the live DOM', async () => {
    const { page, state } = await open(server.url('fixtures', 'filing/wording-script.html'));
    const hits = state.findings.filter((f) => f.rule === 'wording-error');
    expect(hits.map((f) => [f.label, f.selector, f.detail.offset])).toEqual([
      ['中华人民共合国', '#a', 2],
      ['攻府', '#b', 3],
      ['攻府', '#b', 12],
    ]);
    // Select each range with the DOM Range API, as the overlay can, and read back what it covers.
    for (const f of hits) {
      const text = await page.evaluate(
        ([selector, offset, length]) => {
          const el = document.querySelector(selector)!;
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          const range = document.createRange();
          let pos = 0;
          let started = false;
          for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
            const end = pos + n.data.length;
            if (!started && offset < end) {
              range.setStart(n, offset - pos);
              started = true;
            }
            if (started && offset + length <= end) {
              range.setEnd(n, offset + length - pos);
              break;
            }
            pos = end;
          }
          return range.toString();
        },
        [f.selector, f.detail.offset as number, f.detail.length as number] as const,
      );
      expect(text).toBe(f.label);
    }
    expect(filing(state)).toEqual([]);
    await page.close();
  });
});
