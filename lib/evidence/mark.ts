import { locate } from '../overlay/locate';
import { Measurer, visibleAnchor } from '../overlay/geometry';
import { escapeRootFilter } from '../overlay/top-layer';

const HOST_TAG = 'gsi-evidence-mark';
const PAD = 4;

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

  /** Outline the element of `selector` (scrolled to the middle of the view); false when it is not on the page. */
  async function mark(selector: string): Promise<boolean> {
    clear();
    if (!selector) return false;
    let target = locate(doc, selector, openClosedRoot);
    if (!target) return false;
    target.element.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' as ScrollBehavior });
    let rect = new Measurer().measure(target);
    // A hidden element (a hidden link) is shown by its nearest visible ancestor.
    if (!rect) {
      target = visibleAnchor(target, Infinity);
      rect = target && new Measurer().measure(target);
    }
    if (!rect) return false;
    host = doc.createElement(HOST_TAG);
    const style: Record<string, string> = {
      all: 'initial',
      position: 'fixed',
      left: `${rect.x - PAD}px`,
      top: `${rect.y - PAD}px`,
      width: `${rect.w + PAD * 2}px`,
      height: `${rect.h + PAD * 2}px`,
      'box-sizing': 'border-box',
      border: '3px solid #ff1744',
      'box-shadow': '0 0 0 2px #fff, 0 0 0 5px rgba(255, 23, 68, 0.35)',
      'z-index': '2147483647',
      'pointer-events': 'none',
      display: 'block',
    };
    for (const [prop, value] of Object.entries(style)) host.style.setProperty(prop, value, 'important');
    host.attachShadow({ mode: 'closed' });
    doc.documentElement.append(host);
    // Red in the screenshot on a site in mourning grey too.
    escapeRootFilter(host);
    marked = selector;
    await painted(view);
    return true;
  }

  return { mark, clear, clearIf };
}
