import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EXTENSION_ID, launchInspector, setCheckDate, type InspectorBrowser } from '../../cli/browser';
import { ensureBuilt } from '../../cli/build';
import { SweepStatus } from '../../lib/sweep/messages';
import { CHECK_DATE, generateSite } from '../fixtures/sweep-site/generate';
import { serveSite, type SiteServer } from '../fixtures/sweep-site/server';
import { CULTURE } from '../fixtures/sweep-site/specs';

const OUT_DIR = process.env.GSI_OUT_DIR ?? '.output-sweep';
const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = resolve(ROOT, 'test-results/screenshots');

let browser: InspectorBrowser;
let site: SiteServer;

beforeAll(async () => {
  await ensureBuilt(() => undefined, OUT_DIR);
  site = await serveSite(generateSite(CULTURE), { host: '127.0.0.8' });
  browser = await launchInspector({ extensionDir: resolve(import.meta.dirname, '../..', OUT_DIR, 'chrome-mv3') });
  await setCheckDate(browser, CHECK_DATE);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

function status(from: Page): Promise<SweepStatus> {
  return from.evaluate(() => chrome.runtime.sendMessage({ type: 'sweep-status' })).then((s) => SweepStatus.parse(s));
}

/** Findings the extension stored, read from an extension page (same origin as the background). */
function storedFindings(from: Page): Promise<{ rule: string; label: string; sessionId: string; severity: string }[]> {
  return from.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open('gov-site-inspector');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const all = await new Promise<any[]>((ok, fail) => {
      const req = db.transaction('findings').objectStore('findings').getAll();
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    db.close();
    return all.map((f) => ({ rule: f.rule, label: f.label, sessionId: f.sessionId, severity: f.severity }));
  });
}

test('"sweep this site" from the extension: progress, cancel, a whole sweep recorded into the session', { timeout: 600_000 }, async () => {
  const page = await browser.context.newPage();
  await page.goto(`${site.origin}/col/wldt/3.html`);
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 420, height: 760 });
  await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);

  // Start, see progress, cancel: the sweep stops and says how far it got.
  await popup.evaluate((url) => chrome.runtime.sendMessage({ type: 'sweep-start', url, maxPages: 25 }), page.url());
  await expect.poll(async () => (await status(popup)).done, { timeout: 120_000, interval: 300 }).toBeGreaterThanOrEqual(2);
  const running = await status(popup);
  expect(running).toMatchObject({ phase: 'running', home: `${site.origin}/` });
  expect(running.total).toBeGreaterThanOrEqual(running.done);
  await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'sweep-cancel' }));
  await expect.poll(async () => (await status(popup)).phase, { timeout: 120_000, interval: 300 }).toBe('cancelled');
  const cancelledAt = (await status(popup)).done;
  expect(cancelledAt).toBeLessThan(generateSite(CULTURE).size);

  // The whole site: every page, the verdict (home page 45 days old), findings in the session.
  await popup.evaluate((url) => chrome.runtime.sendMessage({ type: 'sweep-start', url }), page.url());
  await expect.poll(async () => (await status(popup)).phase, { timeout: 500_000, interval: 1000 }).toBe('done');
  const done = await status(popup);
  expect(done.result).toMatchObject({ pages: generateSite(CULTURE).size, verdict: 'fail', reasons: ['首页 45 天未更新（最新 2025-05-16，超过 14 天即单项否决）'], counts: { 'column-stale': 1 } });
  expect(done).toMatchObject({ done: generateSite(CULTURE).size, total: generateSite(CULTURE).size, failures: 0 });
  expect(done.sessionName).toBe(`全站检查 ${new URL(site.origin).host}`);
  // The page findings (none on this site) and the site-level one (the home page's last update).
  expect(done.recorded).toBe(1);
  const stored = await storedFindings(popup);
  expect(stored.filter((f) => f.rule === 'column-stale' && f.label === '首页')).toEqual([expect.objectContaining({ severity: 'veto' })]);
  expect(new Set(stored.map((f) => f.sessionId)).size).toBe(1);

  // The panel, as the popup shows it for the site's tab (once the popup has the page's state).
  const tabId = await browser.worker.evaluate(async (url: string) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id, page.url());
  await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tabId=${tabId}`);
  const panel = popup.getByRole('region', { name: '全站检查' });
  await panel.waitFor({ timeout: 30_000 });
  await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain('不合格');
  expect(await panel.textContent()).toContain('首页 45 天未更新');
  await mkdir(SHOTS, { recursive: true });
  await panel.scrollIntoViewIfNeeded();
  await popup.screenshot({ path: resolve(SHOTS, 'sweep-panel.png'), fullPage: true });
  await panel.screenshot({ path: resolve(SHOTS, 'sweep-panel-only.png') });

  // Started from the panel: progress while it runs, then cancelled from the panel. The sweep's background tab
  // is discarded as soon as it exists (unloaded, under a new id: as Chromium may leave such a tab unloaded, or
  // discard it when memory is short): the sweep follows it and loads it again.
  await panel.getByRole('button', { name: '检查本站全部栏目' }).click();
  await panel.getByRole('button', { name: '取消检查' }).waitFor({ timeout: 30_000 });
  const discarded = await browser.worker.evaluate(async ([siteOrigin, pageTab]) => {
    for (let i = 0; i < 100; i++) {
      const tab = (await chrome.tabs.query({})).find((t) => t.id !== pageTab && (t.url ?? t.pendingUrl ?? '').startsWith(siteOrigin));
      if (tab?.id !== undefined) return (await chrome.tabs.discard(tab.id).catch(() => undefined))?.discarded ?? false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }, [site.origin, tabId] as const);
  expect(discarded).toBe(true);
  await expect.poll(() => panel.textContent(), { timeout: 60_000 }).toMatch(/已检查 [1-9]\d* \/ \d+ 个页面/);
  await panel.screenshot({ path: resolve(SHOTS, 'sweep-panel-running.png') });
  await panel.getByRole('button', { name: '取消检查' }).click();
  await expect.poll(() => panel.textContent(), { timeout: 60_000 }).toContain('已取消');
});
