import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EXTENSION_ID, launchInspector, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';
import { parseExportFile, type ExportFile } from '../../lib/export/json';
import { FINDING_COLUMNS } from '../../lib/export/rows';
import { UNREVIEWED_SHEET } from '../../lib/export/xlsx';
import type { Finding } from '../../lib/findings';
import { CORPUS } from '../paths';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = resolve(ROOT, 'test-results/screenshots');
const DOCS = resolve(ROOT, 'docs/screenshots');
const SESSIONS_URL = `chrome-extension://${EXTENSION_ID}/sessions.html`;

let server: StaticServer;
let work: string;
let profile: string;
let browser: InspectorBrowser | undefined;
/** What the first profile exported, read back. */
const files: Partial<Record<'csv' | 'xlsx' | 'json' | 'html', string>> = {};
let exported: ExportFile;

/** The sessions page of `b`, in Chinese. */
async function openSessions(b: InspectorBrowser): Promise<Page> {
  await b.worker.evaluate(() => chrome.storage.local.remove('uiLanguage'));
  const page = await b.context.newPage();
  await page.goto(SESSIONS_URL);
  await page.getByRole('heading', { name: '新建检查任务' }).waitFor();
  return page;
}

const notice = (page: Page) => page.getByTestId('notice').locator('p');
const siteCell = (page: Page, host: string, col: string) => page.locator(`tr[data-site="${host}"] td[data-col="${col}"]`);

async function download(page: Page, format: string, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`.export-bar button[data-format="${format}"]`).click()]);
  const path = join(work, name);
  await file.saveAs(path);
  return path;
}

/** The findings of an export, without the session they were stored under, in id order. */
const comparable = (list: readonly Finding[]) => list.map(({ sessionId: _s, ...f }) => f).sort((a, b) => a.id.localeCompare(b.id));

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  await mkdir(DOCS, { recursive: true });
  work = await mkdtemp(join(tmpdir(), 'gsi-sessions-'));
  profile = join(work, 'profile');
  server = await serveFolders({ corpus: CORPUS });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe('an inspector works through a session', () => {
  let page: Page;
  const origin = () => new URL(server.origin);
  const homePage = () => server.url('corpus', 'gov-pages/shangwuting_henan_template/index.html');
  // The second site is the same server under another host name.
  const countyPage = () => `http://localhost:${origin().port}/corpus/gov-pages/mhxqwer__tqjsjz.gov.cn/index.html`;

  beforeAll(async () => {
    browser = await launchInspector({ userDataDir: profile });
    page = await openSessions(browser);
  });

  test('creates a session through the page; it becomes the active one', async () => {
    expect(await page.getByText('还没有检查任务').count()).toBeGreaterThan(0);
    await page.getByLabel('任务名称').fill('2025年第二季度市级网站抽查');
    await page.getByLabel('季度').fill('2025Q2');
    await page.getByLabel('检查员').fill('王检查');
    await page.getByRole('button', { name: '新建并设为当前' }).click();
    await expect.poll(() => notice(page).textContent()).toContain('已新建检查任务“2025年第二季度市级网站抽查”');
    const item = page.locator('li.session[aria-current="true"]');
    expect(await item.locator('.session-name').textContent()).toBe('2025年第二季度市级网站抽查当前任务');
    expect(await page.getByText('任务中还没有站点').count()).toBe(1);
  });

  test('a bad site list is refused saying which row, and changes nothing; a good one adds the sites', async () => {
    const bad = join(work, 'bad-sites.csv');
    await writeFile(bad, `\uFEFF网站名称,网址\n河南省商务厅,${server.origin}/\n示例县政府,localhost:${origin().port}/\n`);
    await page.getByTestId('import-sites').setInputFiles(bad);
    await expect.poll(() => notice(page).textContent()).toContain('第 3 行');
    expect(await page.getByTestId('notice').getAttribute('role')).toBe('alert');
    expect(await notice(page).textContent()).toContain('任务未作任何修改');
    expect(await page.getByTestId('sites').count()).toBe(0);

    const good = join(work, 'sites.csv');
    await writeFile(good, `\uFEFF网站名称,网址\n河南省商务厅,${server.origin}/\n示例县政府,http://localhost:${origin().port}/\n`);
    await page.getByTestId('import-sites').setInputFiles(good);
    await expect.poll(() => notice(page).textContent()).toBe('已添加 2 个站点（0 个已在列表中）。');
    expect(await page.locator('[data-testid="sites"] tbody tr').count()).toBe(2);
    expect(await siteCell(page, '127.0.0.1', 'pages').textContent()).toBe('0');
  });

  test('pages of listed sites are recorded as they are opened; progress counts them', async () => {
    const home = await browser!.context.newPage();
    await home.goto(homePage());
    const homeState = await waitForScan(browser!, home, 120_000);
    const county = await browser!.context.newPage();
    await county.goto(countyPage());
    const countyState = await waitForScan(browser!, county, 120_000);
    const homeKeys = new Set(homeState.findings.map((f) => f.key)).size;
    const countyKeys = new Set(countyState.findings.map((f) => f.key)).size;
    expect(homeKeys).toBeGreaterThan(10);
    expect(countyKeys).toBeGreaterThan(0);

    await page.bringToFront();
    // Recording follows the scan's settling in the background: refresh until both pages are in.
    await expect
      .poll(async () => {
        await page.getByRole('button', { name: '刷新' }).click();
        return [await siteCell(page, '127.0.0.1', 'pages').textContent(), await siteCell(page, 'localhost', 'pages').textContent()];
      }, { timeout: 30_000 })
      .toEqual(['1', '1']);
    expect(Number(await siteCell(page, '127.0.0.1', 'findings').textContent())).toBe(homeKeys);
    expect(Number(await siteCell(page, 'localhost', 'findings').textContent())).toBe(countyKeys);
    expect(await page.getByTestId('finding-count').textContent()).toBe(`共 ${homeKeys + countyKeys} 条`);

    // A rescan of the same page adds nothing.
    await home.reload();
    await waitForScan(browser!, home, 120_000);
    await page.bringToFront();
    await page.getByRole('button', { name: '刷新' }).click();
    expect(await page.getByTestId('finding-count').textContent()).toBe(`共 ${homeKeys + countyKeys} 条`);
    await home.close();
    await county.close();
  });

  test('confirm two findings, dismiss one, capture evidence, mark a site checked', async () => {
    const rows = page.locator('[data-testid="findings"] tbody tr');
    const ids = await rows.evaluateAll((trs) => trs.slice(0, 3).map((tr) => (tr as HTMLElement).dataset.id!));
    await rows.nth(0).getByRole('combobox').selectOption('confirmed');
    await rows.nth(1).getByRole('combobox').selectOption('confirmed');
    await rows.nth(2).getByRole('combobox').selectOption('dismissed');
    await expect.poll(() => rows.nth(2).getAttribute('data-status')).toBe('dismissed');

    // Evidence through the popup's capture path: the background outlines the element and stamps URL and time.
    const home = await browser!.context.newPage();
    await home.goto(homePage());
    await waitForScan(browser!, home, 120_000);
    const tabId = await browser!.worker.evaluate(async (url: string) => (await chrome.tabs.query({})).find((t) => t.url === url)!.id!, home.url());
    const sessionId = await page.evaluate(
      () =>
        new Promise<string>((ok, fail) => {
          const req = indexedDB.open('gov-site-inspector');
          req.onsuccess = () => {
            const get = req.result.transaction('meta').objectStore('meta').get('activeSessionId');
            get.onsuccess = () => ok(get.result as string);
            get.onerror = () => fail(get.error);
          };
        }),
    );
    const answer = await page.evaluate(
      ([tab, finding, session]) => chrome.runtime.sendMessage({ type: 'capture-evidence', tabId: tab, selector: '', findingIds: [finding], sessionId: session }),
      [tabId, ids[0], sessionId] as [number, string, string],
    );
    expect(answer).toMatchObject({ ok: true });
    await home.close();

    await page.bringToFront();
    await page.getByLabel('“河南省商务厅”已检查完').check();
    await expect.poll(() => page.locator('p.muted', { hasText: '已检查完 1 个' }).count()).toBe(1);
    await page.getByRole('button', { name: '刷新' }).click();
    expect(await page.locator(`tr[data-id="${ids[0]}"]`).getAttribute('data-status')).toBe('confirmed');
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.screenshot({ path: resolve(SHOTS, 'sessions.png'), fullPage: false });
    await copyFile(resolve(SHOTS, 'sessions.png'), resolve(DOCS, 'sessions.png'));
  });

  test('the filtered view is what a filtered export holds', async () => {
    await page.locator('select[data-filter="status"]').selectOption('confirmed');
    expect(await page.getByTestId('finding-count').textContent()).toMatch(/^筛选后 2 条（共 \d+ 条）$/);
    expect(await page.locator('.export-bar > span.muted').textContent()).toBe('导出筛选结果');
    const path = await download(page, 'csv', 'confirmed.csv');
    expect(path).toBeTruthy();
    const rows: string[][] = parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
    const status = FINDING_COLUMNS.findIndex((c) => c.key === 'status');
    expect(rows.slice(1).map((r) => r[status])).toEqual(['已确认', '已确认']);
    await page.getByRole('button', { name: '清除筛选' }).click();
    expect(await page.getByTestId('finding-count').textContent()).toMatch(/^共 \d+ 条$/);
  });

  test('exports every format of the session, each read back', async () => {
    const total = Number((await page.getByTestId('finding-count').textContent())!.match(/\d+/)![0]);
    files.csv = await download(page, 'csv', 'session.csv');
    files.xlsx = await download(page, 'xlsx', 'session.xlsx');
    files.json = await download(page, 'json', 'session.json');
    files.html = await download(page, 'html', 'report.html');
    expect(await notice(page).textContent()).toMatch(/^已导出 2025年第二季度市级网站抽查-2025Q2-检查报告-\d{8}\.html（\d+ 条问题）。$/);

    const csvText = await readFile(files.csv, 'utf8');
    expect(csvText.charCodeAt(0)).toBe(0xfeff);
    const rows: string[][] = parse(csvText.slice(1));
    expect(rows).toHaveLength(total + 1);
    expect(rows[0]).toEqual(FINDING_COLUMNS.map((c) => c.title));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(files.xlsx)).buffer as ArrayBuffer);
    // Confirmed work is the record (问题明细); what nobody confirmed yet is on its own sheet, none lost.
    expect(wb.worksheets.map((w) => w.name).slice(0, 2)).toEqual(['汇总', '问题明细']);
    const rowsOf = (name: string) => (wb.getWorksheet(name)?.rowCount ?? 1) - 1;
    expect(rowsOf('问题明细') + rowsOf(UNREVIEWED_SHEET)).toBe(total);
    const summary = wb.getWorksheet('汇总')!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(summary.slice(1).map((r) => r[0]).sort()).toEqual(['127.0.0.1', 'localhost']);

    exported = parseExportFile(await readFile(files.json, 'utf8'));
    expect(exported.findings).toHaveLength(total);
    expect(exported.session?.name).toBe('2025年第二季度市级网站抽查');
    expect(exported.findings.filter((f) => f.status === 'confirmed')).toHaveLength(2);
    expect(exported.findings.filter((f) => f.status === 'dismissed')).toHaveLength(1);
    expect(exported.evidence).toHaveLength(1);
    expect(exported.evidence[0].dataUrl.startsWith('data:image/png;base64,')).toBe(true);
  });

  test('the report opens, shows the screenshot, and prints to PDF', async () => {
    const report = await browser!.context.newPage();
    await report.setViewportSize({ width: 1000, height: 1400 });
    await report.goto(`file://${files.html}`);
    expect(await report.locator('h1').textContent()).toBe('2025年第二季度市级网站抽查检查报告');
    const sites = await report.locator('h2:has-text("三、各站点结论") + p + table tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.split('\t').slice(0, 2)));
    expect(sites.map(([site]) => site).sort()).toEqual(['河南省商务厅（127.0.0.1）', '示例县政府（localhost）']);
    const img = report.locator('figure img');
    expect(await img.count()).toBe(1);
    expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    await report.screenshot({ path: resolve(SHOTS, 'report.png') });
    await copyFile(resolve(SHOTS, 'report.png'), resolve(DOCS, 'report.png'));
    await img.scrollIntoViewIfNeeded();
    await report.screenshot({ path: resolve(SHOTS, 'report-evidence.png') });
    const pdf = await report.pdf({ format: 'A4', printBackground: true });
    await writeFile(resolve(SHOTS, 'report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Every finding is in it: the PDF runs to several pages.
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length).toBeGreaterThan(3);
    await report.close();
  });

  test('a corrupt JSON file is refused saying where, and nothing changes', async () => {
    const before = await page.getByTestId('finding-count').textContent();
    const broken = JSON.parse(await readFile(files.json!, 'utf8'));
    broken.findings[1].rule = 'no-such-rule';
    const path = join(work, 'broken.json');
    await writeFile(path, JSON.stringify(broken));
    await page.getByTestId('import-json').setInputFiles(path);
    await expect.poll(() => notice(page).textContent()).toContain('错误位置 findings[1].rule');
    expect(await notice(page).textContent()).toContain('未作任何修改');
    await page.getByRole('button', { name: '刷新' }).click();
    expect(await page.getByTestId('finding-count').textContent()).toBe(before);
  });

  test('English through the language switch', async () => {
    await page.getByRole('combobox', { name: '界面语言' }).selectOption('en');
    await page.getByRole('heading', { name: 'New session' }).waitFor();
    expect(await page.getByTestId('finding-count').textContent()).toMatch(/^\d+ findings$/);
    await page.screenshot({ path: resolve(SHOTS, 'sessions-en.png') });
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh_CN');
    await page.getByRole('heading', { name: '新建检查任务' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    browser = undefined;
  });
});

/** A failed attempt must not leave its browser holding the profile: the retry could not start one. */
const closeBrowser = async () => {
  await browser?.close();
  browser = undefined;
};

describe('the JSON export in a fresh profile', () => {
  afterEach(closeBrowser);
  test('imports as a new session with the same findings and screenshot; importing again changes nothing', async () => {
    browser = await launchInspector();
    const page = await openSessions(browser);
    await page.getByTestId('import-new-session').setInputFiles(files.json!);
    const n = exported.findings.length;
    await expect.poll(() => notice(page).textContent()).toBe(`“session.json”导入完成：新增 ${n} 条，更新 0 条，未变 0 条；新增截图 1 张。`);
    expect(await page.locator('li.session[aria-current="true"] .session-name').textContent()).toBe('2025年第二季度市级网站抽查当前任务');
    expect(await page.locator('[data-testid="sites"] tbody tr').count()).toBe(2);
    await page.getByTestId('import-json').setInputFiles(files.json!);
    await expect.poll(() => notice(page).textContent()).toBe(`“session.json”导入完成：新增 0 条，更新 0 条，未变 ${n} 条；新增截图 0 张。`);
    const again = parseExportFile(await readFile(await download(page, 'json', 'fresh.json'), 'utf8'));
    expect(comparable(again.findings)).toEqual(comparable(exported.findings));
    expect(again.evidence.map((e) => e.dataUrl)).toEqual(exported.evidence.map((e) => e.dataUrl));
    await browser.close();
    browser = undefined;
  });
});

describe('after a restart with the same profile', () => {
  afterEach(closeBrowser);
  test('sessions, sites, progress, decisions and evidence are all still there; a session can be deleted', async () => {
    browser = await launchInspector({ userDataDir: profile });
    const page = await openSessions(browser);
    expect(await page.locator('li.session[aria-current="true"] .session-name').textContent()).toBe('2025年第二季度市级网站抽查当前任务');
    expect(await page.getByTestId('finding-count').textContent()).toBe(`共 ${exported.findings.length} 条`);
    expect(await siteCell(page, '127.0.0.1', 'pages').textContent()).toBe('1');
    expect(await page.getByLabel('“河南省商务厅”已检查完').isChecked()).toBe(true);
    const now = parseExportFile(await readFile(await download(page, 'json', 'restarted.json'), 'utf8'));
    expect(comparable(now.findings)).toEqual(comparable(exported.findings));
    expect(now.evidence).toHaveLength(1);
    expect(await page.getByTestId('storage').textContent()).toMatch(/已用 .+ \/ 可用/);

    // Delete: a second session, confirmed with the keyboard-reachable buttons; Escape backs out first.
    await page.getByLabel('任务名称').fill('临时任务');
    await page.getByRole('button', { name: '新建并设为当前' }).click();
    await expect.poll(() => page.locator('li.session').count()).toBe(2);
    await page.getByRole('button', { name: '删除检查任务“临时任务”' }).click();
    const confirm = page.getByRole('alertdialog');
    expect(await confirm.textContent()).toContain('确定删除“临时任务”？其中 0 条问题记录和 0 张截图将一并删除');
    // Focus moves to the safe choice in an effect after the dialog is drawn.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('取消');
    await page.keyboard.press('Escape');
    expect(await confirm.count()).toBe(0);
    await page.getByRole('button', { name: '删除检查任务“临时任务”' }).click();
    await page.getByRole('button', { name: '确定删除' }).click();
    await expect.poll(() => notice(page).textContent()).toBe('已删除检查任务“临时任务”。');
    expect(await page.locator('li.session').count()).toBe(1);
    await page.getByRole('button', { name: '将“2025年第二季度市级网站抽查”设为当前任务' }).click();
    await expect.poll(() => notice(page).textContent()).toBe('已切换到“2025年第二季度市级网站抽查”。');
    expect(await page.getByTestId('finding-count').textContent()).toBe(`共 ${exported.findings.length} 条`);
  });
});
