import { build } from 'esbuild';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { EXTENSION_ID, launchInspector, waitForScan } from '../cli/browser';
import { ensureBuilt } from '../cli/build';
import { serveFolders } from '../cli/static-server';
import { CORPUS } from '../tests/paths';

/**
 * `npm run bench -- store`: the extension's store with 100,000 findings, in real Chromium with the built
 * extension: the popup opened on a page of the session (~50 findings) until its rows are rendered, exports
 * of 10,000 findings to XLSX and CSV through the sessions page's code, and bytes on disk per finding and
 * per screenshot.
 */

const TOTAL = 100_000;
const PER_PAGE = 50;
const SITES = 20;
const POPUP_RUNS = 15;
const SHOTS = 20;
const ROOT = resolve(import.meta.dirname, '..');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [join(import.meta.dirname, 'store-page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    alias: { '@': ROOT },
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

/**
 * Bytes under `dir`. Chromium's LevelDB compaction deletes files while we walk: a file or folder gone between
 * the listing and its stat counts as nothing (it no longer takes space), instead of failing the bench.
 */
async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await dirBytes(path) : await stat(path).then((s) => s.size, vanished);
  }
  return total;
}

function vanished(error: NodeJS.ErrnoException): number {
  if (error.code === 'ENOENT') return 0;
  throw error;
}

export default async function bench(): Promise<void> {
  await ensureBuilt((line) => process.stderr.write(`${line}\n`));
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  const code = await bundle();
  const server = await serveFolders({ corpus: CORPUS });
  const browser = await launchInspector();
  const idbDir = join(browser.userDataDir, 'Default', 'IndexedDB');
  try {
    const host = await browser.context.newPage();
    // The options page holds no store data of its own: the bench code runs there, on the extension's origin.
    await host.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
    await host.evaluate(code);
    type Bench = {
      usage(): Promise<number>;
      newSession(extra: string, sites: number): Promise<string>;
      seed(sessionId: string, sites: number, total: number, perPage: number): Promise<number>;
      pageFindings(sessionId: string, pageUrl: string): Promise<number>;
      saveShots(sessionId: string, base64: string, n: number): Promise<number>;
      exportTimes(sessionId: string, format: 'csv' | 'xlsx', count: number, runs: number): Promise<{ times: number[]; bytes: number }>;
    };
    const call = <K extends keyof Bench>(name: K, ...args: Parameters<Bench[K]>) =>
      host.evaluate(([n, a]) => ((globalThis as unknown as { storeBench: Record<string, (...x: unknown[]) => unknown> }).storeBench[n as string](...(a as unknown[])) as Promise<unknown>), [name, args] as const) as ReturnType<Bench[K]>;

    const sessionId = await call('newSession', `${server.origin}/`, SITES);

    // A real page of the session's local site: its scan is recorded by the background as the inspector browses.
    const page = await browser.context.newPage();
    await page.goto(server.url('corpus', 'gov-pages/mhxqwer__tqjsjz.gov.cn/index.html'));
    await waitForScan(browser, page, 120_000);
    const pageUrl = page.url();
    let stored = 0;
    for (let i = 0; i < 100 && stored === 0; i++) {
      stored = await call('pageFindings', sessionId, pageUrl);
      if (!stored) await new Promise((r) => setTimeout(r, 200));
    }
    if (!stored) throw new Error('the scanned page was not recorded into the session');
    const shot = (await page.screenshot()).toString('base64');
    const tabId = await browser.worker.evaluate(async (url: string) => (await chrome.tabs.query({})).find((t) => t.url === url)!.id!, pageUrl);

    // When the popup's document had loaded its scripts (DOMContentLoaded), per run: the rest is its own work.
    const loadedAt: number[] = [];
    let markTimes: Record<string, number[]> = {};
    const marksLine = () =>
      Object.entries(markTimes)
        .map(([name, ts]) => [name, median(ts)] as const)
        .sort((a, b) => a[1] - b[1])
        .map(([name, t]) => `${name} ${t.toFixed(0)}`)
        .join(', ');
    const popupRuns = async () => {
      const times: number[] = [];
      loadedAt.length = 0;
      markTimes = {};
      for (let i = 0; i < POPUP_RUNS; i++) {
        const popup = await browser.context.newPage();
        await popup.setViewportSize({ width: 380, height: 640 });
        await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tabId=${tabId}`);
        // From the popup's navigation start until its rule rows count every stored finding of the page.
        const at = await popup.waitForFunction(
          (n: number) => {
            const sum = [...document.querySelectorAll('.gsi-rule .gsi-count')].reduce((s, c) => s + Number(c.textContent), 0);
            const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
            if (sum < n) return false;
            // The popup's own marks (entrypoints/popup/main.tsx, PopupApp, usePopupStore): where its time goes.
            const marks: Record<string, number> = {};
            for (const m of performance.getEntriesByType('mark')) marks[m.name] ??= m.startTime;
            return [performance.now(), nav?.domContentLoadedEventEnd ?? 0, marks];
          },
          stored,
          { polling: 'raf', timeout: 30_000 },
        );
        const [rendered, loaded, marks] = (await at.jsonValue()) as [number, number, Record<string, number>];
        times.push(rendered);
        loadedAt.push(loaded);
        for (const [name, t] of Object.entries(marks)) (markTimes[name] ??= []).push(t);
        await popup.close();
      }
      return times;
    };
    const baseline = await popupRuns();
    console.log(`popup, ${stored} findings in the store: ${baseline.map((m) => m.toFixed(0)).join(' ')} ms; median ${median(baseline).toFixed(0)} ms (DOMContentLoaded median ${median(loadedAt).toFixed(0)} ms)`);
    console.log(`  popup marks, medians since navigation start: ${marksLine()}`);

    // Screenshots before the bulk fill, so LevelDB's compaction of the fill does not blur the delta; the images
    // themselves land as blob files beside the database.
    const usage2 = await call('usage');
    const disk2 = await dirBytes(idbDir);
    const pngBytes = await call('saveShots', sessionId, shot, SHOTS);
    const usage3 = await call('usage');
    const disk3 = await dirBytes(idbDir);
    console.log(`screenshot: PNG ${pngBytes} B; stored +${Math.round((usage3 - usage2) / SHOTS)} B each by storage.estimate, +${Math.round((disk3 - disk2) / SHOTS)} B each in the IndexedDB folder`);

    const usage0 = await call('usage');
    const disk0 = await dirBytes(idbDir);
    const seedMs = await call('seed', sessionId, SITES, TOTAL, PER_PAGE);
    const usage1 = await call('usage');
    const disk1 = await dirBytes(idbDir);
    const bytesPerFinding = Math.round((usage1 - usage0) / TOTAL);
    console.log(`seeded ${TOTAL} findings on ${TOTAL / PER_PAGE} pages of ${SITES} sites in ${(seedMs / 1000).toFixed(1)} s`);
    console.log(`store use: +${usage1 - usage0} B by storage.estimate (${bytesPerFinding} B/finding), IndexedDB folder +${disk1 - disk0} B (${Math.round((disk1 - disk0) / TOTAL)} B/finding)`);

    const popupMs = await popupRuns();
    console.log(`popup, page with ${stored} stored findings, ${TOTAL + stored} in the store: ${popupMs.map((m) => m.toFixed(0)).join(' ')} ms; median ${median(popupMs).toFixed(0)} ms (DOMContentLoaded median ${median(loadedAt).toFixed(0)} ms)`);
    console.log(`  popup marks, medians since navigation start: ${marksLine()}`);

    const csv = await call('exportTimes', sessionId, 'csv', 10_000, 5);
    console.log(`CSV 10k: ${csv.times.map((s) => s.toFixed(3)).join(' ')} s; ${csv.bytes} B`);
    const xlsx = await call('exportTimes', sessionId, 'xlsx', 10_000, 3);
    console.log(`XLSX 10k: ${xlsx.times.map((s) => s.toFixed(2)).join(' ')} s; ${xlsx.bytes} B`);
    console.log(
      `bench store: popup_ms=${median(popupMs).toFixed(0)} xlsx_10k_s=${median(xlsx.times).toFixed(2)} csv_10k_s=${median(csv.times).toFixed(3)} bytes_per_finding=${bytesPerFinding}`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}
