import type { Unscanned } from '../findings';
import { selectorFor } from '../dom/selector';
import { frameDocument } from '../dom/frames';
import type { ScanRoot } from './context';

/**
 * The documents and open shadow roots under `doc`: same-origin iframes are entered, cross-origin ones and
 * closed shadow roots are reported. `openClosedRoot` (chrome.dom.openOrClosedShadowRoot in the extension)
 * lets the content script look into closed roots too.
 */
export function collectRoots(
  doc: Document,
  openClosedRoot?: (el: Element) => ShadowRoot | null,
): { roots: ScanRoot[]; unscanned: Unscanned[] } {
  const roots: ScanRoot[] = [];
  const unscanned: Unscanned[] = [];
  const visit = (root: Document | ShadowRoot, path: string[]) => {
    roots.push({ root, path });
    const walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, 1 /* SHOW_ELEMENT */);
    for (let node = walker.nextNode() as Element | null; node; node = walker.nextNode() as Element | null) {
      const shadow = node.shadowRoot ?? openClosedRoot?.(node) ?? null;
      if (shadow) visit(shadow, [...path, selectorFor(node)]);
      else if (node.localName.includes('-') && isClosedHost(node)) {
        unscanned.push({
          kind: 'closed-shadow-root',
          where: [...path, selectorFor(node)].join(' >>> '),
          reason: '自定义元素使用了封闭的 Shadow DOM，内容无法检查',
        });
      }
      if (node.localName === 'iframe' || node.localName === 'frame') {
        const frame = node as HTMLIFrameElement;
        const inner = frameDocument(frame);
        if (inner?.documentElement) visit(inner, [...path, selectorFor(node)]);
        else if (frame.getAttribute('src')) {
          unscanned.push({
            kind: 'cross-origin-frame',
            where: frame.src || frame.getAttribute('src') || '',
            reason: '跨域框架（iframe）的内容无法从本页检查，请单独打开该地址检查',
          });
        }
      }
    }
  };
  visit(doc, []);
  return { roots, unscanned };
}

// A defined custom element with rendered size but no light-DOM children most likely hides a closed root.
function isClosedHost(el: Element): boolean {
  const win = el.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  return !!win?.customElements?.get(el.localName) && el.childElementCount === 0 && !el.textContent?.trim();
}
