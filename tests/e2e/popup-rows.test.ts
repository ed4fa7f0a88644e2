import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXTENSION_ID, launchInspector, scanStateOf, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';
import { FIXTURES } from '../paths';

/**
 * Issue 19 part 4 in Chromium: a page with 300 dead links of one rule, listed in a session. Every row is
 * reachable, says its reason and where it is, and the hidden menu's links say they cannot be seen.
 */

const SHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');

let browser: InspectorBrowser;
let server: StaticServer;
let page: Page;
let popup: Page;

async function tabIdOf(target: Page): Promise<number> {
  return browser.worker.evaluate(async (url: string) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.url === url);
    if (tab?.id === undefined) throw new Error(`no tab for ${url}`);
    return tab.id;
  }, target.url());
}

const row = (key: string) => popup.locator(`.gsi-item[data-key="${key}"]`);

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  server = await serveFolders({ fixtures: FIXTURES });
  browser = await launchInspector();
  page = await browser.context.newPage();
  await page.goto(server.url('fixtures', 'popup-rows/many-dead.html'));
  await waitForScan(browser, page, 120_000);
  popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 400, height: 900 });
  await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tabId=${await tabIdOf(page)}`);
  await popup.getByText('完成', { exact: true }).waitFor({ timeout: 90_000 });
  const form = popup.locator('form.gsi-new-session');
  await form.getByLabel('任务名称').fill('二季度检查');
  await form.getByLabel('检查员').fill('张三');
  await form.getByRole('button', { name: '创建检查任务' }).click();
  await popup.locator('.gsi-list').waitFor();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('popup with 300 findings in one group', () => {
  test('rows say the reason, the place, the position among namesakes, and what cannot be seen', async () => {
    const state = (await scanStateOf(browser, page))!;
    const dead = state.findings.filter((f) => f.rule === 'link-dead');
    expect(dead).toHaveLength(300);
    await popup.locator('.gsi-rule[data-rule="link-dead"] .gsi-rule-head[aria-expanded="false"]').click();
    // 100 rows at first, and no silent cap: the rest are a click away.
    await expect.poll(() => popup.locator('.gsi-rule[data-rule="link-dead"] .gsi-item').count()).toBe(100);
    expect(await popup.getByText(/未列出/).count()).toBe(0);
    await popup.locator('main.gsi-popup').screenshot({ path: resolve(SHOTS, 'popup-300-first-page.png') });

    const homes = dead.filter((f) => f.label === '网站首页');
    expect(homes).toHaveLength(3);
    const [nav, col, foot] = homes;
    expect(await row(nav.key).locator('.gsi-reason').textContent()).toBe('HTTP 404');
    expect(await row(nav.key).locator('.gsi-place').textContent()).toBe('导航');
    expect(await row(nav.key).locator('.gsi-nth').textContent()).toBe('第 1 处（共 3 处）');
    expect(await row(col.key).locator('.gsi-place').textContent()).toBe('正文 · 通知公告');
    expect(await row(col.key).locator('.gsi-nth').textContent()).toBe('第 2 处（共 3 处）');

    await popup.getByRole('button', { name: '全部显示（300 项）' }).click();
    await expect.poll(() => popup.locator('.gsi-rule[data-rule="link-dead"] .gsi-item').count()).toBe(300);
    expect(await row(foot.key).locator('.gsi-place').textContent()).toBe('页脚 · 友情链接');
    expect(await row(foot.key).locator('.gsi-nth').textContent()).toBe('第 3 处（共 3 处）');

    // The never-shown menu: nine links, each tagged invisible; the visible ones are not.
    const menu = dead.filter((f) => f.label.startsWith('机构职能'));
    expect(menu).toHaveLength(9);
    for (const f of menu) expect(await row(f.key).locator('.gsi-tag-invisible').textContent()).toBe('不可见');
    expect(await row(nav.key).locator('.gsi-tag-invisible').count()).toBe(0);
    await row(menu[0].key).scrollIntoViewIfNeeded();
    await popup.locator('main.gsi-popup').screenshot({ path: resolve(SHOTS, 'popup-300-all.png') });
  });
});
