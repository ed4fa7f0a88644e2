import type { Page } from 'playwright-core';
import { ScanTimeoutError, notWebPage, openFailureReason, waitForScan, within, type InspectorBrowser } from './browser';
import { collectPageFacts } from '../lib/sweep/collect';
import { derivePageFacts, type DeriveOptions } from '../lib/sweep/facts';
import { HostGate, retryAfterMs } from '../lib/sweep/politeness';
import { canonicalUrl, hostKey } from '../lib/sweep/url';
import { failedVisit, type PageVisit } from '../lib/sweep/visit';

export interface PageVisitOptions extends DeriveOptions {
  browser: InspectorBrowser;
  gate: HostGate;
  /** Per page: loading, scanning and link probing together. */
  timeoutMs: number;
  /** Times a page answering 429/503 is tried again after its Retry-After. */
  retries?: number;
  /** Set when the sweep is being stopped: a page cut off by the stop is not a result. */
  stopping?: () => boolean;
}

/** The page text kept for dates and repost titles (a long article page is cut). */
const MAX_TEXT = 200_000;
/** Time left to read a page's facts when its scan used up the page's time. */
const FACTS_GRACE_MS = 5_000;
/** Wait when a 429/503 names no Retry-After. */
const DEFAULT_RETRY_MS = 5_000;

export class SweepStopped extends Error {}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300);
}

/**
 * Opens one page of a sweep in its own tab with the extension loaded, under the host's politeness
 * limits, waits for the extension's scan and link probing, and reads what the sweep needs from the
 * rendered page. Never throws for the page's sake: a page that cannot be opened is a failed visit.
 */
export async function visitPage(url: string, opts: PageVisitOptions): Promise<PageVisit> {
  const host = hostKey(url);
  const retries = opts.retries ?? 2;
  for (let attempt = 0; ; attempt++) {
    const release = await opts.gate.acquire(host);
    if (opts.stopping?.()) {
      release();
      throw new SweepStopped();
    }
    let tab: Page | null = null;
    try {
      tab = await opts.browser.context.newPage();
      const deadline = Date.now() + opts.timeoutMs;
      let status: number | undefined;
      let retryAfter: string | undefined;
      let contentType: string | undefined;
      try {
        const response = await tab.goto(url, { waitUntil: 'domcontentloaded', timeout: opts.timeoutMs });
        status = response?.status();
        const headers = await response?.allHeaders().catch(() => undefined);
        retryAfter = headers?.['retry-after'];
        contentType = headers?.['content-type'];
      } catch (error) {
        if (opts.stopping?.()) throw new SweepStopped();
        return failedVisit(url, openFailureReason(error, opts.timeoutMs));
      }
      if (status === 429 || status === 503) {
        const wait = retryAfterMs(retryAfter) ?? DEFAULT_RETRY_MS;
        opts.gate.defer(host, wait);
        if (attempt < retries) continue;
        return failedVisit(url, `页面无法打开：服务器要求稍后再访问（HTTP ${status}），按 Retry-After 等待并重试 ${retries} 次后仍被拒绝`);
      }
      if (status !== undefined && status >= 400) return failedVisit(url, `页面无法打开：服务器返回 HTTP ${status}`);
      // A home page that is a PDF or an image: the site is not swept, not found clean. (Other pages of the
      // site that turn out not to be pages are attachments behind extensionless links, left as they were.)
      const notPage = url === opts.home ? notWebPage(contentType) : null;
      if (notPage) return failedVisit(url, notPage);
      return await scanned(url, tab, deadline, opts);
    } catch (error) {
      if (error instanceof SweepStopped || opts.stopping?.()) throw new SweepStopped();
      return failedVisit(url, `页面检查出错：${firstLine(error)}`);
    } finally {
      await tab?.close().catch(() => undefined);
      release();
    }
  }
}

async function scanned(url: string, tab: Page, deadline: number, opts: PageVisitOptions): Promise<PageVisit> {
  let outcome: PageVisit['outcome'] = 'ok';
  let reason: string | undefined;
  let state;
  try {
    state = await waitForScan(opts.browser, tab, Math.max(1000, deadline - Date.now()));
  } catch (error) {
    if (!(error instanceof ScanTimeoutError)) throw error;
    state = error.last;
    outcome = 'incomplete';
    reason = state
      ? `页面在 ${opts.timeoutMs / 1000} 秒内未完成检查（已检测链接 ${state.linksProbed}/${state.linksTotal}），结果不完整`
      : `页面在 ${opts.timeoutMs / 1000} 秒内没有开始检查（扩展未在该页面运行），结果不完整`;
  }
  // A page whose script never yields does not answer: the visit ends without its facts rather than never.
  const raw = await within(
    tab.evaluate(collectPageFacts, MAX_TEXT).catch(() => null),
    Math.max(FACTS_GRACE_MS, deadline - Date.now()),
    null,
  );
  const finalUrl = canonicalUrl(tab.url()) ?? url;
  return {
    url,
    finalUrl,
    outcome,
    ...(reason ? { reason } : {}),
    title: state?.title || raw?.title || '',
    findings: state?.findings ?? [],
    unscanned: state?.unscanned ?? [],
    ...(raw ? { facts: derivePageFacts(raw, opts) } : {}),
  };
}
