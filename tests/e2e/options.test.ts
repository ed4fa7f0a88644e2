import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { EXTENSION_ID, launchInspector, scanStateOf, type InspectorBrowser } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';
import type { ScanState } from '../../lib/messages';
import { FIXTURES } from '../paths';

const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');
const defaultPack = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../public/rule-pack.default.json'), 'utf8'));

let browser: InspectorBrowser;
let server: StaticServer;
let options: Page;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await serveFolders({ fixtures: FIXTURES });
  browser = await launchInspector();
  options = await browser.context.newPage();
  await options.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const text = (testId: string) => options.getByTestId(testId).innerText();
const countOf = async (section: string) => Number(await options.locator(`[data-section="${section}"] td`).innerText());

async function importText(name: string, content: string): Promise<void> {
  await options.locator('#pack-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content, 'utf8') });
  await options.getByTestId('status').waitFor();
}

async function waitForPage(page: Page, done: (s: ScanState) => boolean): Promise<ScanState> {
  const deadline = Date.now() + 60_000;
  let last: ScanState | null = null;
  while (Date.now() < deadline) {
    last = await scanStateOf(browser, page).catch(() => null);
    if (last?.phase === 'done' && done(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`page state not reached: ${JSON.stringify(last?.findings.map((f) => [f.rule, f.label]))}`);
}

// A pack whose registry knows this test server's host, with a site code the fixture page does not show.
const teamPack = {
  ...defaultPack,
  name: '济南市2025年第二季度检查规则包',
  version: 3,
  sites: [{ name: '测试站点', domains: ['127.0.0.1'], siteCode: '3701000009', conacBadge: true }],
};
const mismatches = (s: ScanState) => s.findings.filter((f) => f.rule === 'filing-mismatch');

test('shows the loaded pack: name, version, source and counts per section', async () => {
  await options.getByTestId('pack').waitFor();
  expect(await text('pack-name')).toBe('默认规则包');
  expect(await text('pack-version')).toBe('1');
  expect(await text('pack-source')).toBe('默认规则包（随扩展提供）');
  expect(await countOf('wording')).toBe(defaultPack.wording.length);
  expect(await countOf('sites')).toBe(0);
  expect(await options.locator('html').getAttribute('lang')).toBe('zh-CN');
});

test('importing a good pack shows it and the open pages rescan with it at once', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url('fixtures', 'filing/document-write.html'));
  await waitForPage(page, (s) => mismatches(s).length === 0);

  await options.bringToFront();
  await importText('jinan-2025q2.json', JSON.stringify(teamPack, null, 2));
  expect(await text('status')).toBe('已导入“济南市2025年第二季度检查规则包”（版本 3），检查页面时立即生效。');
  expect(await text('pack-name')).toBe('济南市2025年第二季度检查规则包');
  expect(await text('pack-version')).toBe('3');
  expect(await text('pack-source')).toMatch(/^导入的文件 jinan-2025q2\.json · 保存于 /);
  expect(await countOf('sites')).toBe(1);

  // The content script heard the storage change: the registry now disagrees with the page's site code.
  const state = await waitForPage(page, (s) => mismatches(s).length > 0);
  expect(mismatches(state).map((f) => [f.label, f.detail.found, f.detail.expected, f.detail.source])).toEqual([
    ['网站标识码', '3701000005', '3701000009', 'footer'],
    ['网站标识码', '3701000005', '3701000009', 'meta'],
  ]);
  await page.close();
});

test('a pack with a schema error is rejected with its location; the previous pack stays', async () => {
  await options.bringToFront();
  const bad = structuredClone(teamPack);
  bad.name = '坏的规则包';
  bad.wording[3].category = '错别字';
  const content = JSON.stringify(bad, null, 2);
  await importText('bad.json', content);
  const status = await text('status');
  expect(status).toContain('导入失败：bad.json 不是有效的规则包，原规则包保持不变。');
  expect(status).toContain('内容不符合规则包格式：');
  const line = content.split('\n').findIndex((l) => l.includes('"category": "错别字"')) + 1;
  expect(status).toMatch(new RegExp(`wording\\[3\\]\\.category（第 ${line} 行，第 \\d+ 列）：无效选项`));
  expect(await options.getByRole('alert').count()).toBe(1);
  await options.screenshot({ path: resolve(SCREENSHOTS, 'options-rejected.png'), fullPage: true });

  expect(await text('pack-name')).toBe('济南市2025年第二季度检查规则包');
  // Kept in storage too, not only on screen.
  await options.reload();
  await options.getByTestId('pack').waitFor();
  expect(await text('pack-name')).toBe('济南市2025年第二季度检查规则包');
});

test('a file that is not JSON is rejected with line and column', async () => {
  await importText('broken.json', '{\n  "version": 1,\n  "name": "x"\n  "updatedAt": ""\n}');
  const status = await text('status');
  expect(status).toContain('JSON 语法错误：');
  expect(status).toContain('文件（第 4 行，第 3 列）：此处应为逗号 “,”');
  expect(await text('pack-name')).toBe('济南市2025年第二季度检查规则包');
});

test('exports the current pack as JSON that reads back the same', async () => {
  const [download] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: '导出当前规则包' }).click()]);
  expect(download.suggestedFilename()).toBe('rule-pack-v3.json');
  const path = await download.path();
  const exported = JSON.parse(readFileSync(path, 'utf8'));
  expect(exported.name).toBe(teamPack.name);
  expect(exported.sites).toEqual(teamPack.sites);
  expect(exported.wording).toEqual(defaultPack.wording.map((w: Record<string, unknown>) => ({ allowedContexts: [], ...w })));
  expect(await text('status')).toBe('已导出 rule-pack-v3.json。');
});

test('resets to the default pack, and the page rescans without the registry', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url('fixtures', 'filing/document-write.html'));
  await waitForPage(page, (s) => mismatches(s).length > 0);
  await options.bringToFront();
  await options.getByRole('button', { name: '恢复默认规则包' }).click();
  await options.getByTestId('status').filter({ hasText: '已恢复默认规则包。' }).waitFor();
  expect(await text('pack-name')).toBe('默认规则包');
  await waitForPage(page, (s) => mismatches(s).length === 0);
  await page.close();
});

test('in English when the inspector chooses English', async () => {
  await options.bringToFront();
  await options.locator('select').selectOption('en');
  await options.getByText('Current rule pack').waitFor();
  expect(await options.locator('html').getAttribute('lang')).toBe('en');
  await importText('bad.json', '{"version": "1"}');
  expect(await text('status')).toContain('Import failed: bad.json is not a valid rule pack; the previous pack is kept.');
  await options.screenshot({ path: resolve(SCREENSHOTS, 'options-en.png'), fullPage: true });
  await options.locator('select').selectOption('zh_CN');
});
