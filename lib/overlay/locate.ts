/** Joins the hops of a finding's selector: host iframes and shadow hosts first, the element last. */
export const PATH_SEPARATOR = ' >>> ';

/** A finding's element, and the same-origin frames it sits in (outermost first). */
export interface Located {
  element: Element;
  frames: HTMLIFrameElement[];
}

/**
 * Re-finds the element of a finding from its selector, entering same-origin frames and shadow roots
 * on the way. Null when the page changed and a hop no longer matches, or a frame turned cross-origin.
 */
export function locate(
  doc: Document,
  selector: string,
  openClosedRoot?: (el: Element) => ShadowRoot | null,
): Located | null {
  if (!selector) return null;
  const hops = selector.split(PATH_SEPARATOR);
  const frames: HTMLIFrameElement[] = [];
  let root: Document | ShadowRoot = doc;
  for (let i = 0; i < hops.length; i++) {
    let el: Element | null;
    try {
      el = root.querySelector(hops[i]);
    } catch {
      return null;
    }
    if (!el) return null;
    if (i === hops.length - 1) return { element: el, frames };
    const next = enter(el, openClosedRoot);
    if (!next) return null;
    if (next.nodeType === 9) frames.push(el as HTMLIFrameElement);
    root = next;
  }
  return null;
}

function enter(host: Element, openClosedRoot?: (el: Element) => ShadowRoot | null): Document | ShadowRoot | null {
  if (host.localName === 'iframe' || host.localName === 'frame') {
    try {
      return (host as HTMLIFrameElement).contentDocument;
    } catch {
      return null;
    }
  }
  return host.shadowRoot ?? openClosedRoot?.(host) ?? null;
}

/** The element's parent, stepping out of shadow roots to their host (frames are left to the caller). */
export function composedParent(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const root = el.getRootNode();
  return root.nodeType === 11 ? ((root as ShadowRoot).host ?? null) : null;
}
