import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { AuditReport, type AuditFailure, type PageReport } from '../lib/findings';
import type { AuditArgs, Target } from './args';
import { CHROMIUM, ChromiumMissingError, ScanTimeoutError, launchInspector, notWebPage, openFailureReason, setCheckDate, waitForScan, within, type InspectorBrowser } from './browser';
import { ensureBuilt } from './build';
import { closeOnSignals } from './signals';
import { readFile } from 'node:fs/promises';
import { DEFAULT_RULE_PACK, type RulePack } from '../lib/rule-pack/pack';
import { describeProblem, parseRulePack, RULE_PACK_KEY } from '../lib/rule-pack/store';
import { packWithEmblemFiles } from './emblem-files';
import { serveFolders, type StaticServer } from './static-server';

export interface AuditOutcome {
  report: AuditReport;
  /** One line per page that could not be opened or did not settle: the audit is incomplete. */
  problems: string[];
  /** The signal that stopped the audit (Ctrl-C): the report has the pages checked before it. */
  interrupted?: NodeJS.Signals;
}

type PageOutcome = { page: PageReport; problem?: string } | { failure: AuditFailure };

function problemOf(outcome: PageOutcome): string | undefined {
  return 'failure' in outcome ? `${outcome.failure.url}：${outcome.failure.reason}` : outcome.problem;
}

const PHASE_ZH = { idle: '未开始', scanning: '检查页面', probing: '检测链接', done: '完成' } as const;

/** Where a target is opened: a URL as given, a file through the local server (its folder mounted). */
function urlOf(target: Target, server: StaticServer | null, mounts: Map<string, string>): string {
  return target.kind === 'url' ? target.url : server!.url(mounts.get(dirname(target.path))!, basename(target.path));
}

async function auditPage(browser: InspectorBrowser, url: string, timeoutMs: number): Promise<PageOutcome> {
  const deadline = Date.now() + timeoutMs;
  const tab = await browser.context.newPage();
  try {
    let response;
    try {
      response = await tab.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
    } catch (error) {
      return { failure: { url, reason: openFailureReason(error, timeoutMs) } };
    }
    const status = response?.status();
    if (status !== undefined && status >= 400) return { failure: { url, reason: `页面无法打开：服务器返回 HTTP ${status}` } };
    const notPage = notWebPage(await response?.headerValue('content-type').catch(() => null));
    if (notPage) return { failure: { url, reason: notPage } };
    // The title is asked for only when the scan has none; a page whose script never yields does not answer.
    const titleOf = () => within(tab.title().catch(() => ''), 2000, '');
    try {
      const state = await waitForScan(browser, tab, Math.max(1000, deadline - Date.now()));
      return { page: { url: state.url, title: state.title || (await titleOf()), findings: state.findings, unscanned: state.unscanned } };
    } catch (error) {
      if (!(error instanceof ScanTimeoutError)) throw error;
      // What was found before the limit is kept; the page says plainly that it is incomplete.
      const last = error.last;
      const reason = last
        ? `页面在 ${timeoutMs / 1000} 秒内未完成检查（停在“${PHASE_ZH[last.phase]}”阶段，已检测链接 ${last.linksProbed}/${last.linksTotal}），结果不完整`
        : `页面在 ${timeoutMs / 1000} 秒内没有开始检查（扩展未在该页面运行），结果不完整`;
      return {
        page: {
          url: last?.url ?? tab.url(),
          title: last?.title || (await titleOf()),
          findings: last?.findings ?? [],
          unscanned: [...(last?.unscanned ?? []), { kind: 'time-limit', where: tab.url(), reason }],
        },
        problem: `${url}：${reason}`,
      };
    }
  } finally {
    await tab.close().catch(() => undefined);
  }
}

/**
 * Opens every target in headless Chromium with the built extension, waits for each scan and its link
 * probing to settle, and collects the pages' findings. Pages are opened one after another: the probing of
 * one page should not compete with the next for the per-host limits.
 */
/** The pack named by `--rule-pack`, validated; a bad file stops the audit before Chromium starts. */
export async function readRulePackFile(path: string): Promise<RulePack> {
  const text = await readFile(path, 'utf8').catch((error: Error) => {
    throw new Error(`无法读取规则包文件：${path}（${error.message}）`);
  });
  const parsed = parseRulePack(text);
  if (!parsed.ok) throw new Error(`规则包文件有误 (invalid rule pack) ${path}：\n${parsed.problems.slice(0, 10).map((p) => `  ${describeProblem(p)}`).join('\n')}`);
  return parsed.pack;
}

/** Put the pack the audit uses into the extension's storage, where the content script reads it. */
async function installRulePack(browser: InspectorBrowser, args: AuditArgs, log: (line: string) => void): Promise<void> {
  if (!args.rulePack && args.emblems.length === 0) return;
  let pack = args.rulePack ? await readRulePackFile(args.rulePack) : DEFAULT_RULE_PACK;
  if (args.emblems.length) {
    pack = await packWithEmblemFiles(browser, pack, args.emblems);
    log(`已加入 ${args.emblems.length} 张国徽参考图 (emblem references added)`);
  }
  const stored = { pack, source: 'imported', savedAt: new Date().toISOString(), fileName: args.rulePack ? basename(args.rulePack) : undefined };
  await browser.worker.evaluate(([key, value]) => chrome.storage.local.set({ [key]: value }), [RULE_PACK_KEY, stored] as const);
}

export interface RunOptions {
  /** Another build of the extension, used as it is (the accuracy report measures an old build this way). */
  extensionDir?: string;
}

export async function runAudit(args: AuditArgs, log: (line: string) => void, opts: RunOptions = {}): Promise<AuditOutcome> {
  if (!existsSync(CHROMIUM)) throw new ChromiumMissingError();
  if (args.rulePack) await readRulePackFile(args.rulePack);
  if (!opts.extensionDir) await ensureBuilt(log);

  // One outcome per target, in the order given, so the report reads like the command line.
  const outcomes: PageOutcome[] = new Array(args.targets.length);
  const mounts = new Map<string, string>();
  const todo: number[] = [];
  for (const [i, target] of args.targets.entries()) {
    if (target.kind === 'file' && !(await stat(target.path).catch(() => null))?.isFile()) {
      outcomes[i] = { failure: { url: target.arg, reason: `文件不存在或不是文件：${target.path}` } };
      continue;
    }
    if (target.kind === 'file' && !mounts.has(dirname(target.path))) mounts.set(dirname(target.path), `f${mounts.size}`);
    todo.push(i);
  }

  const server = mounts.size ? await serveFolders(Object.fromEntries([...mounts].map(([dir, name]) => [name, dir]))) : null;
  let browser: InspectorBrowser | null = null;
  // Ctrl-C closes Chromium, which cuts the page being checked short; the pages checked before it are
  // still reported, the others said to be interrupted, and the CLI exits with the signal's code.
  let interrupted: NodeJS.Signals | undefined;
  let stop!: () => void;
  // Some of Playwright's calls (newPage) never settle once the browser is gone: the run stops waiting on them.
  const stopped = new Promise<null>((done) => (stop = () => done(null)));
  const release = closeOnSignals(async (signal) => {
    interrupted = signal;
    await browser?.close();
    await server?.close();
    stop();
  }, null);
  try {
    if (todo.length) {
      browser = await launchInspector({ handleSignals: false, ...(opts.extensionDir ? { extensionDir: opts.extensionDir } : {}) });
      if (interrupted) await browser.close();
      await Promise.race([setCheckDate(browser, args.now).then(() => installRulePack(browser!, args, log)), stopped]);
    }
    for (const [n, i] of todo.entries()) {
      if (interrupted) break;
      const url = urlOf(args.targets[i], server, mounts);
      log(`[${n + 1}/${todo.length}] 正在检查 (scanning) ${url}`);
      const started = Date.now();
      const outcome = await Promise.race([auditPage(browser!, url, args.timeoutMs), stopped]);
      if (interrupted || !outcome) break;
      outcomes[i] = outcome;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const problem = problemOf(outcome);
      log(problem ? `      ${problem}` : `      ${seconds} 秒，发现 ${'page' in outcome ? outcome.page.findings.length : 0} 个问题 (${seconds} s, findings)`);
    }
  } catch (error) {
    if (!interrupted) throw error;
  } finally {
    // After a Ctrl-C the handler stays: npm and tsx relay the same signal moments later, and with no
    // handler left that copy would end the process before the report is printed.
    if (!interrupted) release();
    await browser?.close().catch(() => undefined);
    await server?.close();
  }
  for (const i of todo) outcomes[i] ??= { failure: { url: urlOf(args.targets[i], server, mounts), reason: '检查被中断，未检查完 (interrupted)' } };
  const pages = outcomes.flatMap((o) => ('page' in o ? [o.page] : []));
  const failures = outcomes.flatMap((o) => ('failure' in o ? [o.failure] : []));
  const problems = outcomes.flatMap((o) => problemOf(o) ?? []);
  return { report: AuditReport.parse({ pages, ...(failures.length ? { failures } : {}) }), problems, ...(interrupted ? { interrupted } : {}) };
}
