/**
 * The stamp 截图取证 needs on a screenshot: the page address and the capture time, legible on any page.
 * They go in a dark band added under the capture, so no part of the page is covered.
 */

/** Capture time as inspectors write it, in China Standard Time whatever the machine's zone: 2025-06-30 10:00:05. */
export function stampTime(date: Date): string {
  const cst = new Date(date.getTime() + 8 * 3600_000).toISOString();
  return `${cst.slice(0, 10)} ${cst.slice(11, 19)}`;
}

/**
 * The address as a person reads it: percent-escapes of UTF-8 text (Chinese in a path or query) decoded,
 * everything else as it was. ASCII escapes (%2F, %3F, %20, %25…) stay, so the stamped address still says
 * exactly which address was captured. Each stretch of non-ASCII bytes is decoded whole or not at all: bytes
 * that are not UTF-8, or decode to marks, controls or spaces (a GBK query such as %CD%A8%D6%AA is valid
 * UTF-8 for two combining accents), stay escaped as the site spells them.
 */
export function readableUrl(url: string): string {
  return url.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) =>
    run.replace(/(?:%[89A-Fa-f][0-9A-Fa-f])+/g, (high) => {
      const bytes = high.match(/%[0-9A-Fa-f]{2}/g)!.map((h) => parseInt(h.slice(1), 16));
      try {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
        return /[\p{C}\p{Z}\p{M}]/u.test(text) ? high : text;
      } catch {
        return high;
      }
    }),
  );
}

/** The stamp's lines: address (readable), capture time, and a note when the evidence needs one. */
export function stampLines(url: string, capturedAt: Date, note?: string): string[] {
  return [`网址 URL：${readableUrl(url)}`, `截图时间：${stampTime(capturedAt)}（北京时间 UTC+8）`, ...(note ? [note] : [])];
}

/**
 * What the evidence says about a finding on an element nobody sees (a hidden link): where it sits is
 * outlined, or it could not be, and the inspector is asked to reveal it first. In Chinese with English, as
 * the rest of the stamp.
 */
export const HIDDEN_NOTES = {
  container: '说明 Note：该问题元素在页面上不可见（如暗链、隐藏的链接），虚线框标出的是它所在的可见区域。The element is invisible; the dashed box marks the visible area holding it.',
  none: '说明 Note：该问题元素在页面上不可见，且没有可标出的可见区域；如需标出，请先在页面上展开它（如打开所在菜单）后重新截图。The element is invisible and could not be outlined; reveal it on the page first, then capture again.',
} as const;

/** Break `text` into lines no wider than `width` (by character: URLs have no spaces to break at); at most `max` lines. */
export function wrapText(text: string, width: number, measure: (s: string) => number, max = 4): string[] {
  const out: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line && measure(line + ch) > width) {
      out.push(line);
      line = '';
      if (out.length === max) break;
    }
    line += ch;
  }
  if (line && out.length < max) out.push(line);
  else if (out.length === max && out.join('').length < [...text].length) out[max - 1] = `${out[max - 1].slice(0, -1)}…`;
  return out;
}

export const STAMP_BACKGROUND = '#202124';
export const STAMP_INK = '#ffffff';
const FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Droid Sans Fallback", "DejaVu Sans", sans-serif';

type Canvas2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/** Draw `image` with the stamp band under it on a new OffscreenCanvas; returns the canvas. */
export function stampImage(image: ImageBitmap, url: string, capturedAt: Date, note?: string): OffscreenCanvas {
  const fontSize = Math.max(14, Math.round(image.width / 90));
  const pad = Math.round(fontSize * 0.7);
  const lineHeight = Math.round(fontSize * 1.45);
  const probe = new OffscreenCanvas(1, 1).getContext('2d')!;
  probe.font = `${fontSize}px ${FONT}`;
  const measure = (s: string) => probe.measureText(s).width;
  const lines = stampLines(url, capturedAt, note).flatMap((l) => wrapText(l, image.width - pad * 2, measure));
  const band = pad * 2 + lines.length * lineHeight;
  const canvas = new OffscreenCanvas(image.width, image.height + band);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(image, 0, 0);
  drawBand(ctx, image.width, image.height, band, lines, { fontSize, pad, lineHeight });
  return canvas;
}

function drawBand(ctx: Canvas2D, width: number, top: number, height: number, lines: string[], m: { fontSize: number; pad: number; lineHeight: number }): void {
  ctx.fillStyle = STAMP_BACKGROUND;
  ctx.fillRect(0, top, width, height);
  ctx.fillStyle = STAMP_INK;
  ctx.font = `${m.fontSize}px ${FONT}`;
  ctx.textBaseline = 'middle';
  lines.forEach((line, i) => ctx.fillText(line, m.pad, top + m.pad + i * m.lineHeight + m.lineHeight / 2));
}
