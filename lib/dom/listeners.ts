/**
 * Which elements the page's own scripts listen on. The content script runs in an isolated world and cannot
 * see listeners added with addEventListener (or `el.onclick = fn`); a main-world script installed at
 * document_start (entrypoints/listeners.content.ts) records them here as an attribute on the element,
 * which the isolated world can read: a link with a click listener does something, a hidden list whose
 * trigger has a mouseover listener is shown by the page.
 */
export const LISTENER_ATTR = 'data-gsi-listens';

/** Events that make an element do something when a visitor clicks, taps, hovers or types on it. */
const INTERACTIVE = new Set([
  'click', 'dblclick', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'touchstart', 'touchend', 'tap',
  'mouseover', 'mouseenter', 'pointerover', 'pointerenter', 'focus', 'focusin', 'keydown', 'keyup', 'keypress',
]);

/** The recorded event types of `el` (empty when the page added none). */
export function listenedEvents(el: Element): string[] {
  const value = el.getAttribute(LISTENER_ATTR);
  return value ? value.split(' ') : [];
}

export function hasRecordedListener(el: Element, types?: readonly string[]): boolean {
  const events = listenedEvents(el);
  return types ? events.some((t) => types.includes(t)) : events.length > 0;
}

interface ListenerWindow {
  EventTarget: typeof EventTarget;
  HTMLElement: typeof HTMLElement;
  Element: typeof Element;
}

/** Patches `win` so that listeners added to elements from now on are recorded; idempotent. */
export function recordListeners(win: ListenerWindow & typeof globalThis): void {
  const flag = '__gsiListeners';
  if ((win as unknown as Record<string, unknown>)[flag]) return;
  (win as unknown as Record<string, unknown>)[flag] = true;
  const ElementClass = win.Element;
  const mark = (target: unknown, type: string) => {
    if (!(target instanceof ElementClass) || !INTERACTIVE.has(type)) return;
    try {
      const events = listenedEvents(target);
      if (!events.includes(type)) target.setAttribute(LISTENER_ATTR, [...events, type].join(' '));
    } catch {
      // An element in a document that forbids attribute changes: nothing to record.
    }
  };
  // The prototype that actually holds elements' addEventListener (EventTarget's in browsers; a DOM
  // implementation may hold its own copy further down).
  let proto: EventTarget = win.document.createElement('a');
  while (proto && !Object.prototype.hasOwnProperty.call(proto, 'addEventListener')) proto = Object.getPrototypeOf(proto);
  if (!proto) return;
  const add = proto.addEventListener;
  proto.addEventListener = function (this: EventTarget, type: string, ...rest: unknown[]) {
    mark(this, String(type).toLowerCase());
    return (add as (...args: unknown[]) => void).call(this, type, ...rest);
  } as typeof add;
  // Handlers assigned as properties (el.onclick = fn) go through the prototype's setter.
  for (const type of ['click', 'mousedown', 'mouseover', 'mouseenter', 'touchstart']) {
    const key = `on${type}`;
    const holder = Object.getPrototypeOf(Object.getPrototypeOf(win.document.createElement('a'))) as HTMLElement;
    const descriptor = Object.getOwnPropertyDescriptor(holder, key);
    if (!descriptor?.set || !descriptor.configurable) continue;
    Object.defineProperty(holder, key, {
      ...descriptor,
      set(this: HTMLElement, value: unknown) {
        if (value) mark(this, type);
        descriptor.set!.call(this, value);
      },
    });
  }
}
