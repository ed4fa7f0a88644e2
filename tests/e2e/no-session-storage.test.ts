import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EXTENSION_DIR, EXTENSION_ID, launchInspector, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';

/**
 * The manual finding form on a browser without `chrome.storage.session` (Chromium 88–101: 360 安全浏览器 13,
 * older 奇安信 and UOS builds). A copy of the build gets a first script in the service worker and in every
 * page that deletes storage.session before any of the extension's code runs; the draft must then survive the
 * popup closing through the storage.local fallback, and the finding be saved.
 */

const REMOVE_SESSION = `(() => {
  for (const ns of [globalThis.chrome, globalThis.browser]) {
    if (!ns || !ns.storage) continue;
    try { delete ns.storage.session; } catch {}
    if ('session' in ns.storage) Object.defineProperty(ns.storage, 'session', { value: undefined, configurable: true });
  }
  globalThis.__gsiSessionRemoved = !('session' in chrome.storage) || chrome.storage.session === undefined;
})();
`;

let dir: string;
let browser: InspectorBrowser;
let pages: StaticServer;
let page: Page;

/** The build, with REMOVE_SESSION first in background.js and as the first script of every HTML page. */
async function buildWithoutSession(): Promise<string> {
  const ext = join(dir, 'extension');
  await cp(EXTENSION_DIR, ext, { recursive: true });
  await writeFile(join(ext, 'no-session.js'), REMOVE_SESSION);
  const bg = join(ext, 'background.js');
  await writeFile(bg, REMOVE_SESSION + (await readFile(bg, 'utf8')));
  for (const name of await readdir(ext)) {
    if (!name.endsWith('.html')) continue;
    const html = await readFile(join(ext, name), 'utf8');
    if (!html.includes('<head>')) throw new Error(`${name} has no <head>`);
    await writeFile(join(ext, name), html.replace('<head>', '<head><script src="/no-session.js"></script>'));
  }
  return ext;
}

async function tabIdOf(target: Page): Promise<number> {
  return browser.worker.evaluate(async (url: string) => {
    const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
    if (tab?.id === undefined) throw new Error(`no tab for ${url}`);
    return tab.id;
  }, target.url());
}

async function openPopup(): Promise<Page> {
  const p = await browser.context.newPage();
  await p.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tabId=${await tabIdOf(page)}`);
  await p.getByText('完成', { exact: true }).waitFor({ timeout: 90_000 });
  return p;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gsi-nosession-'));
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>测试县人民政府</title><h1>测试县人民政府</h1><p id="notice">关于做好政务公开工作的通知</p>',
  );
  pages = await serveFolders({ site: dir });
  browser = await launchInspector({ extensionDir: await buildWithoutSession() });
  page = await browser.context.newPage();
  await page.goto(pages.url('site', 'index.html'));
  await waitForScan(browser, page);
});
afterAll(async () => {
  await browser?.close();
  await pages?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('storage.session is gone in the service worker and the popup before the extension runs', async () => {
  expect(await browser.worker.evaluate(() => [(globalThis as { __gsiSessionRemoved?: boolean }).__gsiSessionRemoved, chrome.storage.session])).toEqual([true, undefined]);
  const popup = await openPopup();
  expect(await popup.evaluate(() => [(globalThis as { __gsiSessionRemoved?: boolean }).__gsiSessionRemoved, chrome.storage.session])).toEqual([true, undefined]);
  await popup.close();
});

test('a manual finding on a picked element: the draft survives the popup closing, in storage.local, and is saved', async () => {
  let popup = await openPopup();
  const session = popup.locator('form.gsi-new-session');
  await session.getByLabel('任务名称').fill('无 storage.session 的浏览器');
  await session.getByLabel('检查员').fill('张三');
  await session.getByRole('button', { name: '创建检查任务' }).click();
  await popup.locator('.gsi-session select').waitFor();

  await popup.getByRole('button', { name: '添加问题' }).click();
  const form = popup.locator('form.gsi-manual');
  await form.getByLabel('说明').fill('通知标题缺少发文机关');
  await form.getByRole('button', { name: '在页面上选择元素' }).click();
  await form.getByText('请在页面上点击要记录的元素（Esc 取消）').waitFor();
  const tabId = await tabIdOf(page);
  // The draft is under the per-tab fallback key, not in a session area.
  expect(await browser.worker.evaluate((id: number) => chrome.storage.local.get(`gsiTabSession:${id}:manualDraft:${id}`), tabId)).toMatchObject({
    [`gsiTabSession:${tabId}:manualDraft:${tabId}`]: { note: '通知标题缺少发文机关', picking: true },
  });
  await popup.close();

  await page.bringToFront();
  const box = (await page.locator('#notice').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);

  popup = await openPopup();
  const reopened = popup.locator('form.gsi-manual');
  await reopened.locator('.gsi-picked').waitFor();
  expect(await reopened.locator('.gsi-picked code').textContent()).toContain('notice');
  expect(await reopened.getByLabel('说明').inputValue()).toBe('通知标题缺少发文机关');
  await reopened.getByLabel('指标').selectOption({ label: '文字表述不规范' });
  await reopened.getByRole('button', { name: '保存问题' }).click();
  await popup.getByText(/^已添加问题：/).waitFor();

  const manual = await popup.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open('gov-site-inspector');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const findings = await new Promise<{ rule: string; status: string; selector: string; note?: string; detail?: { manual?: boolean } }[]>((ok, fail) => {
      const req = db.transaction('findings').objectStore('findings').getAll();
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    db.close();
    return findings.filter((f) => f.detail?.manual).map((f) => ({ rule: f.rule, status: f.status, selector: f.selector, note: f.note }));
  });
  expect(manual).toHaveLength(1);
  expect(manual[0]).toMatchObject({ rule: 'wording-error', status: 'confirmed' });
  expect(manual[0].selector).toContain('notice');
  // Saved: the draft is gone from storage.local.
  expect(Object.keys(await browser.worker.evaluate(() => chrome.storage.local.get(null))).filter((k) => k.startsWith('gsiTabSession:'))).toEqual([]);
  await popup.close();
});

test('closing the tab removes its fallback draft', async () => {
  const popup = await openPopup();
  await popup.getByRole('button', { name: '添加问题' }).click();
  await popup.locator('form.gsi-manual').getByLabel('说明').fill('草稿');
  const tabId = await tabIdOf(page);
  const key = `gsiTabSession:${tabId}:manualDraft:${tabId}`;
  const stored = async () => Object.keys(await browser.worker.evaluate(() => chrome.storage.local.get(null))).filter((k) => k.startsWith('gsiTabSession:'));
  await expect.poll(stored).toEqual([key]);
  await popup.close();
  await page.close();
  await expect.poll(stored).toEqual([]);
});
