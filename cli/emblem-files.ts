import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { InspectorBrowser } from './browser';
import type { EmblemReference, RulePack } from '../lib/rule-pack/pack';
import { EMBLEM_WORKER_API, type EmblemWorkerApi } from '../lib/emblem/background';
import { addReference } from '../lib/emblem/reference';

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
};
const MAX_BYTES = 5 * 1024 * 1024;

export interface EmblemSpec {
  label: EmblemReference['label'];
  path: string;
}

/** `current=<file>` or `outdated=<file>`, as `--emblem` takes it. */
export function parseEmblemSpec(spec: string): EmblemSpec {
  const m = /^(current|outdated)=(.+)$/.exec(spec.trim());
  if (!m) throw new Error(`--emblem 的格式应为 current=<图片文件> 或 outdated=<图片文件>：${spec} (expected current=<file> or outdated=<file>)`);
  return { label: m[1] as EmblemReference['label'], path: m[2] };
}

/**
 * A reference from a local image file, fingerprinted by the built extension's own decoder in its service
 * worker (the same createImageBitmap path the scan uses, so page images and references are decoded alike).
 */
export async function emblemReferenceFromFile(browser: InspectorBrowser, spec: string): Promise<EmblemReference> {
  const { label, path } = parseEmblemSpec(spec);
  const mime = MIME[extname(path).toLowerCase()];
  if (!mime) throw new Error(`不支持的图片格式：${path}（可用 PNG、JPEG、GIF、WebP、BMP）(unsupported image type)`);
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new Error(`找不到图片文件：${path} (file not found)`);
  if (info.size > MAX_BYTES) throw new Error(`图片文件大于 5 MB：${path} (file larger than 5 MB)`);
  const dataUrl = `data:${mime};base64,${(await readFile(path)).toString('base64')}`;
  const name = `${label === 'current' ? '现行国徽' : '旧版国徽'}（${basename(path)}）`;
  return browser.worker.evaluate(
    ([key, url, l, n]) => (globalThis as unknown as Record<string, EmblemWorkerApi>)[key].makeReference(url, l, n),
    [EMBLEM_WORKER_API, dataUrl, label, name] as const,
  );
}

/** The pack with the `--emblem` references added (a reference of the same drawing is replaced). */
export async function packWithEmblemFiles(browser: InspectorBrowser, pack: RulePack, specs: readonly string[]): Promise<RulePack> {
  let out = pack;
  for (const spec of specs) out = addReference(out, await emblemReferenceFromFile(browser, spec));
  return out;
}
