import type { Page } from 'playwright-core';
import { launchInspector, waitForScan, type InspectorBrowser } from '../cli/browser';
import { ScanState } from '../lib/messages';

/**
 * The scan as an inspector's page runs it: the built extension's own content script in Chromium, asked to
 * rescan a page it has already scanned once (links answered from the background's probe cache, images from
 * the fingerprint cache). Timed from the extension's service worker, message round trip and the state's
 * serialisation included; long tasks are read from the page's own PerformanceObserver, which sees the
 * content script's work since it runs on the page's main thread.
 */
export interface ProductScanRun {
  elapsedMs: number;
  findings: number;
  linksTotal: number;
}

export interface ProductScanResult {
  runs: ProductScanRun[];
  /** Long tasks (> 50 ms) the page saw while the rescans ran. */
  longTasksMs: number[];
}

async function observeLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as unknown as { __gsiLongTasks: number[] };
    w.__gsiLongTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__gsiLongTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
}

async function rescanTimed(browser: InspectorBrowser, page: Page): Promise<ProductScanRun> {
  const raw = (await browser.worker.evaluate(
    async ([pageUrl]: [string]) => {
      const tabs = await chrome.tabs.query({});
      const tab = tabs.find((t) => t.url === pageUrl);
      if (tab?.id === undefined) throw new Error(`no tab for ${pageUrl}`);
      const started = performance.now();
      const state = await chrome.tabs.sendMessage(tab.id, { type: 'rescan' });
      return { elapsedMs: performance.now() - started, state };
    },
    [page.url()] as [string],
  )) as { elapsedMs: number; state: unknown };
  const state = ScanState.parse(raw.state);
  return { elapsedMs: raw.elapsedMs, findings: state.findings.length, linksTotal: state.linksTotal };
}

/** Open `url` with the extension, let the first scan settle, then time `runs` rescans. */
export async function measureProductScan(url: string, runs: number, timeoutMs = 600_000): Promise<ProductScanResult> {
  // Every host the pages link to answers on loopback (connection refused where nothing listens): the first
  // scan's probing settles without waiting on DNS look-ups that this machine's closed network cannot answer.
  const browser = await launchInspector({ args: ['--host-resolver-rules=MAP * 127.0.0.1'] });
  try {
    const page = await browser.context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await waitForScan(browser, page, timeoutMs);
    // A first rescan warms what the first visit left cold (the probe cache is written as answers arrive).
    await rescanTimed(browser, page);
    await observeLongTasks(page);
    const results: ProductScanRun[] = [];
    for (let i = 0; i < runs; i++) results.push(await rescanTimed(browser, page));
    const longTasksMs = await page.evaluate(() => (globalThis as unknown as { __gsiLongTasks: number[] }).__gsiLongTasks);
    return { runs: results, longTasksMs };
  } finally {
    await browser.close();
  }
}
