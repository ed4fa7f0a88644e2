import type { EmblemReference, RulePack } from '../rule-pack/pack';
import { analyseImage } from './classify';
import type { Decoded } from './fetch';
import { referenceDrawing } from './fetch';
import type { Rect } from './pixels';

/** Longest side of the preview kept in the pack: enough to compare by eye, small enough to sync. */
const PREVIEW_SIDE = 96;

export interface ReferenceInput {
  label: EmblemReference['label'];
  /** Shown to inspectors; defaults to the file name. */
  name?: string;
  /** Where the image came from (URL or file name), for the default name. */
  source: string;
}

/**
 * An emblem reference made from a decoded image: the fingerprint of its emblem-like region (the emblem of a
 * wide logo) or of the whole image, and a small PNG preview of that drawing. `encodePng` turns RGBA into a
 * data: URL (OffscreenCanvas in the service worker).
 */
export async function makeReference(
  decoded: Decoded,
  input: ReferenceInput,
  encodePng: (rgba: Uint8ClampedArray, width: number, height: number) => Promise<string>,
): Promise<EmblemReference> {
  const drawing = referenceDrawing(analyseImage(decoded.pixels));
  if (!drawing) throw new Error('图片中没有找到方形图案或像国徽的部分，不能作为国徽参考图');
  const preview = crop(decoded, drawing.rect);
  return {
    id: `emblem-${input.label}-${drawing.fingerprint.hash}`,
    label: input.label,
    name: input.name?.trim() || nameFrom(input.source, input.label),
    fingerprint: drawing.fingerprint,
    preview: await encodePng(preview.data, preview.width, preview.height),
    addedAt: new Date().toISOString(),
  };
}

/** The pack with `ref` added (replacing a reference of the same drawing), version bumped. */
export function addReference(pack: RulePack, ref: EmblemReference): RulePack {
  const others = pack.emblem.references.filter((r) => r.fingerprint.hash !== ref.fingerprint.hash && r.id !== ref.id);
  return {
    ...pack,
    version: pack.version + 1,
    updatedAt: new Date().toISOString(),
    emblem: { ...pack.emblem, references: [...others, ref] },
  };
}

function nameFrom(source: string, label: EmblemReference['label']): string {
  const prefix = label === 'current' ? '现行国徽' : '旧版国徽';
  if (source.startsWith('data:')) return prefix;
  const file = decodeURIComponent(source.split(/[?#]/)[0].split(/[\\/]/).pop() ?? '');
  return file ? `${prefix}（${file}）` : prefix;
}

/** The drawing's rectangle, nearest-pixel scaled to at most PREVIEW_SIDE. */
function crop(d: Decoded, r: Rect): { data: Uint8ClampedArray; width: number; height: number } {
  const k = Math.min(1, PREVIEW_SIDE / Math.max(r.w, r.h));
  const width = Math.max(1, Math.round(r.w * k));
  const height = Math.max(1, Math.round(r.h * k));
  const out = new Uint8ClampedArray(width * height * 4);
  const src = d.pixels;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(src.height - 1, r.y + Math.floor(y / k));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(src.width - 1, r.x + Math.floor(x / k));
      const from = (sy * src.width + sx) * 4;
      out.set(src.data.subarray(from, from + 4), (y * width + x) * 4);
    }
  }
  return { data: out, width, height };
}
