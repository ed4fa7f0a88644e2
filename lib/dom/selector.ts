/**
 * A CSS selector that re-finds `el` inside its own root (document or shadow root). Prefers a unique id,
 * then a short `tag:nth-of-type` path anchored at the nearest ancestor with a unique id.
 */
export function selectorFor(el: Element): string {
  const root = el.getRootNode() as Document | ShadowRoot;
  const parts: string[] = [];
  let node: Element | null = el;
  while (node && node.nodeType === 1) {
    const id = node.getAttribute('id');
    if (id && isSimpleIdent(id) && root.querySelectorAll?.(`#${id}`).length === 1) {
      parts.unshift(`#${id}`);
      break;
    }
    const tag = node.localName;
    const parent: Element | null = node.parentElement;
    if (!parent) {
      // A top-level child of a shadow root still needs its position among the root's children.
      let index = 1;
      if (node.parentNode?.nodeType === 11) {
        for (let sib = node.previousElementSibling; sib; sib = sib.previousElementSibling) if (sib.localName === tag) index++;
      }
      parts.unshift(index === 1 && !hasSameTagAfter(node) ? tag : `${tag}:nth-of-type(${index})`);
      break;
    }
    const index = nthOfType(node, parent, tag, root);
    parts.unshift(index === 1 && !hasSameTagAfter(node) ? tag : `${tag}:nth-of-type(${index})`);
    node = parent;
  }
  return parts.join(' > ');
}

// The last position found under each parent, per document or shadow root. Findings come in document order,
// so the next sibling's position is counted back to the previous one instead of to the start of its list:
// without this, every link of a 10,000-item list costs a walk over all its predecessors. Any change to the
// tree drops the hints (a MutationObserver delivers before the scan's next slice runs); a hint that is not met
// on the way back is simply not used.
const hintsByRoot = new WeakMap<Node, Map<Element, { node: Element; tag: string; index: number }>>();

function hintsFor(root: Node): Map<Element, { node: Element; tag: string; index: number }> | null {
  let hints = hintsByRoot.get(root);
  if (!hints) {
    const view = (root.ownerDocument ?? (root as Document)).defaultView;
    if (!view?.MutationObserver) return null;
    const fresh = new Map<Element, { node: Element; tag: string; index: number }>();
    new view.MutationObserver(() => fresh.clear()).observe(root, { childList: true, subtree: true });
    hintsByRoot.set(root, fresh);
    hints = fresh;
  }
  return hints;
}

function nthOfType(node: Element, parent: Element, tag: string, root: Node): number {
  const hints = hintsFor(root);
  const hint = hints?.get(parent);
  let index = 1;
  for (let sib = node.previousElementSibling; sib; sib = sib.previousElementSibling) {
    if (hint && sib === hint.node && hint.tag === tag) {
      index += hint.index;
      break;
    }
    if (sib.localName === tag) index++;
  }
  hints?.set(parent, { node, tag, index });
  return index;
}

function hasSameTagAfter(el: Element): boolean {
  for (let sib = el.nextElementSibling; sib; sib = sib.nextElementSibling) {
    if (sib.localName === el.localName) return true;
  }
  return false;
}

function isSimpleIdent(id: string): boolean {
  return /^[A-Za-z_][\w-]*$/.test(id);
}

/** Outer HTML cut to `max` characters: evidence text, never rendered as markup. */
export function snippetOf(el: Element, max = 300): string {
  // A column or a page region serialised whole is megabytes on a big page: only its start is written out.
  // Its size is not told by its child count (a column is a title bar and one list of a hundred items).
  const html = wholeIsCheap(el, max) ? el.outerHTML : startOfHtml(el, max);
  return html.length > max ? `${html.slice(0, max - 1)}…` : html;
}

// No element children and not much text: serialising it whole costs no more than its start. (A template's
// content is no child of it, and a shallow clone leaves it out: it is always written whole.)
function wholeIsCheap(el: Element, max: number): boolean {
  return el.localName === 'template' || (!el.firstElementChild && (el.textContent?.length ?? 0) <= max);
}

/** The first `max` characters (or a little more) of `el.outerHTML`, serialising no more of it than that. */
function startOfHtml(el: Element, max: number): string {
  const out: string[] = [];
  let length = 0;
  const write = (text: string) => {
    out.push(text);
    length += text.length;
  };
  const visit = (node: Element) => {
    const shallow = (node.cloneNode(false) as Element).outerHTML;
    const close = `</${node.localName}>`;
    const open = shallow.endsWith(close) ? shallow.slice(0, -close.length) : shallow;
    write(open);
    for (let child = node.firstChild; child && length <= max; child = child.nextSibling) {
      if (child.nodeType === 1) {
        const e = child as Element;
        if (wholeIsCheap(e, max)) write(e.outerHTML);
        else visit(e);
      } else if (child.nodeType === 3) {
        // Escaping only lengthens text, character by character: the escaped start of a text is the start of the escaped text.
        write(escapeText((child.nodeValue ?? '').slice(0, max - length + 1), node.localName));
      } else if (child.nodeType === 8) write(`<!--${child.nodeValue ?? ''}-->`);
    }
    if (open !== shallow) write(close);
  };
  visit(el);
  return out.join('');
}

const RAW_TEXT = new Set(['style', 'script', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext', 'noscript']);

function escapeText(text: string, parent: string): string {
  if (RAW_TEXT.has(parent)) return text;
  return text.replace(/&/g, '&amp;').replace(/\u00a0/g, '&nbsp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text content with runs of white space folded, cut to `max`. */
export function textOf(el: Element | null | undefined, max = 200): string {
  const text = (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
