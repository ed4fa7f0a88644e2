import type { ScanRoot } from '../page/context';

/** Where an image on the page comes from. */
export type ImageSource = 'img' | 'background' | 'svg';

/** An image the page shows that could be the emblem, keyed for ctx.images. */
export interface ImageCandidate {
  element: Element;
  source: ImageSource;
  /** The absolute image URL, or `svg:<hash>` for inline SVG (its facts are computed in the page). */
  key: string;
  /** Inline SVG only: the serialised markup to rasterise. */
  markup?: string;
}

const URL_IN_CSS = /url\(\s*(['"]?)(.*?)\1\s*\)/g;
/** Inline SVG larger than this is a chart or an illustration, not a logo. */
const MAX_SVG_MARKUP = 400_000;

/**
 * Every image the page shows that could hold the emblem: `<img>` (the source the browser chose from
 * srcset/picture), CSS background images of any element (computed style, so stylesheets count), and inline
 * `<svg>`. Never judged by file name: all of them go to the fingerprint. Yields null between elements so the
 * scan can give the page its turn.
 */
export function* imageCandidates(roots: readonly ScanRoot[]): Generator<ImageCandidate | null> {
  for (const { root } of roots) {
    const doc = root.ownerDocument ?? (root as Document);
    const view = doc.defaultView;
    const base = doc.baseURI;
    const walker = doc.createTreeWalker(root, 1 /* SHOW_ELEMENT */);
    for (let el = walker.nextNode() as Element | null; el; el = walker.nextNode() as Element | null) {
      const tag = el.localName;
      if (tag === 'img') {
        const url = imageUrlOf(el as HTMLImageElement, base);
        if (url) yield { element: el, source: 'img', key: url };
      } else if (tag === 'svg' && !el.parentElement?.closest('svg')) {
        const markup = serialiseSvg(el as SVGSVGElement);
        if (markup) yield { element: el, source: 'svg', key: `svg:${hashText(markup)}`, markup };
      }
      if (view && tag !== 'svg' && !el.closest('svg')) {
        for (const url of backgroundUrls(view.getComputedStyle(el).backgroundImage, base)) yield { element: el, source: 'background', key: url };
      }
      yield null;
    }
  }
}

/** The URL the browser shows for an <img>: currentSrc, else src, else the largest srcset candidate. */
export function imageUrlOf(img: HTMLImageElement, base: string): string | null {
  const chosen = img.currentSrc || img.getAttribute('src') || largestSrcset(img.getAttribute('srcset'));
  return chosen ? absolute(chosen, base) : null;
}

function largestSrcset(srcset: string | null): string | null {
  if (!srcset) return null;
  let best: string | null = null;
  let bestSize = -1;
  for (const part of srcset.split(/,\s+/)) {
    const [url, descriptor = '1x'] = part.trim().split(/\s+/);
    const size = parseFloat(descriptor) * (descriptor.endsWith('w') ? 1 : 1000);
    if (url && size > bestSize) {
      best = url;
      bestSize = size;
    }
  }
  return best;
}

/** Image URLs in a computed `background-image` (several layers, gradients skipped). */
export function backgroundUrls(value: string | null | undefined, base: string): string[] {
  if (!value || value === 'none' || !value.includes('url(')) return [];
  const urls: string[] = [];
  for (const m of value.matchAll(URL_IN_CSS)) {
    const url = absolute(m[2], base);
    if (url) urls.push(url);
  }
  return urls;
}

function absolute(raw: string, base: string): string | null {
  try {
    const url = new URL(raw.trim(), base);
    return /^(https?|data|blob|file):$/.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Standalone markup of an inline SVG, with the namespace a document of its own needs and the size it is
 * drawn at. `<use>` of symbols elsewhere in the page is not followed: such sprites stay unjudged.
 */
function serialiseSvg(svg: SVGSVGElement): string | null {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  // Drawn alone, `width="100%"` or no size at all would mean 300×150: give it the size the page shows.
  const box = svg.getBoundingClientRect?.();
  if (box?.width && box.height) {
    clone.setAttribute('width', String(Math.round(box.width)));
    clone.setAttribute('height', String(Math.round(box.height)));
  }
  const markup = new XMLSerializer().serializeToString(clone);
  return markup.length <= MAX_SVG_MARKUP ? markup : null;
}

/** FNV-1a, 32-bit, hex: a key for inline SVG markup. */
function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${h.toString(16).padStart(8, '0')}-${text.length}`;
}
