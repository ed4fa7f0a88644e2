import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { EXTENSION_ID, launchInspector, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';
import { FIXTURES } from '../paths';
import { addUser, client, createDatabase, finding, startServer, type ServerProcess, type TestDatabase } from '../server/harness';
import { connect } from './sync-harness';
import { findingsToJson } from '../../lib/export/json';

/**
 * Names, addresses and labels come from people and pages, and a long one has no spaces: each page keeps it
 * inside its box (wrapped or cut with the whole text at hand), never widening the page past the window.
 */

// Under the 200 characters a session name may have.
const LONG = `超长名称${'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.repeat(5)}`;
const LONG_SITE = `www.${'verylongsubdomain'.repeat(13)}.gov.cn`;

let browser: InspectorBrowser;
let db: TestDatabase;
let server: ServerProcess;
let pages: StaticServer;

beforeAll(async () => {
  db = await createDatabase('sqlite');
  server = await startServer(db.url, { GSI_RATE_LIMIT: '0' });
  pages = await serveFolders({ fixtures: FIXTURES });
  browser = await launchInspector();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.drop();
  await pages?.close();
});

/** How far the page reaches past the window's width (0: nothing sticks out). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('sessions page: a long session name and inspector wrap inside their cards; an English severity stays in its column', async () => {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${EXTENSION_ID}/sessions.html`);
  await page.getByLabel('任务名称').fill(LONG);
  await page.getByLabel('季度').fill('2025Q2');
  await page.getByLabel('检查员').fill(`检查员${'Q'.repeat(90)}`);
  await page.getByRole('button', { name: '新建并设为当前' }).click();
  await page.locator('#sites-heading').waitFor();
  expect(await page.locator('#sites-heading').innerText()).toContain(LONG);
  expect(await overflow(page)).toBe(0);
  // The delete confirmation names the session too.
  await page.getByRole('button', { name: `删除检查任务“${LONG}”` }).click();
  await page.getByRole('alertdialog').waitFor();
  expect(await overflow(page)).toBe(0);
  await page.getByRole('alertdialog').getByRole('button', { name: '取消' }).click();
  // In English at a narrow window, a severity ("Deduction", which does not wrap) stays inside its column.
  const findings = [finding({ site: LONG_SITE, label: LONG, severity: 'deduct' })];
  await page.getByTestId('import-json').setInputFiles({ name: 'f.json', mimeType: 'application/json', buffer: Buffer.from(findingsToJson({ findings, evidence: [] })) });
  await page.getByRole('combobox', { name: '界面语言' }).selectOption('en');
  await page.setViewportSize({ width: 800, height: 900 });
  const sev = page.locator('table[data-testid="findings"] tbody tr .sev').first();
  await expect.poll(() => sev.innerText()).toBe('Deduction');
  const [pill, cell] = await Promise.all([sev.boundingBox(), sev.locator('xpath=..').boundingBox()]);
  expect(pill!.x + pill!.width).toBeLessThanOrEqual(cell!.x + cell!.width);
  expect(await overflow(page)).toBe(0);
  await browser.worker.evaluate(() => chrome.storage.local.remove('uiLanguage'));
  await page.close();
});

test('options page: an import refused for a file with a long name keeps the message inside its box', async () => {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
  const name = `${'n'.repeat(220)}.json`;
  await page.locator('#pack-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from('{"name": 3}') });
  await page.getByTestId('status').waitFor();
  expect(await page.getByTestId('status').innerText()).toContain(name);
  expect(await overflow(page)).toBe(0);
  await page.close();
});

test('review page: long site names and labels neither widen the summary nor squeeze the subject column', async () => {
  const inspector = await addUser(db.url, `检查员${'W'.repeat(60)}`, 'inspector');
  const lead = await addUser(db.url, '王审核', 'supervisor');
  const now = new Date().toISOString();
  const rows = Array.from({ length: 6 }, (_, i) => finding({ site: LONG_SITE, label: `${i}-${LONG}`, createdAt: now, updatedAt: now }));
  expect((await client(server.url, inspector)('PUT', '/api/findings', { findings: rows })).status).toBe(200);
  await connect(browser, server.url, lead);
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${EXTENSION_ID}/review.html`);
  // The review page opens on confirmed and accepted work (issue 19): ask for every finding.
  await page.getByTestId('filters').locator('[name="status"]').selectOption('');
  await page.getByTestId('filters').locator('button[type="submit"]').click();
  await page.getByTestId('row-label').first().waitFor();
  await page.getByTestId('summary-figures').waitFor();
  expect(await overflow(page)).toBe(0);
  const [list, table, label] = await Promise.all([
    page.locator('.rv-list').boundingBox(),
    page.getByTestId('findings').boundingBox(),
    page.getByTestId('row-label').first().boundingBox(),
  ]);
  // The table fits its box, and the subject keeps a readable width (12em) instead of a column of letters.
  expect(table!.width).toBeLessThanOrEqual(list!.width);
  expect(label!.width).toBeGreaterThanOrEqual(150);
  await page.close();
});

test('popup: a 200-character address stays on one line inside the popup, and the scan bar keeps its own look', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${pages.url('fixtures', 'overlay/findings.html')}?${'q'.repeat(230)}`);
  await waitForScan(browser, page, 90_000);
  const tabId = await browser.worker.evaluate(async (url: string) => (await chrome.tabs.query({})).find((t) => t.url === url)!.id!, page.url());
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 420, height: 640 });
  await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tabId=${tabId}`);
  const rescan = popup.getByRole('button', { name: '重新检查' });
  await rescan.waitFor();
  // The popup's body has its own width (a vertical scrollbar may take some of the window's): nothing reaches past it.
  expect(await popup.evaluate(() => document.body.scrollWidth - document.body.clientWidth)).toBe(0);
  expect(await popup.locator('.gsi-url').first().getAttribute('title')).toBe(page.url());
  // The rescan button reads at the popup's size, not at a status tag's 11px.
  expect(await rescan.evaluate((b) => getComputedStyle(b).fontSize)).toBe('13px');
  await popup.close();
  await page.close();
});
