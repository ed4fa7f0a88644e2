import type { EmblemReference } from '../rule-pack/pack';
import { timeoutSignal } from '../platform/timeout-signal';
import { analyseImage, decodeSize, toImageFacts, type ImageAnalysis } from './classify';
import type { Pixels, Rect } from './pixels';
import type { ImageFacts } from './types';

export interface ImageInspectorOptions {
  /** Per image, fetch and decode together. */
  timeoutMs?: number;
  /** Larger files are not judged (a photo, not a logo). */
  maxBytes?: number;
  /** Images fetched at once. */
  concurrency?: number;
  /** Facts kept per URL. */
  cacheSize?: number;
}

/** A decoded image: its pixels (maybe downscaled) and its natural size. */
export interface Decoded {
  pixels: Pixels;
  naturalWidth: number;
  naturalHeight: number;
}

const MB = 1024 * 1024;
/** SVG markup sent back for the page to rasterise; more is an illustration, not a logo. */
const MAX_SVG_CHARS = 400_000;

/**
 * Fetches and decodes images in the service worker (no cookies; host permissions make cross-origin images
 * readable), bounded in size and time, and fingerprints them. Results are cached by URL, failures too: a
 * rescan of the page asks again and gets the same answer at once.
 */
export function createImageInspector(opts: ImageInspectorOptions = {}) {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxBytes = opts.maxBytes ?? 5 * MB;
  const concurrency = opts.concurrency ?? 6;
  const cacheSize = opts.cacheSize ?? 2000;
  const cache = new Map<string, Promise<ImageFacts>>();
  let running = 0;
  const queue: (() => void)[] = [];

  const slot = async <T>(job: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((go) => queue.push(go));
    running++;
    try {
      return await job();
    } finally {
      running--;
      queue.shift()?.();
    }
  };

  const load = async (url: string): Promise<Decoded | { svg: string } | { failed: string }> => {
    const signal = timeoutSignal(timeoutMs);
    try {
      const res = await fetch(url, { credentials: 'omit', signal, cache: 'force-cache' });
      if (!res.ok) return { failed: `HTTP ${res.status}` };
      const declared = Number(res.headers.get('content-length') ?? 0);
      if (declared > maxBytes) return { failed: `图片大于 ${maxBytes / MB} MB，未检查` };
      const blob = await res.blob();
      if (blob.size > maxBytes) return { failed: `图片大于 ${maxBytes / MB} MB，未检查` };
      if (blob.type.includes('svg') || (await looksLikeSvg(blob))) {
        const text = await blob.text();
        return text.length <= MAX_SVG_CHARS ? { svg: text } : { failed: 'SVG 过大，未检查' };
      }
      return await decodeBlob(blob);
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') return { failed: `超过 ${timeoutMs / 1000} 秒未能下载` };
      return { failed: `无法下载或解码：${String((error as Error).message ?? error).slice(0, 120)}` };
    }
  };

  const inspectOne = (url: string): Promise<ImageFacts> => {
    const hit = cache.get(url);
    if (hit) return hit;
    const job = slot(async (): Promise<ImageFacts> => {
      const got = await load(url);
      if ('failed' in got) return { url, status: 'failed', reason: got.failed };
      if ('svg' in got) return { url, status: 'svg', svg: got.svg };
      return factsOfDecoded(url, got);
    });
    cache.set(url, job);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
    return job;
  };

  return {
    /** Facts for each URL, in order. */
    inspect(urls: readonly string[]): Promise<ImageFacts[]> {
      return Promise.all(urls.map(inspectOne));
    },
    /** Fetch and decode one image (for making a reference); throws with a Chinese reason. */
    async decode(url: string): Promise<Decoded> {
      const got = await slot(() => load(url));
      if ('failed' in got) throw new Error(got.failed);
      if ('svg' in got) throw new Error('SVG 图片不能直接作为参考图，请使用 PNG 或 JPEG 格式的官方图片');
      return got;
    },
  };
}

async function looksLikeSvg(blob: Blob): Promise<boolean> {
  if (blob.type.startsWith('image/') && !blob.type.includes('xml')) return false;
  const head = (await blob.slice(0, 512).text()).trimStart().toLowerCase();
  return head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'));
}

/** createImageBitmap (resized by the browser to the analysis's needs) + OffscreenCanvas: what a service worker has. */
async function decodeBlob(blob: Blob): Promise<Decoded> {
  let bitmap = await createImageBitmap(blob);
  const naturalWidth = bitmap.width;
  const naturalHeight = bitmap.height;
  const size = decodeSize(naturalWidth, naturalHeight);
  if (size) {
    bitmap.close();
    bitmap = await createImageBitmap(blob, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' });
  }
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('无法创建画布');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return { pixels: { width, height, data }, naturalWidth, naturalHeight };
}

/** Analyse decoded pixels and report sizes and regions in the image's natural pixels. */
export function factsOfDecoded(url: string, d: Decoded): ImageFacts {
  const facts = toImageFacts(url, analyseImage(d.pixels));
  const kx = d.naturalWidth / d.pixels.width;
  const ky = d.naturalHeight / d.pixels.height;
  facts.width = d.naturalWidth;
  facts.height = d.naturalHeight;
  if (facts.emblem && (kx !== 1 || ky !== 1)) facts.emblem.rect = scaleRect(facts.emblem.rect, kx, ky);
  return facts;
}

function scaleRect(r: Rect, kx: number, ky: number): Rect {
  return { x: Math.round(r.x * kx), y: Math.round(r.y * ky), w: Math.round(r.w * kx), h: Math.round(r.h * ky) };
}

/** The drawing a reference is made of: the emblem-like region, else the whole (roughly square) image. */
export function referenceDrawing(a: ImageAnalysis): { fingerprint: EmblemReference['fingerprint']; rect: Rect } | null {
  if (a.emblem) return { fingerprint: a.emblem.fingerprint, rect: a.emblem.rect };
  if (a.fingerprint) return { fingerprint: a.fingerprint, rect: { x: 0, y: 0, w: a.width, h: a.height } };
  return null;
}
