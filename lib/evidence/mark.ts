import { locate } from '../overlay/locate';
import { Measurer, visibleAnchor } from '../overlay/geometry';
import { escapeRootFilter } from '../overlay/top-layer';

const HOST_TAG = 'gsi-evidence-mark';
const PAD = 4;
// As the overlay's markers: a container larger than this share of the viewport points at nothing (an
// outline around the whole article said nothing about which link was meant).
const MAX_CONTAINER_SHARE = 0.4;
const CONTAINER_LABEL = '不可见元素位于此框内 Invisible element inside';

/**
 * What was outlined: the element itself, the visible container of an invisible one, nothing (invisible,
 * and no container says where), or nothing because the page no longer has the element.
 */
export type MarkResult = 'shown' | 'container' | 'none' | 'missing';

export const isMarked = (r: MarkResult) => r === 'shown' || r === 'container';

/** Two animation frames: the scroll and the outline are painted before the tab is captured. */
function painted(view: Window): Promise<void> {
  return new Promise((done) => view.requestAnimationFrame(() => view.requestAnimationFrame(() => done())));
}

/**
 * The outline evidence capture draws around a finding's element (截图取证 shows what is meant): thick, in
 * a closed shadow root, kept until cleared — the overlay's reveal flash fades too soon to be captured.
 */
export function createEvidenceMark(doc: Document, openClosedRoot?: (el: Element) => ShadowRoot | null) {
  const view = doc.defaultView!;
  let host: HTMLElement | null = null;
  let marked = '';

  function clear(): void {
    host?.remove();
    host = null;
    marked = '';
  }

  /** Clear the outline if it is still the one of `selector` (a later mark stays). */
  function clearIf(selector: string): void {
    if (marked === selector) clear();
  }

  /** Outline the element of `selector` (scrolled to the middle of the view). */
  async function mark(selector: string): Promise<MarkResult> {
    clear();
    if (!selector) return 'missing';
    let target = locate(doc, selector, openClosedRoot);
    if (!target) return 'missing';
    target.element.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' as ScrollBehavior });
    let rect = new Measurer().measure(target);
    let result: MarkResult = 'shown';
    // An invisible element (a hidden link) is shown by the visible container it sits in, when that is small
    // enough to say where; the outline is dashed and labelled so nobody takes the container for the finding.
    if (!rect) {
      target = visibleAnchor(target, view.innerWidth * view.innerHeight * MAX_CONTAINER_SHARE);
      if (target) target.element.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' as ScrollBehavior });
      rect = target && new Measurer().measure(target);
      result = 'container';
    }
    if (!rect) return 'none';
    host = doc.createElement(HOST_TAG);
    const style: Record<string, string> = {
      all: 'initial',
      position: 'fixed',
      left: `${rect.x - PAD}px`,
      top: `${rect.y - PAD}px`,
      width: `${rect.w + PAD * 2}px`,
      height: `${rect.h + PAD * 2}px`,
      'box-sizing': 'border-box',
      border: `3px ${result === 'container' ? 'dashed' : 'solid'} #ff1744`,
      'box-shadow': '0 0 0 2px #fff, 0 0 0 5px rgba(255, 23, 68, 0.35)',
      'z-index': '2147483647',
      'pointer-events': 'none',
      display: 'block',
    };
    for (const [prop, value] of Object.entries(style)) host.style.setProperty(prop, value, 'important');
    const shadow = host.attachShadow({ mode: 'closed' });
    if (result === 'container') {
      const label = doc.createElement('div');
      label.textContent = CONTAINER_LABEL;
      // Above the box, or inside its top edge when the box starts at the top of the view.
      const above = rect.y - PAD >= 22;
      label.style.cssText = `position:absolute;left:-3px;${above ? 'bottom:100%' : 'top:0'};padding:1px 6px;white-space:nowrap;font:12px/18px system-ui,"Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#fff;background:#ff1744`;
      shadow.append(label);
    }
    doc.documentElement.append(host);
    // Red in the screenshot on a site in mourning grey too.
    escapeRootFilter(host);
    marked = selector;
    await painted(view);
    return result;
  }

  return { mark, clear, clearIf };
}
