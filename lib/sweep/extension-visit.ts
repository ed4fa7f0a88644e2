import { browser } from 'wxt/browser';
import { ScanState } from '../messages';
import { createSettleWatch } from '../engine/settle';
import { collectPageFacts } from './collect';
import { derivePageFacts, type DeriveOptions } from './facts';
import { canonicalUrl } from './url';
import { failedVisit, type PageVisit } from './visit';
import { retryAfterMs } from './politeness';

/** What a page load answered, seen through webRequest (tabs do not tell the HTTP status). */
interface MainFrame {
  status?: number;
  retryAfter?: string;
  error?: string;
}

export interface TabVisitOptions extends DeriveOptions {
  /** The sweep's tab; its id is kept up to date by the caller (the browser replaces a discarded tab under a new id). */
  tab: { id: number };
  timeoutMs: number;
  cancelled(): boolean;
  /** A 429/503 asked to wait: the caller defers the host. */
  onRetryAfter?(ms: number): void;
}

/** How long a visited tab may stay unloaded before it is reloaded. */
const UNLOADED_KICK_MS = 2_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Watches the main-frame responses of one tab while a page loads (the tab followed under a new id if replaced). */
function watchMainFrame(tab: { id: number }): { last: MainFrame; stop(): void } {
  const state = { last: {} as MainFrame };
  const completed = (d: { tabId: number; type: string; statusCode: number; responseHeaders?: { name: string; value?: string }[] }) => {
    if (d.tabId !== tab.id || d.type !== 'main_frame') return;
    state.last = { status: d.statusCode, retryAfter: d.responseHeaders?.find((h) => h.name.toLowerCase() === 'retry-after')?.value };
  };
  const failed = (d: { tabId: number; type: string; error: string }) => {
    // ERR_ABORTED: a load replaced by the next navigation (the tab opened on this page is sent to it again).
    if (d.tabId === tab.id && d.type === 'main_frame' && !/ERR_ABORTED/.test(d.error)) state.last = { error: d.error };
  };
  // Main frames of every tab, told apart by the live id: a filter's tabId would stay the replaced tab's.
  const filter = { urls: ['<all_urls>'], types: ['main_frame' as const] };
  browser.webRequest.onCompleted.addListener(completed as never, filter, ['responseHeaders']);
  browser.webRequest.onErrorOccurred.addListener(failed as never, filter);
  return {
    get last() {
      return state.last;
    },
    stop() {
      browser.webRequest.onCompleted.removeListener(completed as never);
      browser.webRequest.onErrorOccurred.removeListener(failed as never);
    },
  };
}

/**
 * Opens `url` in the sweep's background tab, waits for the content script's scan of that page to settle
 * (get-state until `done`), and reads the page's links, text and footer with collectPageFacts. Bounded by
 * `timeoutMs`; never throws for the page's sake.
 */
export async function visitInTab(url: string, opts: TabVisitOptions): Promise<PageVisit> {
  const deadline = Date.now() + opts.timeoutMs;
  const frame = watchMainFrame(opts.tab);
  try {
    await browser.tabs.update(opts.tab.id, { url });
    let state: ScanState | null = null;
    let kicked = Date.now();
    const settle = createSettleWatch();
    while (Date.now() < deadline && !opts.cancelled()) {
      await sleep(150);
      const { error, status, retryAfter } = frame.last;
      if (error) return failedVisit(url, `页面无法打开：${error.includes('TOO_MANY_REDIRECTS') ? '重定向次数过多（重定向循环）' : error}`);
      if (status === 429 || status === 503) {
        opts.onRetryAfter?.(retryAfterMs(retryAfter) ?? 5000);
        return failedVisit(url, `页面无法打开：服务器要求稍后再访问（HTTP ${status}）`);
      }
      if (status !== undefined && status >= 400) return failedVisit(url, `页面无法打开：服务器返回 HTTP ${status}`);
      const tab = await browser.tabs.get(opts.tab.id);
      // Chromium may leave a background tab unloaded (seen in one run of several: the sweep then waited out the
      // page timeout) or discard it under memory pressure: reload it, at most every 2 s.
      if (tab.status === 'unloaded' || tab.discarded) {
        if (Date.now() - kicked >= UNLOADED_KICK_MS) {
          kicked = Date.now();
          await browser.tabs.reload(opts.tab.id).catch(() => undefined);
        }
        continue;
      }
      if (tab.status !== 'complete' && tab.url !== undefined && canonicalUrl(tab.url) === canonicalUrl(url)) continue;
      const raw = await browser.tabs.sendMessage(opts.tab.id, { type: 'get-state' }).catch(() => null);
      const parsed = ScanState.safeParse(raw);
      if (!parsed.success) continue;
      // The state of the page before (the tab is reused) does not count.
      if (tab.url && canonicalUrl(parsed.data.url) !== canonicalUrl(tab.url)) continue;
      state = parsed.data;
      // Done and quiet: spam a script adds a moment after load is part of the page (lib/engine/settle.ts).
      if (settle.settled(state)) break;
    }
    if (opts.cancelled()) return failedVisit(url, '已取消');
    const tab = await browser.tabs.get(opts.tab.id);
    const [injected] = await browser.scripting.executeScript({ target: { tabId: opts.tab.id }, func: collectPageFacts, args: [200_000] }).catch(() => [undefined]);
    const raw = (injected?.result ?? null) as ReturnType<typeof collectPageFacts> | null;
    const done = state?.phase === 'done';
    return {
      url,
      finalUrl: canonicalUrl(tab.url ?? url) ?? url,
      outcome: done ? 'ok' : state ? 'incomplete' : 'failed',
      ...(done ? {} : { reason: state ? `页面在 ${opts.timeoutMs / 1000} 秒内未完成检查，结果不完整` : `页面在 ${opts.timeoutMs / 1000} 秒内没有打开或没有开始检查` }),
      title: state?.title || raw?.title || '',
      findings: state?.findings ?? [],
      unscanned: state?.unscanned ?? [],
      ...(raw ? { facts: derivePageFacts(raw, opts) } : {}),
    };
  } finally {
    frame.stop();
  }
}
