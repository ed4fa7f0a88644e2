import { selectorFor, snippetOf } from '../dom/selector';
import type { PickedElement } from '../messages';
import { PATH_SEPARATOR } from './locate';

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

/** The element under a point, entering open shadow roots; the selector path is written as the scan writes it. */
function deepestAt(doc: Document, x: number, y: number, ignore: (el: Element) => boolean): { el: Element; path: string[] } | null {
  let el = doc.elementFromPoint(x, y);
  if (!el || ignore(el)) return null;
  const path: string[] = [];
  for (let depth = 0; el.shadowRoot && depth < 20; depth++) {
    const inner: Element | null = el.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === el) break;
    path.push(selectorFor(el));
    el = inner;
  }
  return { el, path };
}

/**
 * Lets the inspector point at an element of the page: the element under the pointer is outlined, a click
 * selects it (the page never sees that click), Esc cancels. Everything drawn lives in a closed shadow root.
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

  const ignore = (el: Element) => el === host || !!opts.ignore?.(el);
  let current: { el: Element; path: string[] } | null = null;
  let finish!: (value: PickedElement | null) => void;
  const result = new Promise<PickedElement | null>((resolve) => (finish = resolve));

  const draw = () => {
    if (!current) {
      box.style.display = tag.style.display = 'none';
      return;
    }
    const r = current.el.getBoundingClientRect();
    Object.assign(box.style, { display: 'block', left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px` });
    tag.textContent = `${current.el.localName}${current.el.id ? `#${current.el.id}` : ''} ${Math.round(r.width)}×${Math.round(r.height)}`;
    Object.assign(tag.style, { display: 'block', left: `${Math.max(0, r.left)}px`, top: `${r.top >= 20 ? r.top - 20 : r.bottom}px` });
  };
  const onMove = (e: PointerEvent | MouseEvent) => {
    current = deepestAt(doc, e.clientX, e.clientY, ignore);
    draw();
  };
  // The page must not react to the picking click (a link would navigate away).
  const swallow = (e: Event) => {
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  const onClick = (e: MouseEvent) => {
    swallow(e);
    const hit = deepestAt(doc, e.clientX, e.clientY, ignore) ?? current;
    if (!hit) return;
    done({ selector: [...hit.path, selectorFor(hit.el)].join(PATH_SEPARATOR).slice(0, 2000), snippet: snippetOf(hit.el).slice(0, 1000), label: labelOf(hit.el).slice(0, 500) });
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    swallow(e);
    done(null);
  };
  const onScroll = () => draw();

  const events: Array<[string, EventListener]> = [
    ['pointermove', onMove as EventListener],
    ['click', onClick as EventListener],
    ['pointerdown', swallow],
    ['mousedown', swallow],
    ['pointerup', swallow],
    ['mouseup', swallow],
    ['auxclick', swallow],
    ['keydown', onKey as EventListener],
  ];
  for (const [type, fn] of events) view.addEventListener(type, fn, { capture: true });
  view.addEventListener('scroll', onScroll, { capture: true, passive: true });

  function done(value: PickedElement | null): void {
    for (const [type, fn] of events) view.removeEventListener(type, fn, { capture: true });
    view.removeEventListener('scroll', onScroll, { capture: true });
    host.remove();
    finish(value);
  }
  return { result, cancel: () => done(null) };
}
