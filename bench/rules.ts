import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, ChromiumMissingError } from '../cli/browser';
import { serveFolders } from '../cli/static-server';
import type { EmblemReference } from '../lib/rule-pack/pack';
import { CORPUS, FIXTURES } from '../tests/paths';
import type { AllRulesRun, EmblemPageRun } from './rules-page';

/**
 * `npm run bench -- rules [--runs N]`, in real Chromium (no extension: the in-page half is injected):
 * - all_rules_ms: every rule together over the largest saved government page of the corpus, link results
 *   pre-made and the page's images already fingerprinted (network and image decoding excluded);
 * - fingerprint_ms: emblem-likeness and fingerprint of one decoded emblem image (200×214);
 * - emblem_200_ms: the emblem rule in total on a page of 200 different images: fingerprinting all of them
 *   after decoding, then the rule (candidates by computed style, matching against two references).
 */

interface RulesBench {
  allRules(references: EmblemReference[], runs: number): Promise<AllRulesRun>;
  fingerprint(url: string, runs: number): Promise<number[]>;
  emblemPage(references: EmblemReference[], runs: number): Promise<EmblemPageRun>;
  reference(url: string, label: EmblemReference['label']): Promise<EmblemReference>;
}

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [join(import.meta.dirname, 'rules-page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

async function largestCorpusPage(): Promise<string> {
  const dir = join(CORPUS, 'gov-pages');
  let best = { rel: '', bytes: -1 };
  for (const name of await readdir(dir)) {
    const info = await stat(join(dir, name, 'index.html')).catch(() => null);
    if (info && info.size > best.bytes) best = { rel: `gov-pages/${name}/index.html`, bytes: info.size };
  }
  return best.rel;
}

/**
 * 200 different image URLs: the generated emblems, the corpus emblem rasters, badges and police icons, and
 * the images saved with the corpus pages (photos, banners, icons); a query string keeps repeats distinct so
 * each one is fingerprinted. Half are <img>, half CSS backgrounds.
 */
async function twoHundredImagesPage(dir: string): Promise<void> {
  const pool: string[] = [];
  for (const f of (await readdir(join(FIXTURES, 'emblem'))).filter((f) => /\.(png|jpe?g)$/.test(f)).sort()) pool.push(`/fixtures/emblem/${f}`);
  for (const folder of ['national-emblem', 'conac-badges', 'police-filing-icons', 'not-emblem']) {
    for (const f of (await readdir(join(CORPUS, 'emblem', folder))).sort()) pool.push(`/corpus/emblem/${folder}/${f}`);
  }
  const pages = join(CORPUS, 'gov-pages');
  const saved = (await readdir(pages, { recursive: true })).filter((f) => /\/static\/picture\/[^/]+\.(png|jpe?g)$/i.test(f)).sort();
  for (const f of saved) pool.push(`/corpus/gov-pages/${f}`);
  const items: string[] = [];
  for (let i = 0; i < 200; i++) {
    const src = `${pool[i % pool.length]}?n=${i}`;
    items.push(i % 2 ? `<img src="${src}" style="max-width:160px">` : `<div style="display:inline-block;width:80px;height:80px;background:url('${src}') no-repeat;background-size:contain"></div>`);
  }
  await writeFile(join(dir, 'images200.html'), `<!doctype html><html><head><meta charset="utf-8"><title>200 张图片</title></head><body>${items.join('\n')}</body></html>`);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const fmt = (n: number) => n.toFixed(1);

export default async function rulesBench(args: string[]): Promise<void> {
  const runsArg = args.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 15;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs needs a positive integer');
  if (!existsSync(CHROMIUM)) throw new ChromiumMissingError();
  const generated = await mkdtemp(join(tmpdir(), 'gsi-bench-rules-'));
  await twoHundredImagesPage(generated);
  const server = await serveFolders({ corpus: CORPUS, fixtures: FIXTURES, gen: generated });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const script = await bundle();
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const open = async (url: string): Promise<void> => {
      await page.goto(url, { waitUntil: 'load' });
      await page.addScriptTag({ content: script });
    };
    await open(server.url('gen', 'images200.html'));
    const references = [
      await page.evaluate((u) => (globalThis as unknown as { __gsiRulesBench: RulesBench }).__gsiRulesBench.reference(u, 'current'), server.url('fixtures', 'emblem/current.png')),
      await page.evaluate((u) => (globalThis as unknown as { __gsiRulesBench: RulesBench }).__gsiRulesBench.reference(u, 'outdated'), server.url('fixtures', 'emblem/outdated.png')),
    ];

    const largest = await largestCorpusPage();
    await open(server.url('corpus', largest));
    const all = await page.evaluate(([refs, n]) => (globalThis as unknown as { __gsiRulesBench: RulesBench }).__gsiRulesBench.allRules(refs, n), [references, runs] as const);
    console.log(`all rules on ${largest}: ${all.rules.length} rules (${all.rules.join(', ')}), ${all.findings} findings, ${all.images} images`);
    console.log(`  ms: median ${fmt(median(all.ms))}, min ${fmt(Math.min(...all.ms))}, max ${fmt(Math.max(...all.ms))} (${runs} runs); fingerprinting its images once: ${fmt(all.analyseMs)} ms`);

    const fp = await page.evaluate(([u, n]) => (globalThis as unknown as { __gsiRulesBench: RulesBench }).__gsiRulesBench.fingerprint(u, n), [server.url('fixtures', 'emblem/current.png'), runs * 4] as const);
    console.log(`one fingerprint (current.png, 200×214): median ${fmt(median(fp))} ms, max ${fmt(Math.max(...fp))} ms (${fp.length} runs)`);

    await open(server.url('gen', 'images200.html'));
    const e200 = await page.evaluate(([refs, n]) => (globalThis as unknown as { __gsiRulesBench: RulesBench }).__gsiRulesBench.emblemPage(refs, n), [references, runs] as const);
    console.log(`emblem rule on 200 images (${e200.images} distinct URLs, ${e200.findings} findings): median ${fmt(median(e200.ms))} ms, min ${fmt(Math.min(...e200.ms))}, max ${fmt(Math.max(...e200.ms))}`);

    console.log(`  slowest to fingerprint (median): ${e200.slowest.map((s) => `${s.url.replace(server.origin, '').replace(/\?n=\d+$/, '')} ${s.size} ${fmt(s.ms)} ms`).join('; ')}`);
    console.log(`bench rules: all_rules_ms=${fmt(median(all.ms))} fingerprint_ms=${median(fp).toFixed(2)} emblem_200_ms=${fmt(median(e200.ms))}`);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
    await rm(generated, { recursive: true, force: true });
  }
}
