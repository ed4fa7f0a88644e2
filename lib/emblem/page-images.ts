import type { Unscanned } from '../findings';
import { InspectImagesResponse, type InspectImagesMessage } from '../messages';
import type { ScanRoot } from '../page/context';
import { yieldToEventLoop } from '../page/slicing';
import { imageCandidates } from './candidates';
import { analyseImage, toImageFacts } from './classify';
import type { Pixels } from './pixels';
import type { ImageFacts } from './types';

export interface PageImageDeps {
  /** Ask the background to fetch, decode and fingerprint these image URLs. */
  inspectImages(urls: string[]): Promise<ImageFacts[]>;
  /** Draw SVG markup to pixels in the page (a service worker cannot decode SVG); null when it cannot. */
  rasteriseSvg(markup: string): Promise<Pixels | null>;
}

/** URLs per message; several messages are in flight at once, the background limits the network. */
const BATCH = 40;
const SLICE_MS = 8;

/**
 * The image phase of a scan: every image the page shows gets its facts into `known` (kept across rescans):
 * raster URLs from the background, SVG (inline, or an SVG file the background sent back as text) drawn and
 * analysed here. Returns what could not be checked.
 */
export async function collectImageFacts(roots: readonly ScanRoot[], known: Map<string, ImageFacts>, deps: PageImageDeps): Promise<Unscanned[]> {
  const urls = new Set<string>();
  const svgs = new Map<string, string>();
  let slice = performance.now();
  for (const c of imageCandidates(roots)) {
    if (c && !known.has(c.key)) {
      if (c.markup !== undefined) svgs.set(c.key, c.markup);
      else urls.add(c.key);
    }
    if (performance.now() - slice > SLICE_MS) {
      await yieldToEventLoop();
      slice = performance.now();
    }
  }
  const unscanned: Unscanned[] = [];
  const list = [...urls];
  const batches: string[][] = [];
  for (let i = 0; i < list.length; i += BATCH) batches.push(list.slice(i, i + BATCH));
  await Promise.all(
    batches.map(async (batch) => {
      try {
        for (const facts of await deps.inspectImages(batch)) {
          if (facts.status === 'svg' && facts.svg) svgs.set(facts.url, facts.svg);
          else known.set(facts.url, facts);
        }
      } catch (error) {
        unscanned.push({ kind: 'rule-error', where: 'emblem-outdated', reason: `图片检查失败：${String(error).slice(0, 200)}` });
      }
    }),
  );
  for (const [key, markup] of svgs) {
    const pixels = await deps.rasteriseSvg(markup).catch(() => null);
    known.set(key, pixels ? toImageFacts(key, analyseImage(pixels)) : { url: key, status: 'failed', reason: 'SVG 无法绘制' });
  }
  return unscanned;
}

/** Longest side SVG is drawn at: plenty for judging a logo. */
const SVG_SIDE = 256;

/** Draws SVG markup through an <img> and a canvas of `doc`: the way the page itself would show it. */
export async function rasteriseSvgIn(doc: Document, markup: string): Promise<Pixels | null> {
  const view = doc.defaultView;
  if (!view) return null;
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
  const img = new view.Image();
  img.src = url;
  await img.decode();
  const w = img.naturalWidth || 300;
  const h = img.naturalHeight || 150;
  const k = SVG_SIDE / Math.max(w, h);
  const width = Math.max(1, Math.round(w * k));
  const height = Math.max(1, Math.round(h * k));
  const canvas = doc.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(img, 0, 0, width, height);
  const { data } = ctx.getImageData(0, 0, width, height);
  return { width, height, data };
}

/** The content script's image deps: the background fingerprints URLs, the page draws SVG. */
export function pageImageDeps(doc: Document, send: (msg: InspectImagesMessage) => Promise<unknown>): PageImageDeps {
  return {
    inspectImages: async (urls) => InspectImagesResponse.parse(await send({ type: 'inspect-images', urls })).facts,
    rasteriseSvg: (markup) => rasteriseSvgIn(doc, markup),
  };
}
