/**
 * What a sweep reads from a rendered page besides the extension's findings: its links (to follow), its
 * text (dates, repost titles) and its footer text (filing values). `collectPageFacts` runs inside the page
 * (Playwright's evaluate, chrome.scripting.executeScript), so it must be self-contained: no imports, no
 * helpers declared outside, no named inner functions (bundlers may wrap those in helpers the page lacks).
 */

export interface RawLink {
  /** As the browser resolved it (`a.href`). */
  href: string;
  text: string;
  title: string;
  /** In the site's navigation or a column's title bar ("更多"): followed before other links. */
  nav: boolean;
}

export interface RawPageFacts {
  url: string;
  title: string;
  links: RawLink[];
  /** The body's rendered text, cut at `maxText` characters. */
  text: string;
  /** The rendered footer's text (or the end of the page when no footer element is recognisable). */
  footerText: string;
}

export function collectPageFacts(maxText: number): RawPageFacts {
  const navSelector =
    'nav, header, [role="navigation"], [class*="nav" i], [id*="nav" i], [class*="menu" i], [id*="menu" i], [class*="lanmu" i], [class*="column" i], .hd, [class*="tit" i]';
  const links: RawLink[] = [];
  const anchors = Array.from(document.querySelectorAll('a[href], area[href]')) as HTMLAnchorElement[];
  for (const a of anchors.slice(0, 5000)) {
    const text = (a.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 300);
    links.push({
      href: a.href,
      text,
      title: (a.getAttribute('title') || '').slice(0, 300),
      nav: Boolean(a.closest(navSelector)) || /^(?:更多|more)/i.test(text.replace(/[>»\s]/g, '')),
    });
  }
  const body = document.body;
  const text = body ? (body.innerText || body.textContent || '').slice(0, maxText) : '';
  const footers = Array.from(document.querySelectorAll('footer, #footer, .footer, [id*="foot" i], [class*="foot" i], [class*="bottom" i]'));
  let footerText = '';
  for (const el of footers) {
    const t = ((el as HTMLElement).innerText || el.textContent || '').trim();
    if (t.length > footerText.length && /ICP|公网安备|网站标识码|版权|主办|承办|Copyright|©/i.test(t)) footerText = t;
  }
  if (!footerText) footerText = text.slice(-1000);
  return { url: location.href, title: document.title, links, text, footerText: footerText.slice(0, 4000) };
}
