import { composedParent, type Located, type TextSpan } from './locate';

/** A box in the top window's viewport, CSS pixels. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function intersect(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.w, b.x + b.w);
  const bottom = Math.min(a.y + a.h, b.y + b.h);
  return right > x && bottom > y ? { x, y, w: right - x, h: bottom - y } : null;
}

/**
 * The element's border box in its own viewport. A link wrapping a block (a floated image, a div) can
 * have an empty box of its own while its content shows, so then its children's boxes are joined.
 */
export function boxOf(el: Element): Rect | null {
  const r = el.getBoundingClientRect();
  if (r.width >= 1 && r.height >= 1) return { x: r.left, y: r.top, w: r.width, h: r.height };
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  let n = 0;
  for (let child = el.firstElementChild; child && n < 20; child = child.nextElementSibling, n++) {
    const c = child.getBoundingClientRect();
    if (c.width < 1 || c.height < 1) continue;
    left = Math.min(left, c.left);
    top = Math.min(top, c.top);
    right = Math.max(right, c.right);
    bottom = Math.max(bottom, c.bottom);
  }
  return right > left && bottom > top ? { x: left, y: top, w: right - left, h: bottom - top } : null;
}

/**
 * The box of a stretch of text inside `el`, counted over its text nodes in document order (as the wording
 * rule reports it); null when the text changed and the stretch no longer fits.
 */
export function textBox(el: Element, span: TextSpan): Rect | null {
  const doc = el.ownerDocument;
  const walker = doc.createTreeWalker(el, 4 /* SHOW_TEXT */);
  const range = doc.createRange();
  let pos = 0;
  let started = false;
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const end = pos + n.data.length;
    if (!started && span.offset < end) {
      range.setStart(n, span.offset - pos);
      started = true;
    }
    if (started && span.offset + span.length <= end) {
      range.setEnd(n, span.offset + span.length - pos);
      const r = range.getBoundingClientRect();
      return r.width >= 1 && r.height >= 1 ? { x: r.left, y: r.top, w: r.width, h: r.height } : null;
    }
    pos = end;
  }
  return null;
}

/**
 * Whether a visitor could see the element if they scrolled to it: rendered, not transparent or
 * `visibility:hidden`, with a size, not pushed above or left of the page (the -9999px trick), and inside
 * frames that are themselves shown. Finer tricks (clipping, colour) are the link-hidden rule's job; the
 * overlay only needs to know whether an outline would be seen.
 */
export function isShown(el: Element): boolean {
  const box = styledBox(el);
  const view = el.ownerDocument.defaultView;
  return !!box && !(view && (box.x + box.w + view.scrollX <= 0 || box.y + box.h + view.scrollY <= 0));
}

// The box of an element that is rendered, opaque and not `visibility:hidden`; null otherwise.
function styledBox(el: Element): Rect | null {
  const check = (el as Element & { checkVisibility?(o: object): boolean }).checkVisibility;
  if (check && !check.call(el, { opacityProperty: true, visibilityProperty: true })) return null;
  return boxOf(el);
}

export function framesShown(frames: readonly HTMLIFrameElement[]): boolean {
  return frames.every((frame) => styledBox(frame) !== null && frame.clientWidth > 0 && frame.clientHeight > 0);
}

/**
 * Where to mark an invisible element: its nearest shown ancestor (leaving shadow roots and frames), unless
 * that is the page itself or a block so large that an outline around it would point at nothing.
 */
export function visibleAnchor(target: Located, maxArea: number): Located | null {
  let frames = target.frames;
  let el: Element | null = target.element;
  while (el) {
    let parent = composedParent(el);
    if (!parent && frames.length) {
      parent = frames[frames.length - 1];
      frames = frames.slice(0, -1);
    }
    if (!parent || ((parent.localName === 'body' || parent.localName === 'html') && !frames.length)) return null;
    if (isShown(parent) && framesShown(frames)) {
      const box = boxOf(parent)!;
      return box.w * box.h <= maxArea ? { element: parent, frames } : null;
    }
    el = parent;
  }
  return null;
}

/**
 * Measures elements in the top viewport. One instance per animation frame: frame geometry is read once
 * per frame however many findings sit inside it.
 */
export class Measurer {
  private readonly frameBoxes = new Map<HTMLIFrameElement, Rect | null>();

  /** The element's box in the top viewport, clipped by its frames; null when no part of it shows. */
  measure(target: Located): Rect | null {
    let rect = (target.text && textBox(target.element, target.text)) || boxOf(target.element);
    for (let i = target.frames.length - 1; i >= 0 && rect; i--) {
      const frame = this.contentBox(target.frames[i]);
      rect = frame && intersect({ x: rect.x + frame.x, y: rect.y + frame.y, w: rect.w, h: rect.h }, frame);
    }
    return rect;
  }

  /** Top-viewport offset of the innermost frame's viewport, for pointer coordinates inside frames. */
  origin(frames: readonly HTMLIFrameElement[]): { x: number; y: number } | null {
    let x = 0;
    let y = 0;
    for (const frame of frames) {
      const box = this.contentBox(frame);
      if (!box) return null;
      x += box.x;
      y += box.y;
    }
    return { x, y };
  }

  private contentBox(frame: HTMLIFrameElement): Rect | null {
    if (this.frameBoxes.has(frame)) return this.frameBoxes.get(frame)!;
    const box = frameContentBox(frame);
    this.frameBoxes.set(frame, box);
    return box;
  }
}

/** A frame's content box (inside border and padding) in its parent's viewport: where its own viewport sits. */
export function frameContentBox(frame: HTMLIFrameElement): Rect | null {
  const r = frame.getBoundingClientRect();
  const style = frame.ownerDocument.defaultView?.getComputedStyle(frame);
  const padLeft = parseFloat(style?.paddingLeft ?? '0') || 0;
  const padTop = parseFloat(style?.paddingTop ?? '0') || 0;
  const padRight = parseFloat(style?.paddingRight ?? '0') || 0;
  const padBottom = parseFloat(style?.paddingBottom ?? '0') || 0;
  const w = frame.clientWidth - padLeft - padRight;
  const h = frame.clientHeight - padTop - padBottom;
  return w > 0 && h > 0 ? { x: r.left + frame.clientLeft + padLeft, y: r.top + frame.clientTop + padTop, w, h } : null;
}
