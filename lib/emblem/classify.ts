import { Tone, toneOf } from './color';
import { fingerprintOf, type Fingerprint } from './fingerprint';
import { resampleOnWhite, resampleRgb, type Pixels, type Rect, type RgbImage } from './pixels';
import type { ImageFacts } from './types';

/**
 * What an emblem-like drawing looks like in colour and layout, measured on its content box squeezed to a
 * GRID×GRID square: a red disc in the middle, a ring of gold wheat ears around it, empty corners.
 */
export interface EmblemFeatures {
  /** Content width / height. The emblem is about 0.93; a shield badge about 0.8, a flag 1.5. */
  aspect: number;
  red: number;
  gold: number;
  orange: number;
  blue: number;
  other: number;
  /** Gold share of the ring (0.36–0.5 of the side from the centre): the wheat ears. */
  ringGold: number;
  /** Red share of the disc around the upper centre: the red field behind the stars and Tiananmen. */
  discRed: number;
  /** Background share outside the inscribed circle: an emblem is round, a badge or a flag is not. */
  cornersEmpty: number;
}

export interface EmblemRegion {
  /** In the image's natural pixels. */
  rect: Rect;
  score: number;
  features: EmblemFeatures;
  fingerprint: Fingerprint;
  /** The whole image (true) or a square window of a wider logo or banner (false). */
  whole: boolean;
}

export interface ImageAnalysis {
  width: number;
  height: number;
  /** The whole image's fingerprint when it is roughly square (it may be a reference's drawing whatever it looks like). */
  fingerprint: Fingerprint | null;
  /** The most emblem-like region, when it is emblem-like enough. */
  emblem: EmblemRegion | null;
  /** The most emblem-like region seen, emblem-like or not: diagnostics, and the reason in a test's failure message. */
  best: Judged | null;
}

/** From this score up a region counts as emblem-like. */
export const EMBLEM_THRESHOLD = 0.5;

const GRID = 24;
/** Working resolution: small enough to be fast, large enough that stars and wheat ears survive. */
const WORK_MIN_SIDE = 64;
const WORK_MAX_SIDE = 768;

/**
 * The size to decode an image at: huge images are shrunk by the browser while decoding; anything a page
 * shows as a logo or banner is decoded as it is, because the browser's resize shifts the drawing's
 * fingerprint (a 1200×150 banner resized to 768×96 moved the emblem's hash by 14 bits). Null: as it is.
 */
export function decodeSize(width: number, height: number): { width: number; height: number } | null {
  const k = Math.min(1, MAX_DECODE_SIDE / Math.max(width, height), Math.sqrt(MAX_DECODE_PIXELS / (width * height)));
  return k < 1 ? { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) } : null;
}
const MAX_DECODE_SIDE = 2048;
const MAX_DECODE_PIXELS = 1_500_000;

/** Windows smaller than this (working pixels) carry too little detail to judge. */
const MIN_WINDOW = 14;

export interface Judged {
  rect: Rect;
  score: number;
  features: EmblemFeatures;
}

export function analyseImage(px: Pixels): ImageAnalysis {
  const { width, height } = px;
  const empty: ImageAnalysis = { width, height, fingerprint: null, emblem: null, best: null };
  if (width < 8 || height < 8) return empty;
  const k = Math.min(1, WORK_MIN_SIDE / Math.min(width, height), WORK_MAX_SIDE / Math.max(width, height));
  const work = resampleOnWhite(px, { x: 0, y: 0, w: width, h: height }, Math.max(1, Math.round(width * k)), Math.max(1, Math.round(height * k)));
  const tones = tonesOf(work);
  // Without red and gold there is no emblem, and no emblem reference can match (colorDistance: a colour one
  // drawing lacks is never the same): most icons, photos of grey buildings, blue UI graphics stop here.
  if (!hasEmblemColours(tones)) return empty;
  const toNatural = (r: Rect): Rect => ({
    x: Math.round(r.x / k),
    y: Math.round(r.y / k),
    w: Math.min(width, Math.round(r.w / k)),
    h: Math.min(height, Math.round(r.h / k)),
  });

  const aspect = width / height;
  let best: (Judged & { whole: boolean }) | null = null;
  let fingerprint: Fingerprint | null = null;
  if (aspect >= 0.7 && aspect <= 1.43) {
    const content = contentBox(tones, work.width, { x: 0, y: 0, w: work.width, h: work.height });
    if (content) {
      fingerprint = fingerprintOf(work, content);
      const features = featuresOf(work, content);
      best = { rect: content, score: scoreOf(features), features, whole: true };
    }
  }
  if ((aspect < 0.8 || aspect > 1.25) && mayHoldEmblem(tones, Math.min(work.width, work.height))) {
    const found = scanWindows(work, tones);
    if (found && (!best || found.score > best.score)) best = { ...found, whole: false };
  }
  if (!best) return empty;
  const emblem =
    best.score >= EMBLEM_THRESHOLD
      ? { rect: toNatural(best.rect), score: round(best.score), features: best.features, whole: best.whole, fingerprint: best.whole && fingerprint ? fingerprint : fingerprintOf(work, best.rect) }
      : null;
  return { width, height, fingerprint, emblem, best: { rect: toNatural(best.rect), score: round(best.score), features: best.features } };
}

function tonesOf(img: RgbImage): Uint8Array {
  const tones = new Uint8Array(img.width * img.height);
  for (let i = 0; i < tones.length; i++) tones[i] = toneOf(img.rgb[i * 3], img.rgb[i * 3 + 1], img.rgb[i * 3 + 2]);
  return tones;
}

/** Bounding box of the non-background pixels inside `area`, or null when it is blank. */
function contentBox(tones: Uint8Array, stride: number, area: Rect): Rect | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let y = area.y; y < area.y + area.h; y++) {
    for (let x = area.x; x < area.x + area.w; x++) {
      if (tones[y * stride + x] === Tone.Background) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x1 < 0) return null;
  return { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

export function featuresOf(work: RgbImage, content: Rect): EmblemFeatures {
  const grid = resampleRgb(work, content, GRID, GRID);
  const count = [0, 0, 0, 0, 0, 0];
  let ring = 0;
  let ringGold = 0;
  let disc = 0;
  let discRed = 0;
  let corners = 0;
  let cornersEmpty = 0;
  const c = (GRID - 1) / 2;
  for (let y = 0; y < GRID; y++) {
    for (let x = 0; x < GRID; x++) {
      const i = (y * GRID + x) * 3;
      const tone = toneOf(grid.rgb[i], grid.rgb[i + 1], grid.rgb[i + 2]);
      count[tone]++;
      const r = Math.hypot(x - c, y - c) / GRID;
      if (r > 0.5) {
        corners++;
        if (tone === Tone.Background) cornersEmpty++;
      } else if (r >= 0.36 && tone !== Tone.Background) {
        ring++;
        if (tone === Tone.Gold) ringGold++;
      }
      if (Math.hypot(x - c, y - GRID * 0.4) / GRID < 0.22) {
        disc++;
        if (tone === Tone.Red) discRed++;
      }
    }
  }
  const fg = Math.max(1, GRID * GRID - count[Tone.Background]);
  return {
    aspect: round(content.w / content.h),
    red: round(count[Tone.Red] / fg),
    gold: round(count[Tone.Gold] / fg),
    orange: round(count[Tone.Orange] / fg),
    blue: round(count[Tone.Blue] / fg),
    other: round(count[Tone.Other] / fg),
    ringGold: round(ring ? ringGold / ring : 0),
    discRed: round(disc ? discRed / disc : 0),
    cornersEmpty: round(corners ? cornersEmpty / corners : 0),
  };
}

/** 1 inside [lo, hi], falling linearly to 0 over `soft` outside it. */
function band(v: number, lo: number, hi: number, soft: number): number {
  if (v < lo) return Math.max(0, 1 - (lo - v) / soft);
  if (v > hi) return Math.max(0, 1 - (v - hi) / soft);
  return 1;
}

export function scoreOf(f: EmblemFeatures): number {
  return (
    band(f.aspect, 0.82, 1.18, 0.15) *
    band(f.red, 0.25, 0.65, 0.12) *
    band(f.gold, 0.2, 0.6, 0.1) *
    band(f.blue, 0, 0.03, 0.04) *
    band(f.other, 0, 0.2, 0.15) *
    band(f.ringGold, 0.35, 1, 0.2) *
    band(f.discRed, 0.4, 1, 0.2) *
    band(f.cornersEmpty, 0.35, 1, 0.25)
  );
}

/**
 * The emblem inside a wider logo or banner. First the separate drawings: runs of columns with content between
 * empty columns (a logo is usually the emblem, a gap, then the title). When the emblem touches other content,
 * square windows of a few sizes slid across the image, each cropped to its content; integral counts of red
 * and gold skip the windows that cannot hold an emblem, so a 1920-pixel banner costs little.
 */
function scanWindows(work: RgbImage, tones: Uint8Array): Judged | null {
  const W = work.width;
  const H = work.height;
  const red = integral(tones, W, H, Tone.Red);
  const gold = integral(tones, W, H, Tone.Gold);
  // Too little red or gold in the area for an emblem to fit: not worth judging (a word of the title).
  const hopeless = (a: Rect) => sum(red, W, a) < 0.12 * a.w * a.h || sum(gold, W, a) < 0.08 * a.w * a.h;
  let best: Judged | null = null;
  const seen = new Set<string>();
  const judge = (area: Rect) => {
    const content = contentBox(tones, W, area);
    if (!content || content.w < MIN_WINDOW || content.h < MIN_WINDOW) return;
    const ratio = content.w / content.h;
    if (ratio < 0.7 || ratio > 1.43 || hopeless(content)) return;
    const key = `${content.x},${content.y},${content.w},${content.h}`;
    if (seen.has(key)) return;
    seen.add(key);
    const features = featuresOf(work, content);
    const score = scoreOf(features);
    if (!best || score > best.score) best = { rect: content, score, features };
  };
  for (const run of contentRuns(tones, W, H)) judge(run);
  if (best && (best as Judged).score >= EMBLEM_THRESHOLD) return best;

  const side = Math.min(W, H);
  for (const scale of [1, 0.8, 0.62, 0.48]) {
    const s = Math.round(side * scale);
    if (s < MIN_WINDOW) continue;
    const step = Math.max(2, Math.round(s / 6));
    for (let y = 0; y + s <= H; y += step) {
      for (let x = 0; x + s <= W; x += step) {
        const window = { x, y, w: s, h: s };
        if (!hopeless(window)) judge(window);
      }
    }
    // Largest first: once a size holds an emblem, the smaller windows would only find pieces of it.
    if (best && (best as Judged).score >= EMBLEM_THRESHOLD) break;
  }
  // A window crops the emblem wherever it touches the title; the fingerprint wants the whole drawing, as a
  // reference has it. The drawing is the red and gold shape around the window's centre: take its extent.
  const found = best as Judged | null;
  if (found && found.score >= EMBLEM_THRESHOLD) {
    const shape = emblemShape(tones, W, H, found.rect);
    if (shape && shape.w / shape.h >= 0.8 && shape.w / shape.h <= 1.25) {
      const features = featuresOf(work, shape);
      const score = scoreOf(features);
      if (score >= EMBLEM_THRESHOLD) return { rect: shape, score, features };
    }
  }
  return found;
}

/**
 * Bounding box of the red/gold/orange pixels connected (8-neighbourhood) to the middle of `rect`, searched
 * within `rect` grown by a third on each side.
 */
function emblemShape(tones: Uint8Array, W: number, H: number, rect: Rect): Rect | null {
  const grow = Math.round(Math.max(rect.w, rect.h) / 3);
  const x0 = Math.max(0, rect.x - grow);
  const y0 = Math.max(0, rect.y - grow);
  const x1 = Math.min(W - 1, rect.x + rect.w - 1 + grow);
  const y1 = Math.min(H - 1, rect.y + rect.h - 1 + grow);
  const inShape = (t: number) => t === Tone.Red || t === Tone.Gold || t === Tone.Orange;
  const seen = new Uint8Array(W * H);
  const stack: number[] = [];
  const cx = rect.x + (rect.w >> 1);
  const cy = rect.y + (rect.h >> 1);
  const r = Math.max(1, rect.w >> 3);
  for (let y = cy - r; y <= cy + r; y++) {
    for (let x = cx - r; x <= cx + r; x++) {
      const i = y * W + x;
      if (inShape(tones[i]) && !seen[i]) {
        seen[i] = 1;
        stack.push(i);
      }
    }
  }
  if (!stack.length) return null;
  let bx0 = Infinity;
  let by0 = Infinity;
  let bx1 = -1;
  let by1 = -1;
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % W;
    const y = (i - x) / W;
    if (x < bx0) bx0 = x;
    if (x > bx1) bx1 = x;
    if (y < by0) by0 = y;
    if (y > by1) by1 = y;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < x0 || nx > x1 || ny < y0 || ny > y1) continue;
        const j = ny * W + nx;
        if (!seen[j] && inShape(tones[j])) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
  }
  return { x: bx0, y: by0, w: bx1 - bx0 + 1, h: by1 - by0 + 1 };
}

/** Red and gold each at least 2% of the non-background pixels (colorDistance's 3% less a margin for resampling). */
function hasEmblemColours(tones: Uint8Array): boolean {
  let fg = 0;
  let red = 0;
  let gold = 0;
  for (let i = 0; i < tones.length; i++) {
    const t = tones[i];
    if (t === Tone.Background) continue;
    fg++;
    if (t === Tone.Red) red++;
    else if (t === Tone.Gold) gold++;
  }
  return fg > 0 && red >= 0.02 * fg && gold >= 0.02 * fg;
}

/** Enough red and gold in the whole image for the smallest window scanWindows would accept. */
function mayHoldEmblem(tones: Uint8Array, side: number): boolean {
  const s = Math.max(MIN_WINDOW, Math.round(side * 0.48));
  let red = 0;
  let gold = 0;
  for (let i = 0; i < tones.length; i++) {
    if (tones[i] === Tone.Red) red++;
    else if (tones[i] === Tone.Gold) gold++;
  }
  return red >= 0.12 * s * s && gold >= 0.08 * s * s;
}

/** Runs of columns holding content, separated by fully empty columns, each with its own row extent. */
function contentRuns(tones: Uint8Array, W: number, H: number): Rect[] {
  const runs: Rect[] = [];
  let start = -1;
  for (let x = 0; x <= W; x++) {
    let filled = false;
    if (x < W) {
      for (let y = 0; y < H; y++) {
        if (tones[y * W + x] !== Tone.Background) {
          filled = true;
          break;
        }
      }
    }
    if (filled && start < 0) start = x;
    else if (!filled && start >= 0) {
      runs.push({ x: start, y: 0, w: x - start, h: H });
      start = -1;
    }
  }
  return runs;
}

function integral(tones: Uint8Array, W: number, H: number, tone: number): Uint32Array {
  const out = new Uint32Array((W + 1) * (H + 1));
  for (let y = 0; y < H; y++) {
    let row = 0;
    for (let x = 0; x < W; x++) {
      if (tones[y * W + x] === tone) row++;
      out[(y + 1) * (W + 1) + x + 1] = out[y * (W + 1) + x + 1] + row;
    }
  }
  return out;
}

function sum(table: Uint32Array, W: number, a: Rect): number {
  const w = W + 1;
  return table[(a.y + a.h) * w + a.x + a.w] - table[a.y * w + a.x + a.w] - table[(a.y + a.h) * w + a.x] + table[a.y * w + a.x];
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** The analysis as the background sends it to the content script. */
export function toImageFacts(url: string, a: ImageAnalysis): ImageFacts {
  return {
    url,
    status: 'ok',
    width: a.width,
    height: a.height,
    fingerprint: a.fingerprint,
    emblem: a.emblem ? { rect: a.emblem.rect, score: a.emblem.score, whole: a.emblem.whole, fingerprint: a.emblem.fingerprint } : null,
  };
}
