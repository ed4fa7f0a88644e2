import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium } from 'playwright-core';
import { CHROMIUM, EXTENSION_ID, launchInspector, setCheckDate, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { ensureBuilt } from '../../cli/build';
import { ACCOUNT_LIST, ACCOUNTS_CHECK_DATE, EXPECTED, serveAccounts, type AccountServer } from '../fixtures/accounts/server';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = resolve(ROOT, 'test-results/screenshots');
const SESSIONS_URL = `chrome-extension://${EXTENSION_ID}/sessions.html`;
const STATUS: Record<string, string> = { 合格: 'pass', 不合格: 'fail', 需人工检查: 'manual' };

let server: AccountServer;
let work: string;
let browser: InspectorBrowser | undefined;
/** name → { status, categories } as the CLI judged them. */
let cliVerdicts: Record<string, { status: string; categories: string[] }>;

function audit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('npx', ['tsx', 'cli/audit.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, GSI_HOST_RESOLVER_RULES: server.resolverRules, GSI_IGNORE_CERT_ERRORS: '1', GSI_SWEEP_PER_HOST: '2', GSI_SWEEP_SPACING_MS: '50', GSI_SWEEP_TABS: '4' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  work = await mkdtemp(join(tmpdir(), 'gsi-accounts-'));
  server = await serveAccounts();
  await ensureBuilt(() => undefined);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe('npm run audit -- --accounts', () => {
  test('the 12-account list: every verdict, the issue’s JSON shape, the notice’s figures', async () => {
    const out = join(work, '报告.json');
    const run = await audit(['--accounts', ACCOUNT_LIST, '--now', ACCOUNTS_CHECK_DATE, '--timeout', '90', '--out', out]);
    expect(run.stderr).toContain('报告已写入');
    expect(run.code).toBe(0);
    // One progress line per account.
    expect(run.stderr.match(/^\[账号 \d+\/12\]/gm)).toHaveLength(12);
    const report = JSON.parse(await readFile(out, 'utf8'));
    for (const a of report.accounts) expect(Object.keys(a)).toEqual(expect.arrayContaining(['name', 'platform', 'unit', 'url', 'verdict', 'reasons', 'lastPost', 'basis']));
    cliVerdicts = Object.fromEntries(report.accounts.map((a: { name: string; verdict: string; categories: string[] }) => [a.name, { status: STATUS[a.verdict], categories: a.categories }]));
    expect(cliVerdicts).toEqual(EXPECTED);
    expect(report.summary).toMatchObject({ total: 12, checked: 9, passed: 2, manual: 3, passRate: 0.222 });
    expect(report.summary.byPlatform).toEqual({
      微信公众号: { total: 3, checked: 2, passed: 1, manual: 1, passRate: 0.5 },
      新浪微博: { total: 6, checked: 5, passed: 1, manual: 1, passRate: 0.2 },
      移动客户端: { total: 1, checked: 0, passed: 0, manual: 1, passRate: null },
      其他: { total: 2, checked: 2, passed: 0, manual: 0, passRate: 0 },
    });
    expect(report.summary.closeList.map((z: { name: string; kind: string }) => `${z.name}:${z.kind}`)).toEqual(['示例市文旅局:僵尸', '示例市气象:空壳']);
    // Each platform host got its pages one at a time at most twice over; every account page was asked for once.
    expect(server.hits.filter((h) => h === 'weibo.com/u/1002')).toHaveLength(1);
  });

  test('an Excel report reads back with the verdicts and the summary sheet', async () => {
    const out = join(work, '报告.xlsx');
    const run = await audit(['--accounts', ACCOUNT_LIST, '--now', ACCOUNTS_CHECK_DATE, '--timeout', '90', '--out', out]);
    expect(run.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.getWorksheet('政务新媒体')!;
    const rows: Record<string, string> = {};
    sheet.eachRow((row, n) => n > 1 && (rows[String(row.getCell(1).value)] = String(row.getCell(6).value)));
    expect(Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, STATUS[v]]))).toEqual(Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, v.status])));
    const sum = wb.getWorksheet('政务新媒体汇总')!;
    expect(sum.getRow(2).values).toEqual([undefined, '微信公众号', 3, 2, 1, 1, '50.0%']);
    expect(sum.getRow(6).values).toEqual([undefined, '合计', 12, 9, 2, 3, '22.2%']);
  });

  test('the HTML report prints: the 政务新媒体 section with figures by platform, failing units and the 僵尸 / 空壳 list', async () => {
    const out = join(work, '报告.html');
    const run = await audit(['--accounts', ACCOUNT_LIST, '--now', ACCOUNTS_CHECK_DATE, '--timeout', '90', '--out', out]);
    expect(run.code).toBe(0);
    // Printed as the inspector prints the file: a plain browser, no inspector overlay over the report.
    const printer = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const tab = await printer.newPage();
      await tab.goto(`file://${out}`);
      expect(await tab.locator('.accounts-summary tr.total').innerText()).toMatch(/合计\s+12\s+9\s+2\s+3\s+22\.2%/);
      expect(await tab.locator('.close-list tbody tr').allInnerTexts()).toEqual([expect.stringContaining('示例市文旅局'), expect.stringContaining('示例市气象')]);
      expect(await tab.locator('.failing-units > li > strong').allInnerTexts()).toContain('示例市交通运输局');
      await tab.pdf({ path: join(SHOTS, 'accounts-report.pdf'), format: 'A4', printBackground: true });
    } finally {
      await printer.close();
    }
  });

  test('a bad list is a usage error naming the row; nothing is opened', async () => {
    const bad = join(work, 'bad.csv');
    await writeFile(bad, '账号名称,平台,主办单位,链接\n甲,微博,单位,https://weibo.com/u/1\n乙,脸书,单位,https://example.com/\n');
    const run = await audit(['--accounts', bad, '--out', join(work, 'bad.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('第 3 行：不认识的平台“脸书”');
    expect(run.stderr).not.toContain('[账号');
  });
});

describe('checking accounts in the browser', () => {
  let page: Page;
  const row = (name: string) => page.locator(`tr[data-account="${name}"]`);
  const shown = async () =>
    Object.fromEntries(
      await page.locator('tr[data-account]').evaluateAll((rows) =>
        rows.map((r) => [r.getAttribute('data-account'), { status: r.getAttribute('data-status'), categories: [...r.querySelectorAll('[data-category]')].map((c) => c.getAttribute('data-category')) }]),
      ),
    );
  const refresh = async () => page.getByRole('button', { name: '刷新' }).click();

  beforeAll(async () => {
    browser = await launchInspector({ args: server.chromiumArgs });
    await setCheckDate(browser, ACCOUNTS_CHECK_DATE);
    await browser.worker.evaluate(() => chrome.storage.local.remove('uiLanguage'));
    page = await browser.context.newPage();
    await page.goto(SESSIONS_URL);
    await page.getByLabel('任务名称').fill('2025年第二季度政务新媒体检查');
    await page.getByLabel('季度').fill('2025Q2');
    await page.getByLabel('检查员').fill('王检查');
    await page.getByRole('button', { name: '新建并设为当前' }).click();
    await page.getByTestId('accounts-panel').waitFor();
  });

  test('bad lists are refused with their row and add nothing', async () => {
    const cases: Array<[string, string]> = [
      ['missing.csv', '账号名称,主办单位,链接\n甲,单位,https://weibo.com/u/1\n'],
      ['platform.csv', '账号名称,平台,主办单位,链接\n甲,微博,单位,https://weibo.com/u/1\n乙,脸书,单位,https://example.com/\n'],
      ['duplicate.csv', '账号名称,平台,主办单位,链接\n甲,微博,单位,https://weibo.com/u/1\n乙,微博,单位,https://weibo.com/u/1\n'],
      ['empty.csv', ''],
    ];
    const said: string[] = [];
    for (const [name, text] of cases) {
      const path = join(work, name);
      await writeFile(path, text);
      await page.getByTestId('import-accounts').setInputFiles(path);
      await expect.poll(() => page.getByTestId('notice').locator('p').textContent()).toContain(name);
      said.push((await page.getByTestId('notice').locator('p').textContent())!);
      expect(await page.locator('tr[data-account]').count()).toBe(0);
    }
    expect(said[0]).toContain('第 1 行：表头缺少 “平台” 列');
    expect(said[1]).toContain('第 3 行：不认识的平台“脸书”');
    expect(said[2]).toContain('第 3 行：与第 2 行重复（同一链接）');
    expect(said[3]).toContain('文件为空');
  });

  test('the list is imported into the session, every account 未检查', async () => {
    await page.getByTestId('import-accounts').setInputFiles(ACCOUNT_LIST);
    await expect.poll(() => page.getByTestId('notice').locator('p').textContent()).toBe('已导入 12 个账号（0 个已在列表中）。');
    expect(await page.locator('tr[data-account][data-status="unchecked"]').count()).toBe(12);
    expect(await page.getByTestId('accounts-summary').textContent()).toBe('共 12 个账号：合格 0 · 不合格 0 · 需人工检查 0 · 未检查 12');
  });

  test('each opened from the list, recorded with the same verdicts as the CLI', async () => {
    for (const name of Object.keys(EXPECTED)) {
      // A retry goes on from the accounts already recorded.
      if ((await row(name).getAttribute('data-status')) !== 'unchecked') continue;
      const before = new Set(browser!.context.pages());
      await row(name).getByRole('button', { name: '打开检查' }).click();
      await expect.poll(() => browser!.context.pages().some((p) => !before.has(p)), { timeout: 60_000, message: `${name}: no tab opened` }).toBe(true);
      const tab = browser!.context.pages().find((p) => !before.has(p))!;
      await expect.poll(() => tab.url(), { timeout: 60_000, message: `${name}: the tab did not load its link` }).toMatch(/^https?:/);
      await waitForScan(browser!, tab, 120_000);
      await page.bringToFront();
      await expect.poll(async () => (await refresh(), row(name).getAttribute('data-status')), { timeout: 60_000 }).not.toBe('unchecked');
      await tab.close();
    }
    expect(await shown()).toEqual(cliVerdicts ?? EXPECTED);
    expect(await row('示例市交通').locator('[data-category="link-invalid"]').textContent()).toContain('登记的链接打开的是另一个账号');
    await page.screenshot({ path: join(SHOTS, 'accounts-sessions.png'), fullPage: true });
  });

  test('where only a phone shows it: the latest post and a phone screenshot, recorded by hand; 互动回应差 is its own finding', async () => {
    const png = new PNG({ width: 60, height: 120 });
    png.data.fill(200);
    const shot = join(work, 'phone.png');
    await writeFile(shot, PNG.sync.write(png));
    await row('示例市人社').getByRole('button', { name: '人工记录' }).click();
    const form = page.getByTestId('manual-account');
    await form.getByLabel('手机上看到的最新发布日期').fill('2025-06-27');
    await form.getByTestId('manual-screenshot').setInputFiles(shot);
    await form.getByRole('button', { name: '保存人工记录' }).click();
    await expect.poll(() => row('示例市人社').getAttribute('data-status')).toBe('pass');
    expect(await row('示例市人社').locator('td[data-col="last-post"]').textContent()).toBe('2025-06-27');
    expect(await row('示例市人社').locator('[data-col="evidence"]').textContent()).toBe('证据截图 2 张'); // the page captured when it was opened, and the phone's

    await row('示例市公安').getByRole('button', { name: '人工记录' }).click();
    await page.getByTestId('manual-account').getByLabel('互动回应差（人工发现）').fill('网民留言 30 天未回复');
    await page.getByTestId('manual-account').getByRole('button', { name: '保存人工记录' }).click();
    await expect.poll(() => row('示例市公安').getAttribute('data-status')).toBe('fail');
    expect(await row('示例市公安').locator('[data-category="interaction"]').textContent()).toBe('互动回应差：人工检查：网民留言 30 天未回复');
    await page.screenshot({ path: join(SHOTS, 'accounts-manual.png'), fullPage: true });
  });
});
