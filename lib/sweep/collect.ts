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
  // The page and its same-origin frames, breadth first: framesets and columns built from iframes list their
  // links inside the frames, and the sweep must find those pages too. A frame from another origin (an
  // information-disclosure platform on another host of the site, say) cannot be read from here: its address
  // is a link to follow, first, as the page scan asks ("open it on its own").
  const docs: Document[] = [document];
  const links: RawLink[] = [];
  for (let i = 0; i < docs.length && docs.length < 50; i++) {
    for (const frame of Array.from(docs[i].querySelectorAll('iframe, frame')) as HTMLIFrameElement[]) {
      let inner: Document | null = null;
      try {
        inner = frame.contentDocument;
      } catch {
        inner = null;
      }
      const web = /^https?:/i.test(frame.src);
      // A frame still on its first about:blank has loaded nothing yet: its address is all there is.
      const loading = !!inner && inner.URL === 'about:blank' && web;
      if (inner && inner.documentElement && !loading) {
        if (docs.indexOf(inner) < 0) docs.push(inner);
      } else if (web && links.length < 5000) {
        links.push({ href: frame.src, text: '', title: (frame.getAttribute('title') || frame.getAttribute('name') || '').slice(0, 300), nav: true });
      }
    }
  }
  const texts: string[] = [];
  let footerText = '';
  for (const doc of docs) {
    const anchors = Array.from(doc.querySelectorAll('a[href], area[href]')) as HTMLAnchorElement[];
    for (const a of anchors.slice(0, 5000 - links.length)) {
      const text = (a.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 300);
      links.push({
        href: a.href,
        text,
        title: (a.getAttribute('title') || '').slice(0, 300),
        nav: Boolean(a.closest(navSelector)) || /^(?:更多|more)/i.test(text.replace(/[>»\s]/g, '')),
      });
    }
    // A frameset's body is the frameset: its text is in the frames.
    const body = doc.body;
    const bodyText = body ? (body.innerText || body.textContent || '').trim() : '';
    if (bodyText) texts.push(bodyText);
    const footers = Array.from(doc.querySelectorAll('footer, #footer, .footer, [id*="foot" i], [class*="foot" i], [class*="bottom" i]'));
    for (const el of footers) {
      const t = ((el as HTMLElement).innerText || el.textContent || '').trim();
      if (t.length > footerText.length && /ICP|公网安备|网站标识码|版权|主办|承办|Copyright|©/i.test(t)) footerText = t;
    }
  }
  const text = texts.join('\n').slice(0, maxText);
  if (!footerText) footerText = (texts[0] || text).slice(-1000);
  return { url: location.href, title: document.title, links, text, footerText: footerText.slice(0, 4000) };
}
