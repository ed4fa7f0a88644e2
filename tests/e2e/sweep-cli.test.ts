import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt } from '../../cli/build';
import { SweepReport } from '../../lib/sweep/report';
import { CHECK_DATE, generateSite } from '../fixtures/sweep-site/generate';
import { serveEndless, serveHanging, serveRedirectLoop, serveSite, type SiteServer } from '../fixtures/sweep-site/server';
import { BUREAU, COUNTY, CULTURE } from '../fixtures/sweep-site/specs';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT_DIR = process.env.GSI_OUT_DIR ?? '.output-sweep';
// Loopback tests may go faster than a real site's pace; the per-host limit and spacing still apply.
const PACE = { GSI_SWEEP_PER_HOST: '3', GSI_SWEEP_SPACING_MS: '50', GSI_SWEEP_TABS: '6' };

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function sweep(args: string[], interruptAfterPages?: number, onFirstPage?: () => void, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn('npx', ['tsx', 'cli/audit.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, GSI_OUT_DIR: OUT_DIR, ...PACE, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const pages = stderr.match(/^\[站点 \d+\/\d+ · 页面 \d+\]/gm)?.length ?? 0;
      if (pages >= 1 && onFirstPage) {
        onFirstPage();
        onFirstPage = undefined;
      }
      // Ctrl-C as a terminal sends it: to npm, tsx and the CLI together.
      if (interruptAfterPages !== undefined && !interrupted && pages >= interruptAfterPages) {
        interrupted = true;
        process.kill(-child.pid!, 'SIGINT');
      }
    });
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

/** The report without what differs between two runs of the same sweep: ids, times, probe times. */
function comparable(report: SweepReport) {
  return {
    sites: report.sites,
    pages: report.pages.map((p) => ({
      url: p.url,
      title: p.title,
      findings: p.findings.map((f) => {
        const { checkedAt: _c, ...detail } = f.detail;
        return { key: f.key, rule: f.rule, severity: f.severity, label: f.label, href: f.href, message: f.message, detail };
      }),
    })),
    failures: report.failures,
    notes: report.notes,
  };
}

let tmp: string;
const servers: SiteServer[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'gsi-sweep-'));
  await ensureBuilt(() => undefined, OUT_DIR);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(tmp, { recursive: true, force: true });
});

describe('sweep of the generated sites through the CLI', () => {
  let sitesCsv: string;
  let county: SiteServer;
  let bureau: SiteServer;
  let culture: SiteServer;

  beforeAll(async () => {
    county = await serveSite(generateSite(COUNTY), { host: '127.0.0.1' });
    bureau = await serveSite(generateSite(BUREAU), { host: '127.0.0.2' });
    culture = await serveSite(generateSite(CULTURE), { host: '127.0.0.3' });
    servers.push(county, bureau, culture);
    sitesCsv = join(tmp, 'sites.csv');
    await writeFile(sitesCsv, `name,url\n${COUNTY.name},${county.origin}/\n${BUREAU.name},${bureau.origin}/\n${CULTURE.name},${culture.origin}/\n`);
  });

  let whole: SweepReport;

  test('every page of every site, exact counts and verdicts', { timeout: 900_000 }, async () => {
    const out = join(tmp, 'whole.json');
    const run = await sweep(['--sites', sitesCsv, '--now', CHECK_DATE, '--timeout', '60', '--out', out]);
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    whole = SweepReport.parse(JSON.parse(await readFile(out, 'utf8')));
    expect(existsSync(`${out}.partial.jsonl`)).toBe(false);

    const [c, b, k] = whole.sites;
    // Every generated page is reached through the navigation and column links; dead links are not opened.
    expect(c).toMatchObject({ name: COUNTY.name, pages: generateSite(COUNTY).size, verdict: 'fail' });
    // 人事公示 (250 days) is no notice/policy column: 公示 alone no longer makes one (issue 12), so no six-month line.
    expect(c.counts).toEqual({ 'link-dead': 3, 'column-stale': 2, 'column-blank': 6, 'interaction-late': 1, 'filing-missing': 1 });
    expect(c.reasons).toEqual(['互动回应不及时：1 项触及单项否决', '空白栏目 6 个（≥5 个即单项否决）']);
    expect(b).toMatchObject({ name: BUREAU.name, pages: generateSite(BUREAU).size, verdict: 'pass', reasons: [] });
    expect(b.counts).toEqual({ 'column-stale': 1, 'column-blank': 2, 'filing-mismatch': 1 });
    expect(k).toMatchObject({ name: CULTURE.name, pages: generateSite(CULTURE).size, verdict: 'fail' });
    expect(k.counts).toEqual({ 'column-stale': 1 });
    expect(k.reasons).toEqual(['首页 45 天未更新（最新 2025-05-16，超过 14 天即单项否决）']);
    expect(whole.pages).toHaveLength(c.pages + b.pages + k.pages);
    expect(whole.failures).toBeUndefined();

    const findings = whole.pages.flatMap((p) => p.findings);
    // The dead link in the navigation bar of every page is one finding that names how many pages show it.
    const nav = findings.find((f) => f.rule === 'link-dead' && f.label === '旧版网站')!;
    expect(nav.detail.sweepPages).toBe(c.pages);
    // One template's footer lacks 公网安备: one finding for the 30 article pages of 工作动态.
    const police = findings.find((f) => f.rule === 'filing-missing')!;
    expect([police.label, police.detail.sweepPages]).toEqual(['公网安备', 30]);
    const icp = findings.find((f) => f.rule === 'filing-mismatch')!;
    expect(icp.detail).toMatchObject({ problem: 'inconsistent-pages', expected: '鲁ICP备05000006号', found: '鲁ICP备05000066号', scope: 'site' });
    expect(findings.filter((f) => f.rule === 'column-blank').map((f) => f.label).sort()).toEqual(
      ['专题专栏', '人事信息', '统计数据', '应急管理', '规划计划', '财政预决算', '专题专栏', '招生信息'].sort(),
    );
    // The summary a quarterly notice is written from.
    expect(run.stdout).toContain('检查站点 3 个，合格 1 个，不合格 2 个，合格率 33.3%');
    expect(run.stdout).toMatch(/空白栏目\s+8/);
  });

  test('an interrupted sweep, started again with the same --out, ends with the same report', { timeout: 900_000 }, async () => {
    expect(whole, 'needs the uninterrupted run').toBeDefined();
    const out = join(tmp, 'resumed.json');
    const profiles = await mkdtemp(join(tmpdir(), 'gsi-sweep-tmp-'));
    const first = await sweep(['--sites', sitesCsv, '--now', CHECK_DATE, '--timeout', '60', '--out', out], 60, undefined, { TMPDIR: profiles });
    // npm and tsx may die of the signal themselves; the CLI closes Chromium and exits 130.
    expect(first.code === 130 || first.signal === 'SIGINT', `${first.code} ${first.signal}`).toBe(true);
    // Its temporary profile is deleted (the relayed copy of the signal used to end the process first).
    await expect.poll(async () => (await readdir(profiles)).filter((name) => name.startsWith('gsi-profile-'))).toEqual([]);
    await rm(profiles, { recursive: true, force: true });
    expect(existsSync(out)).toBe(false);
    const saved = (await readFile(`${out}.partial.jsonl`, 'utf8')).trim().split('\n').length - 1;
    expect(saved).toBeGreaterThanOrEqual(55);

    const second = await sweep(['--sites', sitesCsv, '--now', CHECK_DATE, '--timeout', '60', '--out', out]);
    expect(second.code, second.stderr.slice(-3000)).toBe(0);
    expect(second.stderr).toContain('继续上次中断的检查');
    // Pages saved before the interruption are not opened again.
    expect(second.stderr.match(/上次已检查/g)?.length).toBeGreaterThanOrEqual(saved);
    const resumed = SweepReport.parse(JSON.parse(await readFile(out, 'utf8')));
    expect(comparable(resumed)).toEqual(comparable(whole));
  });
});

describe('sites that hang, loop or never end', () => {
  test('are bounded and reported, and the others are swept', { timeout: 600_000 }, async () => {
    const hanging = await serveHanging('127.0.0.4');
    const loop = await serveRedirectLoop('127.0.0.5');
    const endless = await serveEndless('127.0.0.6');
    const throttled = await serveSite(generateSite(CULTURE), { host: '127.0.0.7', retryAfterFirst: 2 });
    servers.push(hanging, loop, endless, throttled);
    const csv = join(tmp, 'bad.csv');
    await writeFile(csv, `网站名称,网址\n不响应,${hanging.origin}/\n循环跳转,${loop.origin}/\n无尽页面,${endless.origin}/\n限流,${throttled.origin}/\n`);
    const out = join(tmp, 'bad.xlsx');
    const run = await sweep(['--sites', csv, '--now', CHECK_DATE, '--timeout', '8', '--max-pages', '12', '--depth', '3', '--out', out]);
    // Pages that could not be opened make the run incomplete, as in the page audit.
    expect(run.code, run.stderr.slice(-3000)).toBe(1);
    expect(run.stdout).toContain('不合格 不响应');
    expect(run.stdout).toMatch(/不响应 http:\/\/127\.0\.0\.4:\d+\/：页面无法打开：8 秒内没有加载完成/);
    expect(run.stdout).toMatch(/循环跳转 http:\/\/127\.0\.0\.5:\d+\/：页面无法打开：重定向次数过多/);
    expect(run.stdout).toContain('无尽页面：已达每站 12 个页面的上限');
    // The throttled site answered its first page with 429 and Retry-After: the sweep waited, came back and went on.
    expect(throttled.requests[0]).toBe('GET /');
    expect(throttled.requests.filter((r) => r === 'GET /').length).toBeGreaterThanOrEqual(2);
    expect(run.stdout).toMatch(/不合格 限流（http:\/\/127\.0\.0\.7:\d+\/，12 个页面）：首页 45 天未更新/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.getWorksheet('全站检查')!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0].slice(0, 5)).toEqual(['站点名称', '首页地址', '检查页面数', '结论', '否决原因']);
    expect(rows.slice(1, 5).map((r) => [r[0], r[2], r[3]])).toEqual([
      ['不响应', '0', '不合格'],
      ['循环跳转', '0', '不合格'],
      ['无尽页面', '12', '合格'],
      ['限流', '12', '不合格'],
    ]);
    expect(wb.getWorksheet('问题明细')).toBeDefined();
  });
});

describe('home pages that freeze, are not pages or do not resolve', () => {
  test('each is said plainly, the sweep ends, and the other sites are swept', async () => {
    const hanging = await serveHanging('127.0.0.8');
    servers.push(hanging);
    // One server for a PDF home page and a home page whose script stops answering once the scan has started
    // (the scan waits on a link that never answers).
    const odd = createServer((req, res) => {
      if (req.url === '/notice.pdf') return void res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4\n%%EOF\n');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><meta charset="utf-8"><title>卡死的首页</title><a href="${hanging.origin}/never">办事指南</a>
         <script>addEventListener('DOMContentLoaded', () => setTimeout(() => { for (;;) {} }, 300))</script>`,
      );
    });
    await new Promise<void>((ok) => odd.listen(0, '127.0.0.9', ok));
    const oddOrigin = `http://127.0.0.9:${(odd.address() as { port: number }).port}`;
    servers.push({ origin: oddOrigin, requests: [], close: () => new Promise<void>((ok) => { odd.closeAllConnections(); odd.close(() => ok()); }) });
    const plain = await serveSite(new Map([['/', '<!doctype html><meta charset="utf-8"><title>县政府</title><p>欢迎访问</p>']]), { host: '127.0.0.10' });
    servers.push(plain);
    const csv = join(tmp, 'odd.csv');
    await writeFile(csv, `name,url\n卡死,${oddOrigin}/\nPDF首页,${oddOrigin}/notice.pdf\n不存在,http://no-such-host.invalid/\n县政府,${plain.origin}/\n`);
    const out = join(tmp, 'odd.json');
    const run = await sweep(['--sites', csv, '--now', CHECK_DATE, '--timeout', '8', '--depth', '0', '--out', out]);
    expect(run.code, run.stderr.slice(-3000)).toBe(1);
    const report = SweepReport.parse(JSON.parse(await readFile(out, 'utf8')));
    expect(report.sites.map((s) => [s.name, s.pages])).toEqual([['卡死', 1], ['PDF首页', 0], ['不存在', 0], ['县政府', 1]]);
    const reason = (site: string) => report.failures?.find((f) => f.site === site)?.reason;
    expect(reason('卡死')).toMatch(/^页面在 8 秒内(未完成检查|没有开始检查)/);
    expect(report.sites[1]).toMatchObject({ verdict: 'fail', reasons: ['首页无法打开，未能检查：不是网页（内容类型 application/pdf），未检查'] });
    expect(reason('不存在')).toMatch(/^页面无法打开：(域名无法解析|网络不通).*（net::ERR_[A-Z_]+）$/);
    expect(reason('县政府')).toBeUndefined();
  });
});

describe('a report folder that goes away during the sweep', () => {
  test('the sweep goes on, says the progress is not saved, and the report comes on stdout', async () => {
    const site = await serveSite(generateSite(CULTURE), { host: '127.0.0.11' });
    servers.push(site);
    const csv = join(tmp, 'gone.csv');
    await writeFile(csv, `name,url\n${CULTURE.name},${site.origin}/\n`);
    const folder = join(tmp, 'usb-drive');
    const out = join(folder, 'report.json');
    // As a removed USB drive or a network share that dropped: the folder of --out is gone after the first page.
    const run = await sweep(['--sites', csv, '--now', CHECK_DATE, '--timeout', '30', '--max-pages', '8', '--out', out], undefined, () => rmSync(folder, { recursive: true, force: true }));
    // Before, the first failed append of the progress file was an unhandled rejection: the process died
    // mid-sweep and nothing was reported.
    expect(run.code, run.stderr.slice(-3000)).toBe(1);
    expect(run.stderr).toContain('无法保存检查进度');
    expect(run.stderr).toContain(`错误 (error): 报告无法写入 ${out}`);
    const report = SweepReport.parse(JSON.parse(run.stdout));
    expect(report.sites).toEqual([expect.objectContaining({ name: CULTURE.name, pages: 8 })]);
  });
});
