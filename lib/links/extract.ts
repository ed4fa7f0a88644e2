import type { PageLink, ScanRoot } from '../page/context';
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
    const doc = root.ownerDocument ?? (root as Document);
    const base = doc.baseURI;
    const legacy = !/^utf-?8$/i.test(doc.characterSet || 'UTF-8');
    for (const [selector, attr, kind] of SOURCES) {
      for (const element of root.querySelectorAll(selector)) {
        const raw = element.getAttribute(attr) ?? '';
        if (notProbed(raw)) continue;
        const url = parseHttpUrl(raw, base);
        const href = url && legacy && raw.includes('?') && NON_ASCII.test(raw) ? asVisited(element, attr, url.href) : url?.href;
        yield { raw, url: href, element, kind: kind === 'link' && url && FILE_LINK.test(url.pathname) ? 'attachment' : kind };
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

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * On a page in a legacy encoding (GBK, GB2312), a browser encodes a link's query in that encoding
 * (`?type=通知公告` → `%CD%A8…`), where the URL parser alone writes UTF-8 (`%E9%80%9A…`), an address the site
 * may not know. The element's own resolved URL (`a.href`, `img.src`) is what visitors get.
 */
function asVisited(element: Element, attr: string, href: string): string {
  const resolved = (element as unknown as Record<string, unknown>)[attr];
  if (typeof resolved !== 'string') return href;
  try {
    const visited = new URL(resolved);
    const parsed = new URL(href);
    visited.hash = '';
    // Only the query may differ: anything else means the element resolved some other way; keep the parse.
    return visited.origin === parsed.origin && visited.pathname === parsed.pathname ? visited.href : href;
  } catch {
    return href;
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

/** An absolute http(s) URL without its fragment, and its path (for telling attachments). */
interface HttpUrl {
  href: string;
  pathname: string;
}

/**
 * The address a plain link value (a path or an http(s) address that no URL parser rewrites) resolves to
 * against `base`, joined without a parse; undefined for any other value, which the caller resolves its own way
 * (`el.href` resolves plain values to the same address, and costs a parse per link).
 */
export function resolvePlain(raw: string, base: string): string | undefined {
  return plainResolver(base)(raw.trim())?.href;
}

function parseHttpUrl(raw: string, base: string): HttpUrl | undefined {
  const value = raw.trim();
  const plain = plainResolver(base)(value);
  if (plain) return plain;
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

// Values the URL parser leaves exactly as written, so that resolving them is joining strings: `new URL` for
// each of ten thousand links costs tens of milliseconds. A path and query of characters no parser escapes or
// rewrites (no `%`, `\`, `#`, white space or non-ASCII), without `.`/`..` segments; for an absolute URL, a
// lower-case http(s) scheme and a plain host name (lower case, not ending in a number, no punycode, no port,
// no user). Anything else is parsed.
const PLAIN_PATH = /^[A-Za-z0-9._~/-]*(?:\?[A-Za-z0-9._~/=&+,;:@!$*-]*)?$/;
const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:[/?]|$)/;
const PLAIN_ABSOLUTE = /^https?:\/\/(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*(?=[/?]|$)/;

type PlainResolver = (value: string) => HttpUrl | undefined;
const NO_PLAIN: PlainResolver = () => undefined;
const plainResolvers = new Map<string, PlainResolver>();

/** A resolver of plain values against `base` (an http(s) document address), made once per base. */
function plainResolver(base: string): PlainResolver {
  let resolver = plainResolvers.get(base);
  if (!resolver) {
    resolver = makePlainResolver(base);
    if (plainResolvers.size > 50) plainResolvers.clear();
    plainResolvers.set(base, resolver);
  }
  return resolver;
}

function makePlainResolver(base: string): PlainResolver {
  let origin: string;
  let dirHref: string;
  let dirPath: string;
  try {
    const b = new URL(base);
    if ((b.protocol !== 'http:' && b.protocol !== 'https:') || !b.hostname) return NO_PLAIN;
    const dir = new URL('.', b);
    dirHref = dir.href;
    dirPath = dir.pathname;
    origin = new URL('/', b).href.slice(0, -1);
  } catch {
    return NO_PLAIN;
  }
  return (value) => {
    const c = value.charCodeAt(0);
    if (c === 47 /* / */) {
      if (value.charCodeAt(1) === 47 || !PLAIN_PATH.test(value) || DOT_SEGMENT.test(value)) return undefined;
      return { href: origin + value, pathname: pathOf(value) };
    }
    if (c === 104 /* h */) {
      const absolute = PLAIN_ABSOLUTE.exec(value);
      if (absolute) {
        const host = absolute[0];
        if (host.includes('xn--')) return undefined;
        let rest = value.slice(host.length);
        if (!PLAIN_PATH.test(rest) || DOT_SEGMENT.test(rest)) return undefined;
        if (rest[0] !== '/') rest = `/${rest}`;
        return { href: host + rest, pathname: pathOf(rest) };
      }
    }
    // A relative path: its first segment must not read as a scheme (no `:` at all) or a dot segment, nor be
    // an http address missing its colon (`http//host/`, reported as malformed).
    if (!value || value.includes(':') || value[0] === '?' || !PLAIN_PATH.test(value) || DOT_SEGMENT.test(value) || /^https?\/\//i.test(value)) return undefined;
    return { href: dirHref + value, pathname: dirPath + pathOf(value) };
  };
}

function pathOf(pathAndQuery: string): string {
  const q = pathAndQuery.indexOf('?');
  return q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
}
