import { frameDocument } from '../dom/frames';

/** Joins the hops of a finding's selector: host iframes and shadow hosts first, the element last. */
export const PATH_SEPARATOR = ' >>> ';

/** A finding's element, and the same-origin frames it sits in (outermost first). */
export interface Located {
  element: Element;
  frames: HTMLIFrameElement[];
  /** A stretch of the element's text (offsets into its text nodes in order), when the finding is about words. */
  text?: TextSpan;
}

export interface TextSpan {
  offset: number;
  length: number;
}

// One step of what selectorFor writes: `#id`, `tag` or `tag:nth-of-type(n)`.
const STEP = /^(?:#([A-Za-z_][\w-]*)|([A-Za-z][\w-]*)(?::nth-of-type\((\d+)\))?)$/;

/**
 * Re-finds the elements of findings from their selectors, entering same-origin frames and shadow roots on
 * the way. Selectors in the scan's own shape (`#id > tag:nth-of-type(n) > …`) are walked child by child
 * with the children of each parent indexed once: `querySelector` with `:nth-of-type` costs milliseconds
 * per call on a long list, which for thousands of findings froze the page. Anything else goes to
 * `querySelector`. One Locator per pass: the index is not updated when the page changes.
 */
export class Locator {
  private readonly byTag = new Map<Element, Map<string, Element[]>>();

  constructor(
    private readonly doc: Document,
    private readonly openClosedRoot?: (el: Element) => ShadowRoot | null,
  ) {}

  /** Null when the page changed and a hop no longer matches, or a frame turned cross-origin. */
  locate(selector: string): Located | null {
    if (!selector) return null;
    const hops = selector.split(PATH_SEPARATOR);
    const frames: HTMLIFrameElement[] = [];
    let root: Document | ShadowRoot = this.doc;
    for (let i = 0; i < hops.length; i++) {
      const el = this.query(root, hops[i]);
      if (!el) return null;
      if (i === hops.length - 1) return { element: el, frames };
      const next = this.enter(el);
      if (!next) return null;
      if (next.nodeType === 9) frames.push(el as HTMLIFrameElement);
      root = next;
    }
    return null;
  }

  private query(root: Document | ShadowRoot, selector: string): Element | null {
    const steps = selector.split(' > ');
    let el: Element | null = null;
    for (let i = 0; i < steps.length; i++) {
      const m = STEP.exec(steps[i]);
      if (!m) return querySafely(root, selector);
      const [, id, tag, nth] = m;
      if (i === 0) {
        if (id) el = root.getElementById(id);
        // In a document the scan's path starts at <html>; in a shadow root querySelector's meaning differs.
        else if (root.nodeType === 9 && tag === 'html' && !nth) el = (root as Document).documentElement;
        else return querySafely(root, selector);
      } else if (id) {
        return querySafely(root, selector);
      } else {
        el = this.children(el!, tag)[(nth ? Number(nth) : 1) - 1] ?? null;
      }
      if (!el) return null;
    }
    return el;
  }

  private children(parent: Element, tag: string): Element[] {
    let index = this.byTag.get(parent);
    if (!index) {
      index = new Map();
      for (let c = parent.firstElementChild; c; c = c.nextElementSibling) {
        const list = index.get(c.localName);
        if (list) list.push(c);
        else index.set(c.localName, [c]);
      }
      this.byTag.set(parent, index);
    }
    return index.get(tag) ?? [];
  }

  private enter(host: Element): Document | ShadowRoot | null {
    if (host.localName === 'iframe' || host.localName === 'frame') return frameDocument(host);
    return host.shadowRoot ?? this.openClosedRoot?.(host) ?? null;
  }
}

function querySafely(root: Document | ShadowRoot, selector: string): Element | null {
  try {
    return root.querySelector(selector);
  } catch {
    return null;
  }
}

/** One selector, without keeping an index. */
export function locate(doc: Document, selector: string, openClosedRoot?: (el: Element) => ShadowRoot | null): Located | null {
  return new Locator(doc, openClosedRoot).locate(selector);
}

/** The element's parent, stepping out of shadow roots to their host (frames are left to the caller). */
export function composedParent(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const root = el.getRootNode();
  return root.nodeType === 11 ? ((root as ShadowRoot).host ?? null) : null;
}
