import { textOf } from './selector';

/** What a visitor reads on a link: its text, else its title, an image's alt or its aria-label. */
export function linkLabel(el: Element): string {
  return (
    textOf(el, 120) ||
    el.getAttribute('title')?.trim() ||
    el.querySelector('img[alt]')?.getAttribute('alt')?.trim() ||
    el.getAttribute('aria-label')?.trim() ||
    ''
  );
}

/** All the words a link carries for spam scoring: text, title and image alts together. */
export function linkText(el: Element): string {
  if (!el.firstElementChild) {
    // Most links: no array per link (twenty thousand on a big page).
    const text = el.textContent;
    const title = el.getAttribute('title');
    return text && title ? `${text} ${title}` : text || title || '';
  }
  const alts = [...el.querySelectorAll('img[alt]')].map((img) => img.getAttribute('alt'));
  return [el.textContent, el.getAttribute('title'), ...alts].filter(Boolean).join(' ');
}

/** Words of an element's id and classes: `fourTabTit` → four, tab, tit; `nav-bar_2` → nav, bar, 2. */
export function tokensOf(el: Element): string[] {
  const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  return names
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * How many element children `el` has, counting no further than `max + 1`: childElementCount walks every
 * child, and asking it once per link of a 20,000-item list is quadratic.
 */
export function childCountUpTo(el: Element, max: number): number {
  let n = 0;
  for (let c = el.firstElementChild; c && n <= max; c = c.nextElementSibling) n++;
  return n;
}
