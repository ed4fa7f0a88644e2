/**
 * Colour classes of the national emblem's palette. The emblem is drawn in two colours, red (the disc, the
 * ribbon) and gold (the stars, Tiananmen, the wheat ears and the ring); police badges add navy blue, the
 * 党政机关 badge's symbol is a pale beige rather than gold.
 */
export const Tone = {
  Background: 0,
  Red: 1,
  Gold: 2,
  /** Between red and gold: anti-aliased edges, beige, orange. */
  Orange: 3,
  Blue: 4,
  /** Dark pixels, greys, greens, any other colour. */
  Other: 5,
} as const;
export type Tone = (typeof Tone)[keyof typeof Tone];

export function toneOf(r: number, g: number, b: number): Tone {
  const max = r > g ? (r > b ? r : b) : g > b ? g : b;
  const min = r < g ? (r < b ? r : b) : g < b ? g : b;
  const d = max - min;
  const s = max > 0 ? d / max : 0;
  const v = max / 255;
  if (s < 0.15 && v > 0.85) return Tone.Background;
  if (v < 0.25 || s < 0.25) return Tone.Other;
  let h: number;
  if (max === r) h = ((g - b) / d) * 60;
  else if (max === g) h = ((b - r) / d + 2) * 60;
  else h = ((r - g) / d + 4) * 60;
  if (h < 0) h += 360;
  if ((h < 15 || h >= 340) && s > 0.4) return Tone.Red;
  if (h >= 38 && h < 65 && s > 0.3) return Tone.Gold;
  if (h < 38) return Tone.Orange;
  if (h >= 190 && h < 260) return Tone.Blue;
  return Tone.Other;
}

/** CIE L*a*b* (D65) of an sRGB colour. */
export function toLab(r: number, g: number, b: number): [number, number, number] {
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const R = lin(r);
  const G = lin(g);
  const B = lin(b);
  const x = (0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047;
  const y = 0.2126 * R + 0.7152 * G + 0.0722 * B;
  const z = (0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const fx = f(x);
  const fy = f(y);
  const fz = f(z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}
