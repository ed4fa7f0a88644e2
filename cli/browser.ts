import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ScanState } from '../lib/messages';
import { createSettleWatch, type SettleOptions } from '../lib/engine/settle';

/** Fixed by the `key` in wxt.config.ts. */
export const EXTENSION_ID = 'mmcmafakagdiefbcljdlemiialmpkenc';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const EXTENSION_DIR = resolve(import.meta.dirname, '..', process.env.GSI_OUT_DIR ?? '.output', 'chrome-mv3');

export class ChromiumMissingError extends Error {
  constructor() {
    super(`找不到 Chromium（${CHROMIUM}）。请先安装：sudo apt-get install -y chromium  (Chromium not found; install it with: sudo apt-get install -y chromium, or set CHROMIUM_PATH)`);
  }
}

export interface InspectorBrowser {
  context: BrowserContext;
  worker: Worker;
  userDataDir: string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Keep a profile between launches (restart tests); a fresh temporary one otherwise. */
  userDataDir?: string;
  /** Show the window (npm start); headless otherwise. */
  headed?: boolean;
  extensionDir?: string;
  /**
   * Let Playwright close Chromium on Ctrl-C/SIGTERM/SIGHUP and exit (default). A caller that handles the
   * signals itself (npm start, the CLI) passes false so it can close the browser and delete the profile.
   */
  handleSignals?: boolean;
  /** More Chromium switches (a test maps a host name with --host-resolver-rules). */
  args?: string[];
}

/** Chromium with the built extension loaded, as users run it; resolves once its service worker is up. */
export async function launchInspector(opts: LaunchOptions = {}): Promise<InspectorBrowser> {
  if (!existsSync(CHROMIUM)) throw new ChromiumMissingError();
  const ext = opts.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(ext, 'manifest.json'))) throw new Error(`扩展尚未构建：${ext} (extension not built: run npm run build)`);
  const temporary = !opts.userDataDir;
  const userDataDir = opts.userDataDir ?? (await mkdtemp(join(tmpdir(), 'gsi-profile-')));
  const forget = () => (temporary ? rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }) : Promise.resolve());
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: false,
      // Playwright turns Chromium's popup blocker off; an inspector's browser has it on. Without it a page that
      // calls window.open on a timer fills the run with tabs that scan and probe (and open more) until the end.
      ignoreDefaultArgs: ['--disable-extensions', '--disable-popup-blocking'],
      viewport: { width: 1280, height: 900 },
      handleSIGINT: opts.handleSignals ?? true,
      handleSIGTERM: opts.handleSignals ?? true,
      handleSIGHUP: opts.handleSignals ?? true,
      args: [
        ...(opts.headed ? [] : ['--headless=new']),
        `--disable-extensions-except=${ext}`,
        `--load-extension=${ext}`,
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
        '--disable-features=DialMediaRouteProvider',
        // How a host name resolves, for a machine whose network is mapped by hand (and for tests: the page's
        // host on loopback, every other host failing DNS, as on a closed office network).
        ...(process.env.GSI_HOST_RESOLVER_RULES ? [`--host-resolver-rules=${process.env.GSI_HOST_RESOLVER_RULES}`] : []),
        ...(opts.args ?? []),
      ],
    });
  } catch (error) {
    // A launch that failed leaves no browser, and no temporary profile behind either.
    await forget();
    throw new Error(`无法启动 Chromium（${CHROMIUM}）：${printableFirstLine(error)}。请确认 CHROMIUM_PATH 指向 Chromium 程序 (Chromium could not be started)`);
  }
  let worker: Worker;
  try {
    worker =
      context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${EXTENSION_ID}/`)) ??
      (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(`chrome-extension://${EXTENSION_ID}/`), timeout: 30_000 }));
  } catch (error) {
    await context.close().catch(() => undefined);
    await forget();
    throw new Error(`扩展没有在 Chromium 中启动（${ext}）：${printableFirstLine(error)}。请重新构建：npm run build (the extension did not start)`);
  }
  // Closing twice (Ctrl-C's cleanup, then the run's own finally) waits for the one close: a second
  // context.close() on a closed browser never settles.
  let closing: Promise<void> | null = null;
  return {
    context,
    worker,
    userDataDir,
    close: () =>
      (closing ??= (async () => {
        await context.close();
        await forget();
      })()),
  };
}

/**
 * The first line of an error, without terminal colour codes: Playwright's launch errors are a page of flags
 * and call log, and their first line says enough.
 */
function printableFirstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '').split('\n')[0].slice(0, 300);
}

/** Ask the content script of the tab showing `page` for its scan state, through the background. */
export async function scanStateOf(browserCtx: InspectorBrowser, page: Page): Promise<ScanState | null> {
  const url = page.url();
  const raw = await browserCtx.worker.evaluate(async (pageUrl: string) => {
    const tabs = await chrome.tabs.query({});
    // Only the tab showing this page: with several tabs open (a sweep, the audit) the active one is another page.
    const tab = tabs.find((t) => t.url === pageUrl);
    if (tab?.id === undefined) return null;
    try {
      return await chrome.tabs.sendMessage(tab.id, { type: 'get-state' });
    } catch {
      return null;
    }
  }, url);
  return raw ? ScanState.parse(raw) : null;
}

/** Send a message to the content script of the tab showing `page`. */
export async function sendToPage(browserCtx: InspectorBrowser, page: Page, message: unknown): Promise<unknown> {
  return browserCtx.worker.evaluate(
    async ([pageUrl, msg]: [string, unknown]) => {
      const tabs = await chrome.tabs.query({});
      const tab = tabs.find((t) => t.url === pageUrl);
      if (tab?.id === undefined) throw new Error(`no tab for ${pageUrl}`);
      return chrome.tabs.sendMessage(tab.id, msg);
    },
    [page.url(), message] as [string, unknown],
  );
}

/** Set the check date that date-based rules use (CLI `--now`), before pages are opened. */
export async function setCheckDate(browserCtx: InspectorBrowser, isoDate: string | null): Promise<void> {
  await browserCtx.worker.evaluate(async (d: string | null) => {
    if (d) await chrome.storage.local.set({ checkDate: d });
    else await chrome.storage.local.remove('checkDate');
  }, isoDate);
}

/** A scan that did not settle in time; `last` is what the page had found so far (null: no content script answered). */
export class ScanTimeoutError extends Error {
  constructor(
    readonly timeoutMs: number,
    readonly last: ScanState | null,
    url: string,
  ) {
    super(`扫描在 ${timeoutMs / 1000} 秒内未完成：${url} (scan did not settle; last phase: ${last?.phase ?? 'no content script'})`);
  }
}

/**
 * `promise`, or `fallback` once `ms` have passed. A page whose script never yields (an endless loop) never
 * answers a message, an evaluate or a title request; the run goes on without the answer.
 */
export function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((done) => (timer = setTimeout(() => done(fallback), Math.max(0, ms))));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Wait until the page's scan and link probing have settled (done, no rescan pending, no new links for a quiet
 * period); throws ScanTimeoutError after `timeoutMs`.
 */
export async function waitForScan(browserCtx: InspectorBrowser, page: Page, timeoutMs = 60_000, settle: SettleOptions = {}): Promise<ScanState> {
  const deadline = Date.now() + timeoutMs;
  let last: ScanState | null = null;
  const watch = createSettleWatch(settle);
  while (Date.now() < deadline) {
    // Closed (the tab, or the browser on Ctrl-C): it will not settle, and its last state is all there is.
    if (page.isClosed()) throw new ScanTimeoutError(timeoutMs, last, page.url());
    const state = await within(
      scanStateOf(browserCtx, page).catch(() => null),
      deadline - Date.now(),
      null,
    );
    if (state) last = state;
    // Done, nothing pending, and no links arriving for a quiet period (lib/engine/settle.ts).
    if (state && watch.settled(state)) return state;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new ScanTimeoutError(timeoutMs, last, page.url());
}

/**
 * Why `page.goto` failed, in words an inspector can act on; the network code stays for the technically minded.
 * (Playwright's own text starts with "page.goto:" and ends with the address and a call log.)
 */
export function openFailureReason(error: unknown, timeoutMs: number): string {
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  const net = /net::(ERR_[A-Z_]+)/.exec(text)?.[0];
  const known: [RegExp, string][] = [
    [/Timeout \d+ms exceeded/, `${timeoutMs / 1000} 秒内没有加载完成（服务器无响应或响应过慢）`],
    [/ERR_TOO_MANY_REDIRECTS/, '重定向次数过多（重定向循环）'],
    [/ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED/, '域名无法解析（域名不存在或 DNS 故障）'],
    [/ERR_CONNECTION_REFUSED/, '服务器拒绝连接'],
    [/ERR_CONNECTION_(RESET|CLOSED)|ERR_EMPTY_RESPONSE/, '服务器中断了连接'],
    [/ERR_CONNECTION_TIMED_OUT|ERR_TIMED_OUT/, '连接超时'],
    [/ERR_ADDRESS_UNREACHABLE|ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED/, '网络不通'],
    [/ERR_CERT_|ERR_SSL_/, 'HTTPS 证书或加密连接有误'],
    [/invalid URL/i, '网址无效'],
    [/Download is starting/, '不是网页（浏览器把它当作文件下载）'],
  ];
  const plain = known.find(([pattern]) => pattern.test(text))?.[1];
  const detail = text.replace(/^page\.goto: /, '').replace(/ at (https?|file):\/\/\S*$/, '').slice(0, 300);
  return `页面无法打开：${plain ? `${plain}${net ? `（${net}）` : ''}` : detail}`;
}

/** Content types the extension checks. */
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/**
 * Why a response is not a page to check (a PDF or an image opens in the browser's own viewer, where there is
 * nothing to check, and must not read as a clean page), or null. A response that names no type is sniffed
 * by the browser and counts as a page.
 */
export function notWebPage(contentType: string | null | undefined): string | null {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  return type && !HTML_TYPES.has(type) ? `不是网页（内容类型 ${type}），未检查` : null;
}
