/**
 * Draws the demo page's two images: an emblem-like placeholder (a red disc with gold stars and a gate,
 * inside a gold ring of grain) and a stand-in for the 党政机关 badge. Drawn here rather than copied so
 * that the demo reuses no real emblem file; the placeholder only has the emblem's colours and layout,
 * which is what the emblem rule's detector looks for. Run: npx tsx demo/draw-images.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

type Rgba = [number, number, number, number];
type Shader = (x: number, y: number) => Rgba | null;

const RED: Rgba = [222, 41, 16, 255];
const GOLD: Rgba = [255, 205, 0, 255];
const WHITE: Rgba = [255, 255, 255, 255];

/** Renders `shade` (coordinates 0..1 across the width) with 4×4 supersampling on a transparent ground. */
function render(width: number, height: number, shade: Shader): Buffer {
  const png = new PNG({ width, height });
  const n = 4;
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = shade((px + (sx + 0.5) / n) / width, (py + (sy + 0.5) / n) / width);
          if (!c) continue;
          for (let k = 0; k < 3; k++) sum[k] += c[k] * c[3];
          sum[3] += c[3];
        }
      }
      const i = (py * width + px) * 4;
      const a = sum[3] / (n * n);
      for (let k = 0; k < 3; k++) png.data[i + k] = a ? Math.round(sum[k] / sum[3]) : 0;
      png.data[i + 3] = Math.round(a);
    }
  }
  return PNG.sync.write(png);
}

/** Inside a five-pointed star centred at (cx, cy) with outer radius r, point upwards (even-odd test). */
function inStar(x: number, y: number, cx: number, cy: number, r: number): boolean {
  const points = Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 ? 0.38 * r : r;
    const a = (i * Math.PI) / 5;
    return [cx + radius * Math.sin(a), cy - radius * Math.cos(a)];
  });
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const emblem: Shader = (x, y) => {
  const cx = 0.5;
  const cy = 0.5;
  const r = Math.hypot(x - cx, y - cy);
  if (r > 0.5) return null;
  if (r > 0.36) {
    // The ring of grain: gold ears separated by thin gaps.
    const angle = Math.atan2(y - cy, x - cx);
    const ear = Math.abs(Math.sin(angle * 18 + r * 40));
    return ear < 0.18 && r > 0.4 && r < 0.48 ? null : GOLD;
  }
  // The red field with one large and four small stars above a gate.
  if (inStar(x, y, 0.38, 0.3, 0.08)) return GOLD;
  for (const [sx, sy] of [[0.5, 0.2], [0.57, 0.27], [0.58, 0.36], [0.52, 0.43]]) if (inStar(x, y, sx, sy, 0.03)) return GOLD;
  // The gate: a roof, a wall, and a red doorway.
  if (y > 0.55 && y < 0.58 && x > 0.28 && x < 0.72) return GOLD;
  if (y >= 0.58 && y < 0.7 && x > 0.33 && x < 0.67) return y > 0.62 && Math.abs(x - 0.5) < 0.04 ? RED : GOLD;
  return RED;
};

// The badge stand-in: a red rounded square with a white ring and bar, not emblem-like (square, no gold).
const badge: Shader = (x, y) => {
  const r = Math.hypot(x - 0.5, y - 0.42);
  const inSquare = x > 0.05 && x < 0.95 && y > 0.05 && y < 0.95;
  if (!inSquare) return null;
  if ((r > 0.22 && r < 0.3) || (y > 0.76 && y < 0.84 && x > 0.2 && x < 0.8)) return WHITE;
  return RED;
};

const dir = join(import.meta.dirname, 'images');
writeFileSync(join(dir, 'emblem.png'), render(120, 120, emblem));
writeFileSync(join(dir, 'dzjg.png'), render(80, 80, badge));
