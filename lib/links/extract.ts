import type { PageLink, ScanRoot } from '../rules/types';
import type { LinkKind } from './types';

/** Attributes that carry a URL the prober should check, and what kind of thing each points at. */
const SOURCES: ReadonlyArray<[selector: string, attr: string, kind: LinkKind]> = [
  ['a[href]', 'href', 'link'],
  ['area[href]', 'href', 'link'],
  ['img[src]', 'src', 'image'],
  ['iframe[src]', 'src', 'frame'],
  ['frame[src]', 'src', 'frame'],
  ['embed[src]', 'src', 'attachment'],
  ['object[data]', 'data', 'attachment'],
  ['video[src]', 'src', 'media'],
  ['audio[src]', 'src', 'media'],
  ['source[src]', 'src', 'media'],
];

/**
 * A scheme other than http(s) (mailto:, tel:, data:, javascript:, irc:, ftp:, weixin:…) is not a resource the
 * prober can find dead: not probed.
 */
const OTHER_SCHEME = /^\s*([a-z][a-z0-9+.-]*):/i;

/** A mistyped http(s) scheme (htttp:, htp:, ttps:) is a broken link, not a foreign scheme. */
const HTTP_TYPO = /^(?:h*t+p+s*|h+t*p+s*|h+t+p*s+)$/i;

/** Links to files: a dead one is a missing attachment (附件), worded as such. */
const FILE_LINK = /\.(?:pdf|docx?|xlsx?|pptx?|wps|et|dps|ofd|caj|txt|csv|rtf|zip|rar|7z|gz|tar)$/i;

/** Every URL on the page with its element; the raw value is kept so malformed ones can be reported. */
export function extractLinks(roots: readonly ScanRoot[]): PageLink[] {
  return Array.from(eachLink(roots));
}

// The links the inspector extracted for one scan (keyed by the scan's roots), so link-dead does not parse
// ten thousand URLs a second time.
const extracted = new WeakMap<readonly ScanRoot[], readonly PageLink[]>();

/** Keep `links` as the page's links for every rule of the scan over `roots`. */
export function rememberLinks(roots: readonly ScanRoot[], links: readonly PageLink[]): void {
  extracted.set(roots, links);
}

/** The links extracted for this scan's `roots`, or extracted now. */
export function linksOf(roots: readonly ScanRoot[]): Iterable<PageLink> {
  return extracted.get(roots) ?? eachLink(roots);
}

/**
 * The same, one at a time: a rule can hand the page its turn between links instead of extracting ten
 * thousand in one stretch. Each URL is parsed once.
 */
export function* eachLink(roots: readonly ScanRoot[]): Generator<PageLink> {
  for (const { root } of roots) {
    const base = (root.ownerDocument ?? (root as Document)).baseURI;
    for (const [selector, attr, kind] of SOURCES) {
      for (const element of root.querySelectorAll(selector)) {
        const raw = element.getAttribute(attr) ?? '';
        if (notProbed(raw)) continue;
        const url = parseHttpUrl(raw, base);
        yield { raw, url: url?.href, element, kind: kind === 'link' && url && FILE_LINK.test(url.pathname) ? 'attachment' : kind };
      }
    }
    for (const element of root.querySelectorAll('img[srcset], picture > source[srcset]')) {
      for (const raw of srcsetUrls(element.getAttribute('srcset') ?? '')) {
        if (notProbed(raw)) continue;
        yield { raw, url: parseHttpUrl(raw, base)?.href, element, kind: 'image' };
      }
    }
  }
}

/** Empty, in-page, or a scheme that is not fetched (mail, script, irc, weixin…); a mistyped http is probed as malformed. */
function notProbed(raw: string): boolean {
  const value = raw.trim();
  if (!value || value[0] === '#') return true;
  const scheme = OTHER_SCHEME.exec(value)?.[1];
  if (!scheme || /^https?$/i.test(scheme)) return false;
  return !HTTP_TYPO.test(scheme);
}

/**
 * The URLs of a srcset, split as the HTML spec does: a URL runs to the next white space (trailing commas
 * end the candidate), then descriptors (`2x`, `640w`) run to the next comma.
 */
export function srcsetUrls(srcset: string): string[] {
  const out: string[] = [];
  const n = srcset.length;
  let i = 0;
  while (i < n) {
    while (i < n && /[\s,]/.test(srcset[i]!)) i++;
    const start = i;
    while (i < n && !/\s/.test(srcset[i]!)) i++;
    let url = srcset.slice(start, i);
    if (url.endsWith(',')) url = url.replace(/,+$/, '');
    else {
      let depth = 0;
      for (; i < n; i++) {
        const c = srcset[i];
        if (c === '(') depth++;
        else if (c === ')') depth--;
        else if (c === ',' && depth <= 0) {
          i++;
          break;
        }
      }
    }
    if (url) out.push(url);
  }
  return out;
}

/**
 * Absolute http(s) URL for `raw`, or undefined when it is malformed (`https;//x`, `//////`, bad host).
 * Browsers quietly "fix" many malformed values into a same-site path; those are reported, not probed.
 */
export function resolveUrl(raw: string, base: string): string | undefined {
  return parseHttpUrl(raw, base)?.href;
}

function parseHttpUrl(raw: string, base: string): URL | undefined {
  const value = raw.trim();
  if (/^[a-z][a-z0-9+.-]*;\/\//i.test(value) || /^\/{3,}/.test(value) || /^https?:\/{3,}/i.test(value)) return undefined;
  if (/^https?:(?!\/\/)/i.test(value) || /^https?\/\//i.test(value)) return undefined;
  const scheme = OTHER_SCHEME.exec(value)?.[1];
  if (scheme && HTTP_TYPO.test(scheme) && !/^https?$/i.test(scheme)) return undefined;
  try {
    const url = new URL(value, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (!url.hostname) return undefined;
    url.hash = '';
    return url;
  } catch {
    return undefined;
  }
}
