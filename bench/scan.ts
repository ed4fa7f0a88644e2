import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, ChromiumMissingError } from '../cli/browser';
import { serveFolders, type StaticServer } from '../cli/static-server';
import { CORPUS } from '../tests/paths';
import type { RuleTiming, ScanBenchRun } from './scan-page';
import { ensureBuilt } from '../cli/build';
import { loadavg, cpus } from 'node:os';
import { measureProductScan, type ProductScanResult } from './scan-product';

/**
 * `npm run bench -- scan [--runs N]`, on the largest saved government page of the corpus and on a generated
 * page with 10,000 links:
 * - the product: the built extension's own content script rescanning the page in Chromium, as an inspector's
 *   page runs it (bench/scan-product.ts) — the figures of the closing `bench scan:` line;
 * - a breakdown from a re-bundled harness with the network excluded (every rule but the image ones, link-dead
 *   fed pre-made probe results), each run on a freshly loaded page: phases, each rule, longest stretch.
 */

const BENCH_DIR = import.meta.dirname;

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [join(BENCH_DIR, 'scan-page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

async function largestCorpusPage(): Promise<{ rel: string; bytes: number }> {
  const dir = join(CORPUS, 'gov-pages');
  let best = { rel: '', bytes: -1 };
  for (const name of await readdir(dir)) {
    const info = await stat(join(dir, name, 'index.html')).catch(() => null);
    if (info && info.size > best.bytes) best = { rel: `gov-pages/${name}/index.html`, bytes: info.size };
  }
  return best;
}

/**
 * A county portal home page grown to exactly 10,000 links: 98 columns of 100 links (a 更多 link and 99
 * dated items), with what real pages carry too — off-site links to other government sites, `#` and
 * javascript: links, images, a dropdown menu — and a hidden block of injected spam links making up the rest.
 */
export function tenThousandLinksPage(): string {
  const parts: string[] = [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>一万个链接的测试页面 - 某县人民政府</title>',
    '<style>body{font:14px sans-serif}.col{display:inline-block;width:300px;vertical-align:top;margin:4px}.menu{display:none}li{white-space:nowrap;overflow:hidden}</style></head><body>',
    '<header><h1>某县人民政府</h1><nav><ul><li><a href="/index.html">首页</a></li><li><a href="/zwgk/">政务公开</a><ul class="menu"><li><a href="/zwgk/zn.html">公开指南</a></li></ul></li></ul></nav></header><main>',
  ];
  let n = 3; // the navigation's links
  const titles = ['要闻', '工作动态', '通知公告', '政策文件', '政策解读', '部门动态', '乡镇动态', '公示公告'];
  for (let c = 0; c < 98; c++) {
    parts.push(`<section class="col"><div class="title"><h2>${titles[c % titles.length]}${c}</h2><a class="more" href="/col${c}/">更多</a></div><ul>`);
    n++;
    for (let i = 0; i < 99; i++, n++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      const month = String((c % 12) + 1).padStart(2, '0');
      let href = `/col${c}/2025${month}/t2025${month}${day}_${n}.html`;
      if (n % 50 === 3) href = `https://www.gov${n % 7}.example.gov.cn/art/2025/${n}.html`;
      else if (n % 97 === 5) href = '#';
      else if (n % 211 === 9) href = 'javascript:void(0)';
      const img = n % 40 === 1 ? `<img src="/img/${n}.jpg" width="16" height="16" alt="">` : '';
      parts.push(`<li>${img}<a href="${href}">关于做好第${n}号重点工作任务落实情况的通报</a><span>2025-${month}-${day}</span></li>`);
    }
    parts.push('</ul></section>');
  }
  parts.push('<div style="display:none">');
  for (let i = 0; n < 10_000; i++, n++) parts.push(`<a href="http://spam${i}.example/">百家乐 时时彩 ${i}</a>`);
  parts.push('</div></main><footer>主办：某县人民政府办公室 网站标识码：3701000005 鲁ICP备05000000号 鲁公网安备 37010202000001号</footer></body></html>');
  return parts.join('\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function measure(
  browser: Browser,
  url: string,
  script: string,
  runs: number,
): Promise<{ runs: ScanBenchRun[]; linkRuns: ScanBenchRun[]; perRule: RuleTiming[] }> {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const results: ScanBenchRun[] = [];
  const linkRuns: ScanBenchRun[] = [];
  try {
    // The whole scan and the link rules alone, alternately, so that both see the same load.
    for (let i = 0; i < runs; i++) {
      for (const linkRulesOnly of [false, true]) {
        await page.goto(url, { waitUntil: 'load' });
        await page.addScriptTag({ content: script });
        const run = await page.evaluate(
          (only) => (globalThis as unknown as { __gsiScanBench: (only: boolean) => Promise<ScanBenchRun> }).__gsiScanBench(only),
          linkRulesOnly,
        );
        (linkRulesOnly ? linkRuns : results).push(run);
      }
    }
    await page.goto(url, { waitUntil: 'load' });
    await page.addScriptTag({ content: script });
    const perRule = await page.evaluate(() => (globalThis as unknown as { __gsiTimeEachRule: () => Promise<RuleTiming[]> }).__gsiTimeEachRule());
    return { runs: results, linkRuns, perRule };
  } finally {
    await context.close();
  }
}

function describeProduct(name: string, result: ProductScanResult): { median: number; longest: number } {
  const elapsed = result.runs.map((r) => r.elapsedMs);
  const longest = result.longTasksMs.length ? Math.max(...result.longTasksMs) : 0;
  console.log(`${name}, the extension's content script: ${result.runs[0].linksTotal} links, ${result.runs[0].findings} findings`);
  console.log(`  rescan ms: median ${median(elapsed).toFixed(1)}, min ${Math.min(...elapsed).toFixed(1)}, max ${Math.max(...elapsed).toFixed(1)} (${elapsed.length} runs)`);
  console.log(`  page long tasks (>50 ms) during the rescans: ${result.longTasksMs.length ? `${result.longTasksMs.length}, longest ${longest.toFixed(0)} ms` : 'none'}`);
  return { median: median(elapsed), longest };
}

function describe(name: string, { runs, linkRuns, perRule }: { runs: ScanBenchRun[]; linkRuns: ScanBenchRun[]; perRule: RuleTiming[] }): { median: number; longest: number } {
  const elapsed = runs.map((r) => r.elapsedMs);
  const longest = Math.max(...runs.flatMap((r) => [r.longestStretchMs, ...r.longTasksMs]));
  const longTasks = runs.flatMap((r) => r.longTasksMs);
  console.log(`${name}: ${runs[0].links} links, ${runs[0].findings} findings`);
  console.log(`  scan ms: median ${median(elapsed).toFixed(1)}, min ${Math.min(...elapsed).toFixed(1)}, max ${Math.max(...elapsed).toFixed(1)} (${runs.length} runs)`);
  const longestRun = runs.reduce((a, b) => (b.longestStretchMs > a.longestStretchMs ? b : a));
  console.log(`  longest stretch between yields: ${longestRun.longestStretchMs.toFixed(1)} ms, ended at ${longestRun.longestStretchAt} (per run: ${runs.map((r) => r.longestStretchMs.toFixed(0)).join(', ')})`);
  console.log(`  browser long tasks (>50 ms): ${longTasks.length ? `${longTasks.length}, longest ${Math.max(...longTasks).toFixed(0)} ms` : 'none'}`);
  const ph = (k: keyof ScanBenchRun['phases']) => median(runs.map((r) => r.phases[k])).toFixed(0);
  console.log(`  phases (median ms from the start): DOM rules done ${ph('domRules')}, links collected ${ph('linksCollected')}, probes answered ${ph('probed')}, link rules done ${median(elapsed).toFixed(0)}`);
  const inScan = runs[0].inScan.map(({ rule }) => ({
    rule,
    ms: median(runs.map((r) => r.inScan.find((t) => t.rule === rule)?.elapsedMs ?? NaN)),
    slice: Math.max(...runs.map((r) => r.inScan.find((t) => t.rule === rule)?.longestSliceMs ?? 0)),
  }));
  console.log(`  each rule within the scan (median ms, longest stretch over the runs): ${[...inScan].sort((a, b) => b.ms - a.ms).map((t) => `${t.rule} ${t.ms.toFixed(0)} (≤ ${t.slice.toFixed(0)})`).join(', ')}`);
  const linkElapsed = linkRuns.map((r) => r.elapsedMs);
  const linkLongest = Math.max(...linkRuns.flatMap((r) => [r.longestStretchMs, ...r.longTasksMs]));
  console.log(
    `  link rules only (${linkRuns[0].rules.join(', ')}; links extracted and probed): median ${median(linkElapsed).toFixed(1)}, min ${Math.min(...linkElapsed).toFixed(1)} ms; longest stretch or long task ${linkLongest.toFixed(1)} ms`,
  );
  const slowest = [...perRule].sort((a, b) => b.elapsedMs - a.elapsedMs);
  console.log(`  each rule alone (one run): ${slowest.map((t) => `${t.rule} ${t.elapsedMs.toFixed(0)} ms (slice ≤ ${t.longestSliceMs.toFixed(0)})`).join(', ')}`);
  return { median: median(elapsed), longest };
}

export default async function scanBench(args: string[]): Promise<void> {
  const runsArg = args.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 9;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs needs a positive integer');
  if (!existsSync(CHROMIUM)) throw new ChromiumMissingError();

  await ensureBuilt((line) => process.stderr.write(`${line}\n`));
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  const script = await bundle();
  const corpusPage = await largestCorpusPage();
  const tmp = await mkdtemp(join(tmpdir(), 'gsi-bench-scan-'));
  await writeFile(join(tmp, 'links10k.html'), tenThousandLinksPage());
  let server: StaticServer | null = null;
  let browser: Browser | null = null;
  try {
    server = await serveFolders({ corpus: CORPUS, gen: tmp });
    const corpusName = `corpus ${corpusPage.rel} (${corpusPage.bytes} bytes)`;
    const corpus = describeProduct(corpusName, await measureProductScan(server.url('corpus', corpusPage.rel), runs));
    const links = describeProduct('generated page with 10,000 links', await measureProductScan(server.url('gen', 'links10k.html'), runs));

    console.log('breakdown (re-bundled harness, network excluded):');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: false,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const corpusRuns = await measure(browser, server.url('corpus', corpusPage.rel), script, runs);
    console.log(`rules: ${corpusRuns.runs[0].rules.join(', ')}`);
    describe(corpusName, corpusRuns);
    describe('generated page with 10,000 links', await measure(browser, server.url('gen', 'links10k.html'), script, runs));
    console.log(
      `bench scan: corpus_ms=${corpus.median.toFixed(1)} links10k_ms=${links.median.toFixed(1)} longest_task_ms=${Math.max(corpus.longest, links.longest).toFixed(1)}`,
    );
  } finally {
    await browser?.close();
    await server?.close();
    await rm(tmp, { recursive: true, force: true });
  }
}
