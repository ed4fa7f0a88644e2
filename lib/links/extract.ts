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

/** Schemes that are not fetched: they are not links to a resource that can be dead. */
const IGNORED_SCHEME = /^\s*(mailto|tel|sms|data|javascript|blob|about|chrome|chrome-extension|moz-extension):/i;

/** Every URL on the page with its element; the raw value is kept so malformed ones can be reported. */
export function extractLinks(roots: readonly ScanRoot[]): PageLink[] {
  const out: PageLink[] = [];
  for (const { root } of roots) {
    const base = (root.ownerDocument ?? (root as Document)).baseURI;
    for (const [selector, attr, kind] of SOURCES) {
      for (const element of root.querySelectorAll(selector)) {
        const raw = element.getAttribute(attr) ?? '';
        if (!raw.trim() || raw.trim().startsWith('#') || IGNORED_SCHEME.test(raw)) continue;
        out.push({ raw, url: resolveUrl(raw, base), element, kind });
      }
    }
  }
  return out;
}

/**
 * Absolute http(s) URL for `raw`, or undefined when it is malformed (`https;//x`, `//////`, bad host).
 * Browsers quietly "fix" many malformed values into a same-site path; those are reported, not probed.
 */
export function resolveUrl(raw: string, base: string): string | undefined {
  const value = raw.trim();
  if (/^[a-z][a-z0-9+.-]*;\/\//i.test(value) || /^\/{3,}/.test(value) || /^https?:\/{3,}/i.test(value)) return undefined;
  if (/^https?:(?!\/\/)/i.test(value)) return undefined;
  try {
    const url = new URL(value, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (!url.hostname) return undefined;
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}
