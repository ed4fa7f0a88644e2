import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXTENSION_ID, launchInspector, scanStateOf, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';
import { RULE_CATALOG } from '../../lib/rule-catalog';
import type { RuleId } from '../../lib/findings';
import { CORPUS, FIXTURES } from '../paths';

const SHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');

let browser: InspectorBrowser;
let server: StaticServer;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  server = await serveFolders({ corpus: CORPUS, fixtures: FIXTURES });
  browser = await launchInspector();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
// The language choice is stored in the profile: every test starts in Chinese.
beforeEach(async () => {
  await browser.worker.evaluate(() => chrome.storage.local.remove('uiLanguage'));
});

/** The rules of a scan state's counts, in the registry's order. */
const rulesOf = (counts: Partial<Record<RuleId, number>>) => (Object.keys(RULE_CATALOG) as RuleId[]).filter((r) => counts[r]);

async function tabIdOf(page: Page): Promise<number> {
  return browser.worker.evaluate(async (url: string) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.url === url);
    if (tab?.id === undefined) throw new Error(`no tab for ${url}`);
    return tab.id;
  }, page.url());
}

/** The popup opened as a page of its own, aimed at the tab showing `target`. */
async function openPopup(tabId: number): Promise<Page> {
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 380, height: 640 });
  await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tabId=${tabId}`);
  return popup;
}

/** Counts per rule as the popup shows them. */
async function shownCounts(popup: Page): Promise<Record<string, number>> {
  return popup.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll<HTMLElement>('.gsi-rule')].map((li) => [li.dataset.rule, Number(li.querySelector('.gsi-count')!.textContent)])),
  );
}

describe('popup for a scanned page', () => {
  let page: Page;
  let popup: Page;

  beforeAll(async () => {
    page = await browser.context.newPage();
    await page.goto(server.url('fixtures', 'overlay/findings.html'));
    await waitForScan(browser, page, 90_000);
    popup = await openPopup(await tabIdOf(page));
    await popup.getByText('完成', { exact: true }).waitFor();
  });
  afterAll(async () => {
    await popup?.close();
    await page?.close();
  });

  test('shows the total, the phase and the same counts per rule as the scan, with Chinese rule names', async () => {
    const state = (await scanStateOf(browser, page))!;
    await expect.poll(() => popup.locator('.gsi-total').textContent()).toBe(`共发现 ${state.findings.length} 项问题`);
    expect(await shownCounts(popup)).toEqual(state.counts);
    const names = await popup.locator('.gsi-rule-name').allTextContents();
    expect(names).toEqual(rulesOf(state.counts).map((r) => RULE_CATALOG[r].zh));
    expect(await popup.getByRole('status').textContent()).toBe('完成');
    await popup.screenshot({ path: resolve(SHOTS, 'popup.png'), fullPage: true });
  });

  test('the overlay switch turns the page overlay off and on', async () => {
    const toggle = popup.getByRole('switch', { name: '在页面上标注' });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.click();
    await expect.poll(async () => (await scanStateOf(browser, page))?.overlayVisible).toBe(false);
    expect(await toggle.isChecked()).toBe(false);
    await toggle.click();
    await expect.poll(async () => (await scanStateOf(browser, page))?.overlayVisible).toBe(true);
  });

  test('rescan runs the scan again', async () => {
    const before = (await scanStateOf(browser, page))!.scannedAt;
    await popup.getByRole('button', { name: '重新检查' }).click();
    await expect.poll(async () => (await scanStateOf(browser, page))?.scannedAt, { timeout: 60_000 }).not.toBe(before);
    await popup.getByRole('button', { name: '重新检查' }).waitFor();
    expect(await popup.getByRole('button', { name: '重新检查' }).isEnabled()).toBe(true);
  });

  test('keyboard only: tab to a rule row, open it, show a finding on the page', async () => {
    // A fresh page starts keyboard navigation at the top.
    await popup.reload();
    await popup.getByText('完成', { exact: true }).waitFor();
    const order: string[] = [];
    const focused = () =>
      popup.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return el.getAttribute('role') ?? el.localName;
      });
    await popup.keyboard.press('Tab');
    order.push(await focused());
    // Without a session the popup offers the new-session form first (tests/e2e/workflow-popup.test.ts); the
    // page's own controls follow it.
    await popup.getByRole('button', { name: '创建检查任务' }).focus();
    for (let i = 0; i < 3; i++) {
      await popup.keyboard.press('Tab');
      order.push(await focused());
    }
    expect(order).toEqual(['select', 'button', 'switch', 'button']);
    const head = popup.locator(':focus');
    expect(await head.getAttribute('aria-expanded')).toBe('false');
    await popup.keyboard.press('Enter');
    expect(await head.getAttribute('aria-expanded')).toBe('true');
    await popup.keyboard.press('Tab');
    expect(await popup.locator(':focus').textContent()).toBe('定位');
    await popup.keyboard.press('Enter');
    // The content script answered true: the label stays 定位 instead of 无法定位.
    await popup.waitForTimeout(300);
    expect(await popup.locator('.gsi-reveal').first().textContent()).toBe('定位');
    await popup.screenshot({ path: resolve(SHOTS, 'popup-expanded.png'), fullPage: true });
  });

  test('English through the language switch', async () => {
    await popup.getByRole('combobox', { name: '界面语言' }).selectOption('en');
    await popup.getByRole('button', { name: 'Rescan' }).waitFor();
    const state = (await scanStateOf(browser, page))!;
    expect(await popup.locator('.gsi-total').textContent()).toBe(`${state.findings.length} findings`);
    expect(await popup.locator('.gsi-rule-name').allTextContents()).toEqual(rulesOf(state.counts).map((r) => RULE_CATALOG[r].en));
    await popup.screenshot({ path: resolve(SHOTS, 'popup-en.png'), fullPage: true });
    await popup.getByRole('combobox', { name: 'Language' }).selectOption('zh_CN');
    await popup.getByRole('button', { name: '重新检查' }).waitFor();
  });
});

test('lists a cross-origin frame as not scanned, with its page a click away', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url('fixtures', 'overlay/cross-origin.html'));
  const state = await waitForScan(browser, page, 90_000);
  expect(state.unscanned.some((u) => u.kind === 'cross-origin-frame')).toBe(true);
  const popup = await openPopup(await tabIdOf(page));
  const section = popup.locator('.gsi-unscanned');
  await section.waitFor();
  expect(await section.locator('h2').textContent()).toBe(`未能检查的部分（${state.unscanned.length}）`);
  expect(await section.getByText('跨域框架', { exact: true }).count()).toBe(1);
  expect(await section.textContent()).toContain('localhost');
  await popup.screenshot({ path: resolve(SHOTS, 'popup-unscanned.png'), fullPage: true });
  // One click opens the frame's own page, to be checked on its own as the reason says.
  const link = section.getByRole('link');
  const href = await link.getAttribute('href');
  expect(href).toContain('localhost');
  const [opened] = await Promise.all([browser.context.waitForEvent('page'), link.click()]);
  await opened.waitForLoadState();
  expect(opened.url()).toBe(href);
  await opened.close();
  await popup.close();
  await page.close();
});

test('a page without the content script says it cannot be inspected', async () => {
  const page = await browser.context.newPage();
  await page.goto('about:blank');
  const tabId = await browser.worker.evaluate(async () => {
    const tabs = await chrome.tabs.query({ url: undefined });
    return tabs.find((t) => t.url === 'about:blank')!.id!;
  });
  const popup = await openPopup(tabId);
  await popup.getByText('此页面无法检查').waitFor();
  expect(await popup.getByText('浏览器内部页面和扩展商店页面不允许扩展检查。').count()).toBe(1);
  await popup.screenshot({ path: resolve(SHOTS, 'popup-cannot.png'), fullPage: true });
  await popup.close();
  await page.close();
});
