/**
 * The in-page half of `npm run bench -- rules`, bundled by bench/rules.ts and injected into the page under
 * test. Images are fetched and decoded before any clock starts (decoding excluded, as in the service worker
 * it happens off the page); link results are pre-made (network excluded).
 */
import { analyseImage, decodeSize, toImageFacts } from '../lib/emblem/classify';
import { imageCandidates } from '../lib/emblem/candidates';
import type { Pixels } from '../lib/emblem/pixels';
import type { ImageFacts } from '../lib/emblem/types';
import { extractLinks } from '../lib/links/extract';
import type { ProbeResult } from '../lib/links/types';
import { DEFAULT_RULE_PACK, type EmblemReference, type RulePack } from '../lib/rule-pack/pack';
import { RULES } from '../lib/rules';
import { emblemOutdated } from '../lib/rules/emblem-outdated';
import type { Rule } from '../lib/rules/types';
import type { ScanContext } from '../lib/page/context';
import { scan } from '../lib/engine/scan';
import { collectRoots } from '../lib/page/roots';

async function decode(url: string): Promise<Pixels | null> {
  try {
    const blob = await (await fetch(url)).blob();
    let bitmap = await createImageBitmap(blob);
    // Decoded as the service worker decodes (lib/emblem/fetch.ts): resized by the browser when large.
    const size = decodeSize(bitmap.width, bitmap.height);
    if (size) bitmap = await createImageBitmap(blob, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(bitmap, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width, height, data };
  } catch {
    return null;
  }
}

/** Every image URL the emblem rule would ask about, decoded. */
async function decodePageImages(): Promise<Map<string, Pixels | null>> {
  const { roots } = collectRoots(document);
  const out = new Map<string, Pixels | null>();
  for (const c of imageCandidates(roots)) if (c && c.markup === undefined && !out.has(c.key)) out.set(c.key, null);
  await Promise.all([...out.keys()].map(async (url) => out.set(url, await decode(url))));
  return out;
}

function analyseAll(decoded: Map<string, Pixels | null>): Map<string, ImageFacts> {
  const facts = new Map<string, ImageFacts>();
  for (const [url, pixels] of decoded) facts.set(url, pixels ? toImageFacts(url, analyseImage(pixels)) : { url, status: 'failed', reason: 'decode' });
  return facts;
}

function packWith(references: EmblemReference[]): RulePack {
  return { ...DEFAULT_RULE_PACK, emblem: { ...DEFAULT_RULE_PACK.emblem, references } };
}

function context(pack: RulePack, images: Map<string, ImageFacts>): ScanContext {
  const { roots } = collectRoots(document);
  const checkedAt = new Date().toISOString();
  const links = new Map<string, ProbeResult>();
  for (const l of extractLinks(roots)) if (l.url) links.set(l.url, { url: l.url, verdict: 'ok', reason: 'http-200', status: 200, checkedAt });
  const url = new URL(location.href);
  return { doc: document, roots, pageUrl: url, site: url.hostname, now: new Date('2025-06-30'), pack, links, images };
}

async function timeScan(ctx: ScanContext, rules: readonly Rule[]): Promise<{ ms: number; findings: number }> {
  const t = performance.now();
  const result = await scan(ctx, rules, { yieldToPage: async () => undefined });
  return { ms: performance.now() - t, findings: result.findings.length };
}

export interface AllRulesRun {
  ms: number[];
  findings: number;
  images: number;
  /** Fingerprinting the page's images once (in the product: in the service worker, beside the scan). */
  analyseMs: number;
  rules: string[];
}

/** Every rule together over this page, `runs` times; image facts and link results are ready beforehand. */
async function allRules(references: EmblemReference[], runs: number): Promise<AllRulesRun> {
  const decoded = await decodePageImages();
  const t = performance.now();
  const images = analyseAll(decoded);
  const analyseMs = performance.now() - t;
  const ms: number[] = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const run = await timeScan(context(packWith(references), images), RULES);
    ms.push(run.ms);
    findings = run.findings;
  }
  return { ms, findings, images: decoded.size, analyseMs, rules: RULES.map((r) => r.id) };
}

/** analyseImage (emblem-likeness and fingerprint) of one decoded image, `runs` times. */
async function fingerprint(url: string, runs: number): Promise<number[]> {
  const pixels = await decode(url);
  if (!pixels) throw new Error(`cannot decode ${url}`);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    analyseImage(pixels);
    ms.push(performance.now() - t);
  }
  return ms;
}

export interface EmblemPageRun {
  ms: number[];
  images: number;
  findings: number;
  /** The images that took longest to fingerprint (median of the runs), for finding what costs the time. */
  slowest: { url: string; size: string; ms: number }[];
}

/** The emblem rule in total on this page: every image analysed (decoded beforehand), then the rule. */
async function emblemPage(references: EmblemReference[], runs: number): Promise<EmblemPageRun> {
  const decoded = await decodePageImages();
  const ms: number[] = [];
  const each = new Map<string, number[]>();
  for (const [url, pixels] of decoded) {
    if (!pixels) continue;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      analyseImage(pixels);
      times.push(performance.now() - t);
    }
    each.set(url, times.sort((a, b) => a - b));
  }
  const slowest = [...each]
    .map(([url, times]) => ({ url, size: `${decoded.get(url)!.width}×${decoded.get(url)!.height}`, ms: times[times.length >> 1] }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const images = analyseAll(decoded);
    const run = await timeScan(context(packWith(references), images), [emblemOutdated]);
    ms.push(performance.now() - t);
    findings = run.findings;
  }
  return { ms, images: decoded.size, findings, slowest };
}

/** A reference made in the page the way the service worker makes one (without a preview). */
async function reference(url: string, label: EmblemReference['label']): Promise<EmblemReference> {
  const pixels = await decode(url);
  const a = pixels && analyseImage(pixels);
  const fp = a?.emblem?.fingerprint ?? a?.fingerprint;
  if (!fp) throw new Error(`no fingerprint for ${url}`);
  return { id: `bench-${label}`, label, name: label, fingerprint: fp };
}

(globalThis as unknown as Record<string, unknown>).__gsiRulesBench = { allRules, fingerprint, emblemPage, reference };
