import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { AuditArgs } from './args';
import { CHROMIUM, ChromiumMissingError, launchInspector, setCheckDate, type InspectorBrowser } from './browser';
import { ensureBuilt } from './build';
import { readRulePackFile } from './run-audit';
import { closeOnSignals } from './signals';
import { SweepStopped, visitPage } from './sweep-page';
import { sweepProgress } from './sweep-progress';
import { sweepSummary, writeSweepReport } from './sweep-output';
import { packWithEmblemFiles } from './emblem-files';
import { DEFAULT_RULE_PACK, RegisteredSite, type RulePack } from '../lib/rule-pack/pack';
import { RULE_PACK_KEY } from '../lib/rule-pack/store';
import { VERDICT_ZH } from '../lib/rule-catalog';
import { parseSiteList, SiteListError, type SiteListEntry } from '../lib/sites/list-import';
import { crawlSite } from '../lib/sweep/crawl';
import { DEFAULT_POLITENESS, HostGate, type PolitenessOptions } from '../lib/sweep/politeness';
import { judgeSite, sweepReport } from '../lib/sweep/report';
import { fingerprintOf, parseState, stateHeader, stateLine, type SavedVisits } from '../lib/sweep/state';
import { canonicalUrl } from '../lib/sweep/url';

/** A bad sites file or registry value: reported like a usage error (exit 2), nothing started. */
export class SweepInputError extends Error {}

/**
 * Politeness of the CLI sweep (lib/sweep/politeness.ts defaults); GSI_SWEEP_PER_HOST, GSI_SWEEP_SPACING_MS
 * and GSI_SWEEP_TABS override them for a run (tests on loopback, a team's own agreed pace).
 */
export function politeness(): PolitenessOptions {
  const num = (name: string) => (process.env[name] && Number.isFinite(Number(process.env[name])) ? Number(process.env[name]) : undefined);
  const perHost = num('GSI_SWEEP_PER_HOST');
  const spacingMs = num('GSI_SWEEP_SPACING_MS');
  const total = num('GSI_SWEEP_TABS');
  return {
    ...DEFAULT_POLITENESS,
    ...(perHost && perHost >= 1 ? { perHost } : {}),
    ...(spacingMs !== undefined && spacingMs >= 0 ? { spacingMs } : {}),
    ...(total && total >= 1 ? { total } : {}),
  };
}

/**
 * The sites of the sites file. Besides what the parser checks, every address must be one a browser can
 * open (http://a:99999/ passes an http check but is no URL), and no site may be listed twice: it would be
 * swept twice and counted twice in the pass rate.
 */
export async function readSites(path: string): Promise<SiteListEntry[]> {
  const bytes = await readFile(path).catch((error: Error) => {
    throw new SweepInputError(`无法读取站点表：${path}（${error.message}）`);
  });
  try {
    const sites = await parseSiteList(new Uint8Array(bytes), basename(path));
    if (!sites.length) throw new SiteListError('站点表中没有站点', 0);
    const seen = new Map<string, string>();
    for (const site of sites) {
      const home = canonicalUrl(site.url);
      if (!home) throw new SiteListError(`“${site.name}”的网址无法识别：${site.url}`, 0);
      const first = seen.get(home);
      if (first !== undefined) throw new SiteListError(`“${first}”和“${site.name}”是同一个网址（${site.url}），请删去重复的一行`, 0);
      seen.set(home, site.name);
    }
    return sites;
  } catch (error) {
    if (error instanceof SiteListError) throw new SweepInputError(`站点表有误 (invalid sites file) ${path}：${error.message}`);
    throw error;
  }
}

/** The sites file's registry columns (网站标识码, ICP, 公安备案) join the pack's registry, so filing values are checked against them. */
export function packWithRegistry(pack: RulePack, sites: readonly SiteListEntry[]): RulePack {
  const added: RulePack['sites'] = [];
  for (const s of sites) {
    if (!s.siteCode && !s.icp && !s.police) continue;
    const parsed = RegisteredSite.safeParse({ name: s.name, domains: [new URL(s.url).hostname], siteCode: s.siteCode, icp: s.icp, police: s.police });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SweepInputError(`站点表中“${s.name}”的 ${String(issue.path[0] ?? '')} 有误：${issue.message}`);
    }
    added.push(parsed.data);
  }
  return added.length ? { ...pack, sites: [...added, ...pack.sites] } : pack;
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Pages swept before, when the saved state was made by the same request; a fresh state file otherwise.
 * Run before the build and the browser: an --out that cannot be written is said at once, not after the sweep.
 */
async function openState(out: string | null, fingerprint: string, log: (line: string) => void): Promise<SavedVisits> {
  if (!out) return new Map();
  if ((await stat(out).catch(() => null))?.isDirectory()) {
    throw new SweepInputError(`--out 是一个文件夹，不是报告文件：${out}（请给出文件名，如 ${join(out, '报告.xlsx')}）`);
  }
  const path = statePathOf(out);
  try {
    await mkdir(dirname(path), { recursive: true });
    if (existsSync(path)) {
      const parsed = parseState(await readFile(path, 'utf8'), fingerprint);
      if (parsed.ok) {
        log(`继续上次中断的检查：已有 ${parsed.lines} 个页面的结果（${path}） (resuming)`);
        return parsed.visits;
      }
      log(`不继续上次的检查（${parsed.reason}），重新开始 (starting afresh)`);
    }
    await writeFile(path, stateHeader(fingerprint));
  } catch (error) {
    throw new SweepInputError(`无法在 ${dirname(out)} 中写入报告和检查进度：${(error as Error).message}`);
  }
  return new Map();
}

/** Where the pages swept so far are kept, for a resume. */
const statePathOf = (out: string) => `${out}.partial.jsonl`;

/** `npm run audit -- --sites …`: sweeps every site of the list; returns the exit code. */
export async function runSweep(args: AuditArgs, log: (line: string) => void): Promise<number> {
  const sweep = args.sweep!;
  if (!existsSync(CHROMIUM)) throw new ChromiumMissingError();
  const sites = await readSites(sweep.sites);
  let pack = args.rulePack ? await readRulePackFile(args.rulePack) : DEFAULT_RULE_PACK;
  pack = packWithRegistry(pack, sites);
  const checkDate = args.now ?? today();
  const now = new Date(`${checkDate}T12:00:00`);

  const statePath = sweep.out ? statePathOf(sweep.out) : null;
  const fingerprint = fingerprintOf({ sites, limits: sweep.limits, checkDate, pack: fingerprintOf(pack), emblems: args.emblems });
  const saved = await openState(sweep.out, fingerprint, log);
  if (!statePath) log('未指定 --out：结果输出到标准输出，中断后不能续查 (no --out: no resume)');
  await ensureBuilt(log);

  let browser: InspectorBrowser | null = null;
  let stopping = false;
  const release = closeOnSignals(async () => {
    stopping = true;
    await browser?.close();
  });
  let saving = Promise.resolve();
  let unsaved: string | null = null;
  // A progress file that can no longer be written (its folder gone, the disk full) costs the resume, not
  // the sweep: before, the failed append was an unhandled rejection that ended the process mid-sweep.
  const save = (site: string, line: Parameters<typeof stateLine>[1]) => {
    if (!statePath || stopping || unsaved) return;
    saving = saving
      .then(() => appendFile(statePath, stateLine(site, line)))
      .catch((error: Error) => {
        if (unsaved) return;
        unsaved = error.message;
        log(`无法保存检查进度（${error.message}），检查继续，但中断后不能从这里续查 (progress not saved)`);
      });
  };

  try {
    browser = await launchInspector({ handleSignals: false });
    await setCheckDate(browser, checkDate);
    if (args.emblems.length) pack = await packWithEmblemFiles(browser, pack, args.emblems);
    const stored = { pack, source: 'imported', savedAt: new Date().toISOString(), fileName: args.rulePack ? basename(args.rulePack) : undefined };
    await browser.worker.evaluate(([key, value]) => chrome.storage.local.set({ [key]: value }), [RULE_PACK_KEY, stored] as const);

    const gate = new HostGate(politeness());
    const progress = sweepProgress(sites.length);
    const inspector = browser;
    const judged = await Promise.all(
      sites.map(async (entry) => {
        const home = canonicalUrl(entry.url) ?? entry.url;
        const before = saved.get(home) ?? new Map();
        const crawl = await crawlSite(home, sweep.limits, async (url) => {
          const prior = before.get(url);
          if (prior) {
            progress.page(entry.name, url, '（上次已检查 already done）');
            return prior;
          }
          const visit = await visitPage(url, { browser: inspector, gate, timeoutMs: args.timeoutMs, home, now, reposts: pack.reposts, stopping: () => stopping });
          save(home, visit);
          const what = visit.outcome === 'failed' ? visit.reason ?? '无法打开' : `${visit.findings.length} 个问题${visit.outcome === 'incomplete' ? '（不完整）' : ''}`;
          progress.page(entry.name, url, what);
          return visit;
        });
        const result = judgeSite(entry, crawl, { now, reposts: pack.reposts, limits: sweep.limits });
        progress.siteDone(entry.name, `${VERDICT_ZH[result.site.verdict]}，${result.site.pages} 个页面${result.site.reasons.length ? `：${result.site.reasons.join('；')}` : ''}`);
        return result;
      }),
    );
    progress.finish();
    await saving;
    const report = sweepReport(judged);
    const written = sweep.out
      ? await writeSweepReport(sweep.out, report).then(
          () => true,
          (error: Error) => {
            log(`错误 (error): 报告无法写入 ${sweep.out}（${error.message}），改为输出到标准输出 (the report goes to stdout instead)`);
            return false;
          },
        )
      : false;
    if (sweep.out && written) {
      process.stdout.write(sweepSummary(report));
      log(`报告已写入 (report written to) ${sweep.out}`);
      if (statePath) await rm(statePath, { force: true });
    } else {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      log(sweepSummary(report));
    }
    return report.failures?.length || (sweep.out && !written) ? 1 : 0;
  } catch (error) {
    if (error instanceof SweepStopped) return 130;
    throw error;
  } finally {
    // After a Ctrl-C the handler stays until it has closed Chromium, deleted the profile and ended the
    // process: npm and tsx relay the same signal moments later, and with no handler left that copy would end
    // the process before the temporary profile is deleted.
    if (!stopping) release();
    await browser?.close().catch(() => undefined);
  }
}
