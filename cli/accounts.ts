import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Page } from 'playwright-core';
import type { AuditArgs } from './args';
import { CHROMIUM, ChromiumMissingError, ScanTimeoutError, launchInspector, openFailureReason, sendToPage, setCheckDate, waitForScan, type InspectorBrowser } from './browser';
import { ensureBuilt } from './build';
import { readRulePackFile } from './run-audit';
import { closeOnSignals } from './signals';
import { SweepInputError, politeness } from './sweep';
import { accountsText, writeAccountsReport, type AccountsReport } from './accounts-output';
import { ACCOUNT_READING_MESSAGE, AccountReading, STATUS_NAMES, type AccountEntry } from '../lib/accounts/account';
import { AccountListError, parseAccountList } from '../lib/accounts/list-import';
import { accountResult, summarizeAccounts, type AccountResult, type JudgedAccount } from '../lib/accounts/summary';
import { judgeAccount, thresholdsOf, type OpenFailure } from '../lib/accounts/verdict';
import { DEFAULT_RULE_PACK } from '../lib/rule-pack/pack';
import { RULE_PACK_KEY } from '../lib/rule-pack/store';
import { HostGate } from '../lib/sweep/politeness';
import { fingerprintOf } from '../lib/sweep/state';
import { hostKey } from '../lib/sweep/url';

/** What the progress file keeps per account: enough to report it again without reopening it. */
type Saved = JudgedAccount;

const STATE_VERSION = 'gsi-accounts-state-1';

async function readList(path: string): Promise<AccountEntry[]> {
  const bytes = await readFile(path).catch((error: Error) => {
    throw new SweepInputError(`无法读取账号表：${path}（${error.message}）`);
  });
  try {
    return await parseAccountList(new Uint8Array(bytes), basename(path));
  } catch (error) {
    if (error instanceof AccountListError) throw new SweepInputError(`账号表有误 (invalid account list) ${path}：${error.message}`);
    throw error;
  }
}

const accountKey = (a: AccountEntry) => `${a.platform}\u0000${a.name}`;

/** Accounts checked by an interrupted run of the same request, or a fresh progress file. */
async function openState(out: string | null, fingerprint: string, log: (line: string) => void): Promise<Map<string, Saved>> {
  if (!out) return new Map();
  if ((await stat(out).catch(() => null))?.isDirectory()) throw new SweepInputError(`--out 是一个文件夹，不是报告文件：${out}`);
  const path = `${out}.partial.jsonl`;
  const header = JSON.stringify({ state: STATE_VERSION, fingerprint });
  try {
    await mkdir(dirname(path), { recursive: true });
    if (existsSync(path)) {
      const [first, ...lines] = (await readFile(path, 'utf8')).split('\n');
      if (first === header) {
        const saved = new Map<string, Saved>();
        // A line cut off by the interruption is the one account checked again.
        for (const line of lines) {
          try {
            const { key, account } = JSON.parse(line) as { key: string; account: Saved };
            saved.set(key, account);
          } catch {
            // skip
          }
        }
        log(`继续上次中断的检查：已有 ${saved.size} 个账号的结果（${path}） (resuming)`);
        return saved;
      }
      log('不继续上次的检查（账号表、检查日期或规则包不同），重新开始 (starting afresh)');
    }
    await writeFile(path, `${header}\n`);
  } catch (error) {
    throw new SweepInputError(`无法在 ${dirname(out)} 中写入报告和检查进度：${(error as Error).message}`);
  }
  return new Map();
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

class Stopped extends Error {}

/**
 * Opens the account's link in its own tab with the extension, waits for the page's scan, and asks the
 * content script for its account reading (the same question the browser's recorder asks). A link that does
 * not open is an OpenFailure, not an exception.
 */
async function visitAccount(url: string, browser: InspectorBrowser, gate: HostGate, timeoutMs: number, stopping: () => boolean): Promise<AccountReading | OpenFailure> {
  const release = await gate.acquire(hostKey(url));
  if (stopping()) {
    release();
    throw new Stopped();
  }
  let tab: Page | null = null;
  try {
    tab = await browser.context.newPage();
    let status: number | undefined;
    try {
      const response = await tab.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
      status = response?.status();
    } catch (error) {
      if (stopping()) throw new Stopped();
      return { failed: openFailureReason(error, timeoutMs) };
    }
    try {
      await waitForScan(browser, tab, timeoutMs);
    } catch (error) {
      if (!(error instanceof ScanTimeoutError)) throw error;
      // The reading does not need the link probing to finish; a page the extension never ran on has none.
    }
    const raw = await sendToPage(browser, tab, { type: ACCOUNT_READING_MESSAGE }).catch(() => null);
    const parsed = AccountReading.safeParse(raw);
    if (!parsed.success) {
      if (stopping()) throw new Stopped();
      return { failed: `页面打开了，但扩展没有读到页面内容（${tab.url()}）`, ...(status ? { status } : {}) };
    }
    return { ...parsed.data, ...(status ? { status } : {}) };
  } catch (error) {
    if (error instanceof Stopped || stopping()) throw new Stopped();
    return { failed: `页面检查出错：${(error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300)}` };
  } finally {
    await tab?.close().catch(() => undefined);
    release();
  }
}

/** `npm run audit -- --accounts 账号表.csv`: checks every account of the list; returns the exit code. */
export async function runAccounts(args: AuditArgs, log: (line: string) => void): Promise<number> {
  const opts = args.accounts!;
  if (!existsSync(CHROMIUM)) throw new ChromiumMissingError();
  const entries = await readList(opts.list);
  const pack = args.rulePack ? await readRulePackFile(args.rulePack) : DEFAULT_RULE_PACK;
  const thresholds = thresholdsOf(pack);
  const checkDay = args.now ?? today();
  const checkDate = new Date(`${checkDay}T12:00:00`);
  const fingerprint = fingerprintOf({ entries, checkDay, thresholds, pack: fingerprintOf(pack) });
  const saved = await openState(opts.out, fingerprint, log);
  const statePath = opts.out ? `${opts.out}.partial.jsonl` : null;
  if (!statePath) log('未指定 --out：结果输出到标准输出，中断后不能续查 (no --out: no resume)');
  // Only accounts with a link are opened: the browser is not started for a list of WeChat ids alone.
  const toOpen = entries.filter((a) => a.url && !saved.has(accountKey(a)));
  if (toOpen.length) await ensureBuilt(log);

  let browser: InspectorBrowser | null = null;
  let stopping = false;
  const release = closeOnSignals(async () => {
    stopping = true;
    await browser?.close();
  });
  let saving = Promise.resolve();
  const save = (key: string, account: Saved) => {
    if (!statePath || stopping) return;
    saving = saving.then(() => appendFile(statePath, `${JSON.stringify({ key, account })}\n`)).catch((error: Error) => log(`无法保存检查进度（${error.message}） (progress not saved)`));
  };
  let done = 0;
  const progress = (a: JudgedAccount, note = '') => {
    done++;
    log(`[账号 ${done}/${entries.length}] ${a.name}（${a.unit}）：${STATUS_NAMES[a.status]}${a.reasons.length ? ` — ${a.reasons.map((r) => r.text).join('；')}` : ''}${note}`);
  };

  try {
    if (toOpen.length) {
      // Test runs map the platforms' hosts to loopback fixture pages (--host-resolver-rules); the https-only
      // platforms there have a throwaway certificate. Neither is for real inspections.
      const rules = process.env.GSI_HOST_RESOLVER_RULES;
      const extra = [...(rules ? [`--host-resolver-rules=${rules}`] : []), ...(process.env.GSI_IGNORE_CERT_ERRORS === '1' ? ['--ignore-certificate-errors'] : [])];
      browser = await launchInspector({ handleSignals: false, args: extra });
      await setCheckDate(browser, checkDay);
      const stored = { pack, source: 'imported', savedAt: new Date().toISOString(), fileName: args.rulePack ? basename(args.rulePack) : undefined };
      await browser.worker.evaluate(([key, value]) => chrome.storage.local.set({ [key]: value }), [RULE_PACK_KEY, stored] as const);
    }
    const gate = new HostGate(politeness());
    const inspector = browser;
    const judged = await Promise.all(
      entries.map(async (entry): Promise<JudgedAccount> => {
        const key = accountKey(entry);
        const prior = saved.get(key);
        if (prior) {
          progress(prior, '（上次已检查 already done）');
          return prior;
        }
        const seen = entry.url && inspector ? await visitAccount(entry.url, inspector, gate, args.timeoutMs, () => stopping) : null;
        const v = judgeAccount(entry, seen, null, checkDate, thresholds);
        const account: JudgedAccount = { ...entry, status: v.status, reasons: v.reasons, ...(v.lastPost ? { lastPost: v.lastPost } : {}), basis: v.basis };
        save(key, account);
        progress(account);
        return account;
      }),
    );
    await saving;
    const report: AccountsReport = { checkDate: checkDay, accounts: judged.map(accountResult), summary: summarizeAccounts(judged) };
    const written = opts.out
      ? await writeAccountsReport(opts.out, report).then(
          () => true,
          (error: Error) => {
            log(`错误 (error): 报告无法写入 ${opts.out}（${error.message}），改为输出到标准输出`);
            return false;
          },
        )
      : false;
    if (written) {
      process.stdout.write(accountsText(report));
      log(`报告已写入 (report written to) ${opts.out}`);
      if (statePath) await rm(statePath, { force: true });
    } else {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      log(accountsText(report));
    }
    return opts.out && !written ? 1 : 0;
  } catch (error) {
    if (error instanceof Stopped) {
      log(`检查被中断：已检查的 ${done} 个账号已保存${statePath ? `，用同一 --out 重新运行会接着检查（${statePath}）` : ''} (interrupted; what was checked is kept)`);
      return 130;
    }
    throw error;
  } finally {
    if (!stopping) release();
    await browser?.close().catch(() => undefined);
  }
}

export type { AccountResult };
