import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { EXTENSION_ID, launchInspector, type InspectorBrowser } from '../../cli/browser';
import type { Finding, FindingStatus, RuleId, Severity } from '../../lib/findings';
import { addUser, client, createDatabase, finding, startServer, type ServerProcess, type TestDatabase } from '../server/harness';
import { connect, pullAll } from './sync-harness';
import { UNREVIEWED_SHEET } from '../../lib/export/xlsx';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = resolve(ROOT, 'test-results/screenshots');
const REVIEW_URL = `chrome-extension://${EXTENSION_ID}/review.html`;

let db: TestDatabase;
let server: ServerProcess;
let supervisor: InspectorBrowser;
let page: Page;
let work: string;
const tokens: Record<string, string> = {};
/** Every seeded finding as the server stored it, by id; kept up to date as the tests change rows. */
const rows = new Map<string, Finding>();

// The summary panel opens on the current quarter (China Standard Time): the findings are made in it.
const cstNow = new Date(Date.now() + 8 * 3600_000);
const qMonth = Math.floor(cstNow.getUTCMonth() / 3) * 3;
const day = (n: number) => new Date(Date.UTC(cstNow.getUTCFullYear(), qMonth, 1 + n)).toISOString().slice(0, 10);
const Q_FROM = day(0);
const Q_TO = new Date(Date.UTC(cstNow.getUTCFullYear(), qMonth + 3, 1)).toISOString().slice(0, 10);
const [D1, D2, D3] = [day(0), day(1), day(2)];
const at = (d: string) => `${d}T10:00:00+08:00`;

const SITE_A = 'www.a-shi.gov.cn';
const SITE_B = 'www.b-xian.gov.cn';
const SITE_C = 'www.c-qu.gov.cn';
const SHOT_ID = randomUUID();

interface Seed {
  site: string;
  rule: RuleId;
  severity: Severity;
  status: FindingStatus;
  d: string;
  label: string;
  shot?: boolean;
}
const seed = (n: number, s: Omit<Seed, 'label'> & { label: (i: number) => string }): Seed[] => Array.from({ length: n }, (_, i) => ({ ...s, label: s.label(i + 1) }));
const SEEDS: Record<'张三' | '李四', Seed[]> = {
  // Site A: 5 confirmed blank columns — fails on the blank-column veto line.
  张三: [
    ...seed(5, { site: SITE_A, rule: 'column-blank', severity: 'deduct', status: 'confirmed', d: D1, label: (i) => `空白栏目${i}` }),
    ...seed(2, { site: SITE_B, rule: 'link-dead', severity: 'deduct', status: 'open', d: D2, label: (i) => `失效链接${i}` }),
    { site: SITE_B, rule: 'link-hidden', severity: 'veto', status: 'open', d: D2, label: '暗链：博彩网站', shot: true },
  ],
  // Site C: 4 confirmed blank columns — one short of the line, passes.
  李四: [
    ...seed(4, { site: SITE_C, rule: 'column-blank', severity: 'deduct', status: 'confirmed', d: D3, label: (i) => `无内容栏目${i}` }),
    { site: SITE_C, rule: 'link-dead', severity: 'deduct', status: 'dismissed', d: D3, label: '已排除的链接' },
    { site: SITE_C, rule: 'link-empty', severity: 'review', status: 'open', d: D3, label: '空链接待看' },
    { site: SITE_B, rule: 'link-empty', severity: 'deduct', status: 'confirmed', d: D2, label: '空链接已确认' },
  ],
};

function toFinding(s: Seed): Finding {
  const kind: Finding['detail'] = s.rule === 'column-blank' ? { kind: 'other' } : { status: 404 };
  return finding({
    site: s.site,
    rule: s.rule,
    severity: s.severity,
    status: s.status,
    label: s.label,
    pageUrl: `https://${s.site}/index.html`,
    pageTitle: `${s.site} 首页`,
    href: `https://${s.site}/${encodeURIComponent(s.label)}.html`,
    detail: kind,
    createdAt: at(s.d),
    updatedAt: at(s.d),
    ...(s.shot ? { screenshotId: SHOT_ID } : {}),
  });
}

const all = () => [...rows.values()];
const ids = (list: readonly Finding[]) => list.map((f) => f.id).sort();
const byLabel = (label: string) => all().find((f) => f.label === label)!;

/** The ids the table shows, in its order. */
const shownOrder = () => page.locator('table[data-testid="findings"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')!));
const shown = async () => (await shownOrder()).sort();

async function refreshRows(): Promise<void> {
  for (const f of await pullAll(server.url, tokens.lead)) rows.set(f.id, f);
}

type FilterForm = Partial<Record<'site' | 'inspector' | 'rule' | 'severity' | 'status' | 'from' | 'to', string>>;
const EMPTY: Required<FilterForm> = { site: '', inspector: '', rule: '', severity: '', status: '', from: '', to: '' };

/** Fill the filter form (unnamed fields emptied), apply it and wait until the view shows `expected`. */
async function filterBy(form: FilterForm, expected: readonly Finding[]): Promise<void> {
  const filters = page.getByTestId('filters');
  for (const [name, value] of Object.entries({ ...EMPTY, ...form })) {
    const field = filters.locator(`[name="${name}"]`);
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
  await filters.locator('button[type="submit"]').click();
  await expect.poll(() => page.getByTestId('count').innerText(), { timeout: 30_000 }).toBe(`共 ${expected.length} 条`);
  expect(await shown()).toEqual(ids(expected));
}

async function download(format: string, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
  const path = join(work, name);
  await file.saveAs(path);
  return path;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'gsi-review-'));
  db = await createDatabase('sqlite');
  server = await startServer(db.url, { GSI_RATE_LIMIT: '0' });
  tokens.张三 = await addUser(db.url, '张三', 'inspector');
  tokens.李四 = await addUser(db.url, '李四', 'inspector');
  tokens.lead = await addUser(db.url, '王审核', 'supervisor');

  supervisor = await launchInspector();
  // A real PNG for the evidence: a screenshot of a small page with the stamp an inspector's capture has.
  const shotPage = await supervisor.context.newPage();
  await shotPage.setContent('<body style="margin:0;background:#fff"><div style="padding:20px;font:20px sans-serif;border:4px solid #d32f2f">暗链：博彩网站 · 2025-06-30 10:00</div></body>');
  const png = await shotPage.screenshot({ clip: { x: 0, y: 0, width: 420, height: 90 } });
  await shotPage.close();

  for (const who of ['张三', '李四'] as const) {
    const r = await client(server.url, tokens[who])('PUT', '/api/findings', { findings: SEEDS[who].map(toFinding) });
    expect(r.status).toBe(200);
    expect(r.json.conflicts).toEqual([]);
    for (const f of r.json.stored as Finding[]) rows.set(f.id, f);
  }
  const up = await client(server.url, tokens.张三)('PUT', `/api/evidence/${SHOT_ID}`, new Uint8Array(png), { 'content-type': 'image/png' });
  expect(up.status).toBe(201);

  await connect(supervisor, server.url, tokens.lead);
  page = await supervisor.context.newPage();
  await page.goto(REVIEW_URL);
});

afterAll(async () => {
  await supervisor?.close();
  await server?.stop();
  await db?.drop();
  if (work) rmSync(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

test('every filter narrows the list to exactly the matching rows', async () => {
  expect(rows.size).toBe(15);
  // The page opens on the record (confirmed and accepted) and says how many open ones it leaves out.
  const record = all().filter((f) => f.status === 'confirmed' || f.status === 'accepted');
  await expect.poll(() => page.getByTestId('count').innerText(), { timeout: 30_000 }).toBe(`共 ${record.length} 条`);
  expect(await shown()).toEqual(ids(record));
  await expect.poll(() => page.getByTestId('open-count').innerText(), { timeout: 30_000 }).toContain(`另有 ${all().filter((f) => f.status === 'open').length} 条待确认`);
  await filterBy({}, all());
  await filterBy({ site: SITE_B }, all().filter((f) => f.site === SITE_B));
  await filterBy({ rule: 'column-blank' }, all().filter((f) => f.rule === 'column-blank'));
  await filterBy({ severity: 'veto' }, all().filter((f) => f.severity === 'veto'));
  await filterBy({ severity: 'review' }, all().filter((f) => f.severity === 'review'));
  await filterBy({ inspector: '李四' }, all().filter((f) => f.inspector === '李四'));
  await filterBy({ status: 'confirmed' }, all().filter((f) => f.status === 'confirmed'));
  await filterBy({ status: 'dismissed' }, [byLabel('已排除的链接')]);
  await filterBy({ from: D2, to: D2 }, all().filter((f) => f.createdAt === at(D2)));
  await filterBy({ from: D2 }, all().filter((f) => f.createdAt !== at(D1)));
  await filterBy({ to: D1 }, all().filter((f) => f.createdAt === at(D1)));
  // Together: 张三's open findings on site B.
  await filterBy({ site: SITE_B, inspector: '张三', status: 'open' }, all().filter((f) => f.site === SITE_B && f.inspector === '张三' && f.status === 'open'));
  await filterBy({ site: 'www.nowhere.gov.cn' }, []);
  expect(await page.locator('.rv-list').innerText()).toMatch(/没有|无/);
  await page.screenshot({ path: resolve(SHOTS, 'review-filtered-empty.png'), fullPage: true });
  await filterBy({}, all());
});

test('sorting by a column, both ways; newest first by default', async () => {
  const SEV = { veto: 0, deduct: 1, review: 2 };
  const column = (key: string) => page.locator('table[data-testid="findings"] thead th').nth(['check', 'createdAt', 'site', 'rule', 'severity', 'label', 'inspector', 'status'].indexOf(key));
  const values = async <T,>(of: (f: Finding) => T) => (await shownOrder()).map((id) => of(rows.get(id)!));
  const sorted = <T,>(list: T[], cmp: (a: T, b: T) => number) => [...list].sort(cmp);

  const times = await values((f) => Date.parse(f.createdAt));
  expect(times).toEqual(sorted(times, (a, b) => b - a));
  expect(await column('createdAt').getAttribute('aria-sort')).toBe('descending');

  await column('severity').locator('button').click();
  expect(await column('severity').getAttribute('aria-sort')).toBe('ascending');
  const sev = await values((f) => SEV[f.severity]);
  expect(sev).toEqual(sorted(sev, (a, b) => a - b));
  expect(sev[0]).toBe(0);
  await column('severity').locator('button').click();
  expect(await column('severity').getAttribute('aria-sort')).toBe('descending');
  const sevDesc = await values((f) => SEV[f.severity]);
  expect(sevDesc).toEqual(sorted(sevDesc, (a, b) => b - a));
  expect(sevDesc[0]).toBe(2);

  await column('site').locator('button').click();
  const sites = await values((f) => f.site);
  expect(sites).toEqual(sorted(sites, (a, b) => a.localeCompare(b)));
  expect(sites[0]).toBe(SITE_A);

  await column('inspector').locator('button').click();
  const who = await values((f) => f.inspector!);
  expect(who).toEqual(sorted(who, new Intl.Collator('zh-CN').compare));
  expect(new Set(who.slice(0, 7)).size).toBe(1);

  await column('createdAt').locator('button').click();
  expect(await column('createdAt').getAttribute('aria-sort')).toBe('descending');
});

test('the detail shows the screenshot from the server', async () => {
  const veto = byLabel('暗链：博彩网站');
  await page.locator(`tr[data-id="${veto.id}"]`).click();
  const img = page.getByTestId('detail').getByTestId('screenshot');
  await img.waitFor({ timeout: 30_000 });
  expect(await img.evaluate((el: HTMLImageElement) => el.complete && [el.naturalWidth, el.naturalHeight])).toEqual([420, 90]);
  expect(await page.getByTestId('detail-label').innerText()).toBe(veto.label);
  await page.screenshot({ path: resolve(SHOTS, 'review-detail-screenshot.png'), fullPage: true });
  // A finding without a screenshot says so.
  await page.locator(`tr[data-id="${byLabel('失效链接1').id}"]`).click();
  expect(await page.getByTestId('detail').locator('img').count()).toBe(0);
});

test('export of the filtered view in every format holds exactly its rows; the report embeds the screenshot', async () => {
  const view = all().filter((f) => f.site === SITE_B);
  await filterBy({ site: SITE_B }, view);

  const csv = parse(readFileSync(await download('csv', 'view.csv'), 'utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
  expect(csv.map((r) => r['编号']).sort()).toEqual(ids(view));
  expect(new Set(csv.map((r) => r['站点']))).toEqual(new Set([SITE_B]));
  expect(csv.find((r) => r['编号'] === byLabel('空链接已确认').id)!['检查员']).toBe('李四');

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download('xlsx', 'view.xlsx'));
  // The record sheet and the unreviewed one together hold exactly the view.
  const xlsxIds: string[] = [];
  for (const sheet of [wb.getWorksheet('问题明细')!, wb.getWorksheet(UNREVIEWED_SHEET)].filter((s) => !!s)) {
    const header = (sheet.getRow(1).values as string[]).indexOf('编号');
    sheet.eachRow((row, n) => n > 1 && xlsxIds.push(String(row.getCell(header).value)));
  }
  expect(xlsxIds.sort()).toEqual(ids(view));

  const json = JSON.parse(readFileSync(await download('json', 'view.json'), 'utf8'));
  expect(json.format).toBe('gov-site-inspector/findings');
  expect(ids(json.findings)).toEqual(ids(view));

  const html = readFileSync(await download('html', 'view.html'), 'utf8');
  const report = await supervisor.context.newPage();
  await report.setContent(html);
  // Confirmed work is the record: the body holds the view's confirmed/accepted rows, the appendix counts the
  // open ones (the screenshot's finding is still open, so it is not in the body; tests/unit/review/
  // report-evidence.test.ts covers embedding a fetched screenshot).
  const record = view.filter((f) => f.status === 'confirmed' || f.status === 'accepted');
  expect(await report.locator('article.finding').count()).toBe(record.length);
  expect(await report.locator('section.appendix').getAttribute('data-unreviewed')).toBe(String(view.filter((f) => f.status === 'open').length));
  expect(await report.locator('article.finding figure img').count()).toBe(record.filter((f) => f.screenshotId).length);
  await report.screenshot({ path: resolve(SHOTS, 'review-report.png'), fullPage: true });
  await report.close();
  await filterBy({}, all());
});

test('bulk accept of a selection, bulk reject with a comment: the server rows say so', async () => {
  const accept = [byLabel('失效链接1'), byLabel('失效链接2')];
  const reject = [byLabel('空链接待看'), byLabel('空链接已确认')];
  const check = (f: Finding) => page.locator(`tr[data-id="${f.id}"] input[type="checkbox"]`).check();

  for (const f of accept) await check(f);
  expect(await page.getByTestId('bulk').innerText()).toContain('已选 2 条');
  await page.screenshot({ path: resolve(SHOTS, 'review-bulk-selection.png'), fullPage: true });
  await page.getByTestId('bulk').locator('.rv-accept').click();
  await expect.poll(() => page.getByTestId('notice').innerText()).toBe('已审核通过 2 条。');
  expect(await page.getByTestId('bulk').count()).toBe(0);

  for (const f of reject) await check(f);
  await page.getByTestId('bulk').locator('input').fill('不属于检查范围');
  await page.getByTestId('bulk').locator('.rv-reject').click();
  await expect.poll(() => page.getByTestId('notice').innerText()).toBe('已驳回 2 条。');

  await refreshRows();
  for (const f of accept) expect(rows.get(f.id)).toMatchObject({ status: 'accepted', reviewer: '王审核', version: 2 });
  for (const f of accept) expect(rows.get(f.id)!.reviewComment).toBeUndefined();
  for (const f of reject) expect(rows.get(f.id)).toMatchObject({ status: 'rejected', reviewer: '王审核', reviewComment: '不属于检查范围', version: 2 });
  // Nothing else changed.
  expect(all().filter((f) => f.reviewer).length).toBe(4);
  for (const f of accept) expect(await page.locator(`tr[data-id="${f.id}"] .rv-status`).innerText()).toBe('审核通过');
  for (const f of reject) expect(await page.locator(`tr[data-id="${f.id}"] .rv-status`).innerText()).toBe('审核驳回');
});

test('a finding the inspector changed after the page loaded comes back as a conflict and is shown fresh', async () => {
  const veto = byLabel('暗链：博彩网站');
  await page.locator(`tr[data-id="${veto.id}"]`).click();
  // 张三 adds a note from his browser meanwhile (based on the version he has: the current one).
  const edit = await client(server.url, tokens.张三)('PUT', '/api/findings', { findings: [{ ...veto, note: '已电话通知网站主办单位', updatedAt: new Date().toISOString() }] });
  expect(edit.status).toBe(200);
  expect(edit.json.stored[0].version).toBe(veto.version + 1);

  await page.getByTestId('detail').locator('textarea').fill('属实');
  await page.getByTestId('accept').click();
  await expect.poll(() => page.getByTestId('notice').innerText()).toMatch(/^已处理 0 条；1 条在此期间已被检查员或其他审核员修改.*暗链：博彩网站/);
  // The page now holds the inspector's version: the note is there, the status unchanged.
  await expect.poll(() => page.getByTestId('detail').innerText()).toContain('已电话通知网站主办单位');
  expect(await page.getByTestId('detail-status').innerText()).toBe('待确认');
  await page.screenshot({ path: resolve(SHOTS, 'review-conflict.png'), fullPage: true });
  await refreshRows();
  expect(rows.get(veto.id)).toMatchObject({ status: 'open', note: '已电话通知网站主办单位', version: veto.version + 1 });
  expect(rows.get(veto.id)!.reviewer).toBeUndefined();

  // Deciding again, on the fresh copy, goes through.
  await page.getByTestId('accept').click();
  await expect.poll(() => page.getByTestId('detail-status').innerText()).toBe('审核通过');
  await refreshRows();
  expect(rows.get(veto.id)).toMatchObject({ status: 'accepted', reviewComment: '属实', version: veto.version + 2 });
});

test('the per-site summary and pass rate equal GET /api/summary and the veto lines', async () => {
  const r = await client(server.url, tokens.lead)('GET', `/api/summary?from=${Q_FROM}&to=${Q_TO}`);
  expect(r.status).toBe(200);
  const summary = r.json as { sitesChecked: number; sitesPassed: number; passRate: number; sites: Array<{ site: string; verdict: string; reasons: string[]; total: number; open: number }> };
  // The constructed case: A (5 confirmed blank columns) fails, B fails on the accepted hidden link, C (4) passes.
  expect(summary.sites.map((s) => [s.site, s.verdict])).toEqual([
    [SITE_A, 'fail'],
    [SITE_B, 'fail'],
    [SITE_C, 'pass'],
  ]);
  expect(summary.sites[0].reasons).toEqual(['空白栏目 5 个（≥5 个即单项否决）']);
  expect(summary).toMatchObject({ sitesChecked: 3, sitesPassed: 1 });

  const figures = `检查站点 ${summary.sitesChecked} 个，合格 ${summary.sitesPassed} 个，合格率 ${(summary.passRate * 100).toFixed(1)}%`;
  expect(figures).toBe('检查站点 3 个，合格 1 个，合格率 33.3%');
  await page.reload();
  await expect.poll(() => page.getByTestId('summary-figures').innerText(), { timeout: 30_000 }).toBe(figures);
  for (const s of summary.sites) {
    const cells = await page.locator(`[data-testid="summary"] tr[data-site="${s.site}"] td`).allInnerTexts();
    expect(cells).toEqual([s.site, s.verdict === 'pass' ? '合格' : '不合格', String(s.total), String(s.open), s.reasons.join('；')]);
  }
  await page.getByTestId('summary').screenshot({ path: resolve(SHOTS, 'review-summary.png') });
});
