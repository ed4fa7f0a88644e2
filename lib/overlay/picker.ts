import { selectorFor, snippetOf } from '../dom/selector';
import type { PickedElement } from '../messages';
import { PATH_SEPARATOR } from './locate';
import { frameContentBox, Measurer } from './geometry';
import { frameDocument } from '../dom/frames';
import { escapeRootFilter } from './top-layer';

const HOST_TAG = 'gsi-picker';
const HOST_STYLE: Record<string, string> = {
  all: 'initial',
  position: 'fixed',
  inset: '0',
  'z-index': '2147483647',
  'pointer-events': 'none',
  display: 'block',
};
const CSS = `
.box { position: fixed; display: none; box-sizing: border-box; border: 2px solid #c62828; background: rgba(198, 40, 40, 0.12); pointer-events: none; }
.hint { position: fixed; left: 50%; top: 8px; transform: translateX(-50%); padding: 6px 12px; border-radius: 6px; background: #202124; color: #fff;
  font: 13px/1.4 system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.tag { position: fixed; display: none; padding: 1px 6px; background: #c62828; color: #fff; font: 11px/1.5 ui-monospace, monospace; white-space: nowrap; max-width: 60vw; overflow: hidden; text-overflow: ellipsis; }
`;

export interface PickerOptions {
  /** The hint shown at the top of the page. */
  hint: string;
  /** Elements the picker must not offer (the overlay's own host). */
  ignore?(el: Element): boolean;
  /** Closed shadow roots too (chrome.dom.openOrClosedShadowRoot in the extension), as the scan enters them. */
  openClosedRoot?(el: Element): ShadowRoot | null;
}

export interface Picker {
  /** The picked element, or null when the inspector pressed Esc or the picker was cancelled. */
  result: Promise<PickedElement | null>;
  cancel(): void;
}

/** A short human label for a picked element: its text, alt or title, else its tag. */
export function labelOf(el: Element): string {
  const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
  const attr = el.getAttribute('alt') || el.getAttribute('title') || el.getAttribute('aria-label') || '';
  const label = text || attr.trim() || `<${el.localName}>`;
  return label.length > 80 ? `${label.slice(0, 79)}…` : label;
}

/** What the pointer is over: the element, the hops leading to it, and the same-origin frames it sits in. */
interface Hit {
  el: Element;
  path: string[];
  frames: HTMLIFrameElement[];
}

/**
 * The element under a point of the top viewport, entering shadow roots and same-origin frames; the
 * selector path is written as the scan writes it, so the finding is found again like the scan's own.
 */
function deepestAt(doc: Document, x: number, y: number, ignore: (el: Element) => boolean, openClosedRoot?: (el: Element) => ShadowRoot | null): Hit | null {
  let el = doc.elementFromPoint(x, y);
  if (!el || ignore(el)) return null;
  const path: string[] = [];
  const frames: HTMLIFrameElement[] = [];
  // The point in the viewport of the document `el` is in.
  let px = x;
  let py = y;
  for (let depth = 0; depth < 20; depth++) {
    const shadow: ShadowRoot | null = el.shadowRoot ?? openClosedRoot?.(el) ?? null;
    if (shadow) {
      const inner: Element | null = shadow.elementFromPoint(px, py);
      if (!inner || inner === el) break;
      path.push(selectorFor(el));
      el = inner;
      continue;
    }
    const frameDoc = frameDocument(el);
    const box = frameDoc && frameContentBox(el as HTMLIFrameElement);
    if (!frameDoc || !box || px < box.x || py < box.y || px >= box.x + box.w || py >= box.y + box.h) break;
    const inner = frameDoc.elementFromPoint(px - box.x, py - box.y);
    if (!inner) break;
    path.push(selectorFor(el));
    frames.push(el as HTMLIFrameElement);
    px -= box.x;
    py -= box.y;
    el = inner;
  }
  return { el, path, frames };
}

/** The same-origin frames under `doc`, each with the frames leading to it (outermost first). */
function framesUnder(doc: Document, chain: HTMLIFrameElement[] = [], out: Array<{ win: Window; chain: HTMLIFrameElement[] }> = []) {
  for (const frame of doc.querySelectorAll<HTMLIFrameElement>('iframe, frame')) {
    const inner = frameDocument(frame);
    if (!inner?.defaultView) continue;
    const path = [...chain, frame];
    out.push({ win: inner.defaultView, chain: path });
    if (path.length < 10) framesUnder(inner, path, out);
  }
  return out;
}

/**
 * Lets the inspector point at an element of the page, also inside same-origin frames (many government sites
 * build their columns from iframes): the element under the pointer is outlined, a click selects it (the page
 * and its frames never see that click), Esc cancels. Everything drawn lives in a closed shadow root.
 */
export function startPicker(doc: Document, opts: PickerOptions): Picker {
  const view = doc.defaultView!;
  const host = doc.createElement(HOST_TAG);
  for (const [prop, value] of Object.entries(HOST_STYLE)) host.style.setProperty(prop, value, 'important');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = CSS;
  const box = doc.createElement('div');
  box.className = 'box';
  const tag = doc.createElement('div');
  tag.className = 'tag';
  const hint = doc.createElement('div');
  hint.className = 'hint';
  hint.textContent = opts.hint;
  shadow.append(style, box, tag, hint);
  doc.documentElement.append(host);
  escapeRootFilter(host);

  const ignore = (el: Element) => el === host || !!opts.ignore?.(el);
  let current: Hit | null = null;
  let finish!: (value: PickedElement | null) => void;
  const result = new Promise<PickedElement | null>((resolve) => (finish = resolve));

  const draw = () => {
    const r = current && new Measurer().measure({ element: current.el, frames: current.frames });
    if (!current || !r) {
      box.style.display = tag.style.display = 'none';
      return;
    }
    Object.assign(box.style, { display: 'block', left: `${r.x}px`, top: `${r.y}px`, width: `${r.w}px`, height: `${r.h}px` });
    tag.textContent = `${current.el.localName}${current.el.id ? `#${current.el.id}` : ''} ${Math.round(r.w)}×${Math.round(r.h)}`;
    Object.assign(tag.style, { display: 'block', left: `${Math.max(0, r.x)}px`, top: `${r.y >= 20 ? r.y - 20 : r.y + r.h}px` });
  };
  // Pointer events over a frame go to the frame's window, in its own coordinates: they are brought to the
  // top viewport and hit-tested from the top, like any other point.
  const toTop = (chain: readonly HTMLIFrameElement[], e: MouseEvent) => {
    const origin = chain.length ? new Measurer().origin(chain) : { x: 0, y: 0 };
    return origin && { x: e.clientX + origin.x, y: e.clientY + origin.y };
  };
  const hitOf = (chain: readonly HTMLIFrameElement[], e: MouseEvent) => {
    const at = toTop(chain, e);
    return at ? deepestAt(doc, at.x, at.y, ignore, opts.openClosedRoot) : null;
  };
  // Only the inspector's own input counts: a page script can dispatch clicks, moves and keys at will
  // (el.click(), dispatchEvent), and would otherwise pick an element of its choosing or end the picking.
  const onMove = (chain: readonly HTMLIFrameElement[]) => (e: PointerEvent | MouseEvent) => {
    if (!e.isTrusted) return;
    current = hitOf(chain, e);
    draw();
  };
  // The page must not react to the picking click (a link would navigate away).
  const swallow = (e: Event) => {
    if (!e.isTrusted) return;
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  const onClick = (chain: readonly HTMLIFrameElement[]) => (e: MouseEvent) => {
    if (!e.isTrusted) return;
    swallow(e);
    const hit = hitOf(chain, e) ?? current;
    if (!hit) return;
    done({ selector: [...hit.path, selectorFor(hit.el)].join(PATH_SEPARATOR).slice(0, 2000), snippet: snippetOf(hit.el).slice(0, 1000), label: labelOf(hit.el).slice(0, 500) });
  };
  const onKey = (e: KeyboardEvent) => {
    if (!e.isTrusted || e.key !== 'Escape') return;
    swallow(e);
    done(null);
  };
  const onScroll = () => draw();

  /** Every window listened to (the page's and its same-origin frames'), with what to remove when done. */
  const watched = new Map<Window, { events: Array<[string, EventListener]>; loads: EventListener }>();
  const watch = (win: Window, chain: readonly HTMLIFrameElement[]) => {
    if (watched.has(win)) return;
    const events: Array<[string, EventListener]> = [
      ['pointermove', onMove(chain) as EventListener],
      ['click', onClick(chain) as EventListener],
      ['pointerdown', swallow],
      ['mousedown', swallow],
      ['pointerup', swallow],
      ['mouseup', swallow],
      ['auxclick', swallow],
      ['keydown', onKey as EventListener],
    ];
    const loads = onFrameLoad(chain);
    try {
      for (const [type, fn] of events) win.addEventListener(type, fn, { capture: true });
      win.addEventListener('scroll', onScroll, { capture: true, passive: true });
      win.document.addEventListener('load', loads, { capture: true });
      watched.set(win, { events, loads });
    } catch {
      // A frame that navigated away (or turned cross-origin) in the meantime.
    }
  };
  const watchFramesUnder = (frameDoc: Document, chain: HTMLIFrameElement[]) => {
    if (frameDoc.defaultView) watch(frameDoc.defaultView, chain);
    for (const { win, chain: inner } of framesUnder(frameDoc, chain)) watch(win, inner);
  };
  // A frame that loads while the picker runs (added by the page, or navigated) gets a new window: watch it
  // too. Element load events neither bubble nor reach the window, but a capturing listener on the document
  // sees them.
  function onFrameLoad(chain: readonly HTMLIFrameElement[]): EventListener {
    return (e) => {
      // Not `instanceof Element`: an element of a frame's document belongs to that frame's realm.
      const frame = e.target as Element | null;
      const frameDoc = frame?.nodeType === 1 ? frameDocument(frame) : null;
      if (frameDoc) watchFramesUnder(frameDoc, [...chain, frame as HTMLIFrameElement]);
    };
  }
  watchFramesUnder(doc, []);

  function done(value: PickedElement | null): void {
    for (const [win, { events, loads }] of watched) {
      try {
        for (const [type, fn] of events) win.removeEventListener(type, fn, { capture: true });
        win.removeEventListener('scroll', onScroll, { capture: true });
        win.document.removeEventListener('load', loads, { capture: true });
      } catch {
        // The frame is gone: so are its listeners.
      }
    }
    watched.clear();
    host.remove();
    finish(value);
  }
  return { result, cancel: () => done(null) };
}
