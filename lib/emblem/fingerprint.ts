import type { EmblemReference } from '../rule-pack/pack';
import { Tone, toLab, toneOf } from './color';
import { resampleRgb, type Rect, type RgbImage } from './pixels';

export type Fingerprint = EmblemReference['fingerprint'];

/**
 * Layout of `Fingerprint.colors`: how much of the drawing is red and gold, and the mean colour (CIE L*a*b*)
 * of each. The 2008 and 2025 standards differ mainly in their colour specifications, which a luminance hash
 * barely sees; the mean red and gold tell a recoloured drawing apart.
 */
export const COLOR_LAYOUT = ['redShare', 'goldShare', 'redL', 'redA', 'redB', 'goldL', 'goldA', 'goldB'] as const;

const HASH_SIDE = 32;
const HASH_LOW = 8;
const COLOR_SIDE = 48;

const COS: Float64Array = (() => {
  const table = new Float64Array(HASH_LOW * HASH_SIDE);
  for (let u = 0; u < HASH_LOW; u++) {
    for (let x = 0; x < HASH_SIDE; x++) table[u * HASH_SIDE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * HASH_SIDE));
  }
  return table;
})();

/**
 * DCT perceptual hash (pHash): the content squeezed to 32×32 luminance, the 8×8 lowest frequencies of its
 * DCT, one bit per coefficient above their median. Robust to resizing, mild blur and compression.
 */
export function perceptualHash(img: RgbImage, content: Rect): string {
  const small = resampleRgb(img, content, HASH_SIDE, HASH_SIDE);
  const lum = new Float64Array(HASH_SIDE * HASH_SIDE);
  for (let i = 0; i < lum.length; i++) lum[i] = 0.299 * small.rgb[i * 3] + 0.587 * small.rgb[i * 3 + 1] + 0.114 * small.rgb[i * 3 + 2];
  // Separable 2-D DCT, only the low rows/columns the hash keeps.
  const rows = new Float64Array(HASH_SIDE * HASH_LOW);
  for (let y = 0; y < HASH_SIDE; y++) {
    for (let u = 0; u < HASH_LOW; u++) {
      let sum = 0;
      for (let x = 0; x < HASH_SIDE; x++) sum += lum[y * HASH_SIDE + x] * COS[u * HASH_SIDE + x];
      rows[y * HASH_LOW + u] = sum;
    }
  }
  const coef = new Float64Array(HASH_LOW * HASH_LOW);
  for (let v = 0; v < HASH_LOW; v++) {
    for (let u = 0; u < HASH_LOW; u++) {
      let sum = 0;
      for (let y = 0; y < HASH_SIDE; y++) sum += rows[y * HASH_LOW + u] * COS[v * HASH_SIDE + y];
      coef[v * HASH_LOW + u] = sum;
    }
  }
  // The DC term only measures overall brightness: leave it out of the median.
  const median = [...coef.subarray(1)].sort((a, b) => a - b)[(coef.length - 1) >> 1];
  let hex = '';
  for (let i = 0; i < coef.length; i += 4) {
    let nibble = 0;
    for (let j = 0; j < 4; j++) nibble = (nibble << 1) | (coef[i + j] > median ? 1 : 0);
    hex += nibble.toString(16);
  }
  return hex;
}

/** Red and gold shares of a drawing (already squeezed to a square) and their mean colours, in COLOR_LAYOUT order, rounded for storage. */
export function colorProfile(small: RgbImage): number[] {
  let fg = 0;
  const sums = { [Tone.Red]: [0, 0, 0, 0], [Tone.Gold]: [0, 0, 0, 0] } as Record<number, number[]>;
  for (let i = 0; i < small.width * small.height; i++) {
    const r = small.rgb[i * 3];
    const g = small.rgb[i * 3 + 1];
    const b = small.rgb[i * 3 + 2];
    const tone = toneOf(r, g, b);
    if (tone === Tone.Background) continue;
    fg++;
    const acc = sums[tone];
    if (acc) {
      acc[0]++;
      acc[1] += r;
      acc[2] += g;
      acc[3] += b;
    }
  }
  const part = (acc: number[]): number[] => {
    if (acc[0] === 0) return [0, 0, 0, 0];
    return [acc[0] / Math.max(fg, 1), ...toLab(acc[1] / acc[0], acc[2] / acc[0], acc[3] / acc[0])];
  };
  const [redShare, ...redLab] = part(sums[Tone.Red]);
  const [goldShare, ...goldLab] = part(sums[Tone.Gold]);
  return [redShare, goldShare, ...redLab, ...goldLab].map((n) => Math.round(n * 1000) / 1000);
}

/** The drawing in `content` squeezed to a 48×48 square once; the hash and the colours both read that. */
export function fingerprintOf(img: RgbImage, content: Rect): Fingerprint {
  const square = resampleRgb(img, content, COLOR_SIDE, COLOR_SIDE);
  return { hash: perceptualHash(square, { x: 0, y: 0, w: COLOR_SIDE, h: COLOR_SIDE }), colors: colorProfile(square) };
}

/** Number of differing bits between two hex hashes of equal length (different lengths: all bits differ). */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length) return Math.max(a.length, b.length) * 4;
  let bits = 0;
  for (let i = 0; i < a.length; i++) {
    let x = parseInt(a[i], 16) ^ parseInt(b[i], 16);
    while (x) {
      bits += x & 1;
      x >>= 1;
    }
  }
  return bits;
}

/** A colour with less than this share of the drawing has no meaningful mean colour. */
const MIN_SHARE = 0.03;
/** Distance when one drawing has a colour the other lacks: never a match. */
const ABSENT = 100;

/**
 * The larger CIE76 ΔE of the mean red and the mean gold of two drawings. About 2–3 is noise from resizing and
 * compression; a recolour to another standard's specification moves one of them by 8 or more.
 */
export function colorDistance(a: readonly number[], b: readonly number[]): number {
  let worst = 0;
  for (const [share, l] of [
    [0, 2],
    [1, 5],
  ] as const) {
    const hasA = (a[share] ?? 0) >= MIN_SHARE;
    const hasB = (b[share] ?? 0) >= MIN_SHARE;
    if (!hasA && !hasB) continue;
    if (hasA !== hasB) return ABSENT;
    const d = Math.hypot(a[l] - b[l], a[l + 1] - b[l + 1], a[l + 2] - b[l + 2]);
    worst = Math.max(worst, d);
  }
  return Math.round(worst * 10) / 10;
}
