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
      parts.unshift(tag);
      break;
    }
    let index = 1;
    for (let sib = node.previousElementSibling; sib; sib = sib.previousElementSibling) {
      if (sib.localName === tag) index++;
    }
    parts.unshift(index === 1 && !hasSameTagAfter(node) ? tag : `${tag}:nth-of-type(${index})`);
    node = parent;
  }
  return parts.join(' > ');
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
  const html = el.outerHTML;
  return html.length > max ? `${html.slice(0, max - 1)}…` : html;
}

/** Text content with runs of white space folded, cut to `max`. */
export function textOf(el: Element | null | undefined, max = 200): string {
  const text = (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
