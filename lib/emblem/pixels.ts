/**
 * Decoded images as plain RGBA arrays, the same shape as the canvas's ImageData, so the fingerprint code
 * runs unchanged in the service worker (OffscreenCanvas) and in Node tests (pngjs).
 */
export interface Pixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row-major. */
  data: Uint8ClampedArray | Uint8Array;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Opaque RGB, alpha composited on white: transparent corners read as page background, as a viewer sees them. */
export interface RgbImage {
  width: number;
  height: number;
  /** RGB, 3 values (0–255) per pixel, row-major. */
  rgb: Float32Array;
}

/**
 * Area-averaged resample of `region` of an RGBA image to `width`×`height`, alpha composited on white. Area
 * averaging (rather than picking pixels) keeps thin gold strokes visible as a tint when a large image shrinks.
 */
export function resampleOnWhite(src: Pixels, region: Rect, width: number, height: number): RgbImage {
  const wx = areaWeights(region.x, region.w, width);
  const tmp = new Float32Array(region.h * width * 3);
  const { data } = src;
  for (let y = 0; y < region.h; y++) {
    const row = (region.y + y) * src.width;
    for (let ox = 0; ox < width; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let white = 0;
      const end = wx.start[ox + 1];
      for (let k = wx.start[ox]; k < end; k++) {
        const p = (row + wx.index[k]) * 4;
        const wa = (wx.weight[k] * data[p + 3]) / 255;
        r += data[p] * wa;
        g += data[p + 1] * wa;
        b += data[p + 2] * wa;
        white += wx.weight[k] - wa;
      }
      const o = (y * width + ox) * 3;
      tmp[o] = r + 255 * white;
      tmp[o + 1] = g + 255 * white;
      tmp[o + 2] = b + 255 * white;
    }
  }
  return verticalPass(tmp, region, width, height);
}

/** Area-averaged resample of `region` of an RGB image: two separable passes with precomputed weights. */
export function resampleRgb(img: RgbImage, region: Rect, width: number, height: number): RgbImage {
  const wx = areaWeights(region.x, region.w, width);
  const tmp = new Float32Array(region.h * width * 3);
  const src = img.rgb;
  for (let y = 0; y < region.h; y++) {
    const row = (region.y + y) * img.width;
    for (let ox = 0; ox < width; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      const end = wx.start[ox + 1];
      for (let k = wx.start[ox]; k < end; k++) {
        const p = (row + wx.index[k]) * 3;
        const w = wx.weight[k];
        r += src[p] * w;
        g += src[p + 1] * w;
        b += src[p + 2] * w;
      }
      const o = (y * width + ox) * 3;
      tmp[o] = r;
      tmp[o + 1] = g;
      tmp[o + 2] = b;
    }
  }
  return verticalPass(tmp, region, width, height);
}

/** Second pass: `rows` holds the region's rows already resampled to `width`. */
function verticalPass(rows: Float32Array, region: Rect, width: number, height: number): RgbImage {
  const wy = areaWeights(region.y, region.h, height);
  const out = new Float32Array(width * height * 3);
  const span = width * 3;
  for (let oy = 0; oy < height; oy++) {
    const end = wy.start[oy + 1];
    const to = oy * span;
    for (let k = wy.start[oy]; k < end; k++) {
      const w = wy.weight[k];
      const from = (wy.index[k] - region.y) * span;
      for (let i = 0; i < span; i++) out[to + i] += rows[from + i] * w;
    }
  }
  return { width, height, rgb: out };
}

interface Weights {
  /** Source indices and weights of output i are at [start[i], start[i + 1]). */
  start: Int32Array;
  index: Int32Array;
  weight: Float32Array;
}

/** For each of `outLen` output cells, the source cells it covers in [from, from + len) and their shares (summing to 1). */
function areaWeights(from: number, len: number, outLen: number): Weights {
  const scale = len / outLen;
  const start = new Int32Array(outLen + 1);
  const index: number[] = [];
  const weight: number[] = [];
  for (let o = 0; o < outLen; o++) {
    start[o] = index.length;
    const a = from + o * scale;
    const b = a + scale;
    for (let s = Math.floor(a); s < b && s < from + len; s++) {
      const cover = Math.min(s + 1, b) - Math.max(s, a);
      if (cover <= 1e-6) continue;
      index.push(s);
      weight.push(cover / scale);
    }
  }
  start[outLen] = index.length;
  return { start, index: Int32Array.from(index), weight: Float32Array.from(weight) };
}
