/** Element builders for the overlay's shadow root: page text only ever goes in as textContent. */
export interface Dom {
  el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string): HTMLElementTagNameMap[K];
  text<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, content: string): HTMLElementTagNameMap[K];
  button(label: string, focusId: string, onClick: () => void): HTMLButtonElement;
}

export function domFor(doc: Document): Dom {
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string) => {
    const e = doc.createElement(tag);
    if (className) e.className = className;
    return e;
  };
  const text = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, content: string) => {
    const e = el(tag, className || undefined);
    e.textContent = content;
    return e;
  };
  const button = (label: string, focusId: string, onClick: () => void) => {
    const b = text('button', '', label);
    b.type = 'button';
    b.dataset.focus = focusId;
    b.addEventListener('click', onClick);
    return b;
  };
  return { el, text, button };
}

/**
 * A constructed sheet is not an inline style, so a page CSP without 'unsafe-inline' cannot block it;
 * where a content script cannot adopt one (Firefox's wrappers), a <style> element does.
 */
export function adoptStyles(shadow: ShadowRoot, css: string): void {
  const win = shadow.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  try {
    const sheet = new (win?.CSSStyleSheet ?? CSSStyleSheet)();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet];
    return;
  } catch {
    const style = shadow.ownerDocument.createElement('style');
    style.textContent = css;
    shadow.append(style);
  }
}
