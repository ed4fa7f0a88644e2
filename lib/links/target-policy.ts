import type { ProbeResult } from './types';

/**
 * Which addresses the link prober may request for a page. A page chooses its links, and the prober fetches
 * them from the inspector's browser, inside the inspector's network: without a policy a hostile page could
 * make the extension call the inspector's own machine or intranet (routers, admin consoles, 10.x services).
 *
 * The extension cannot resolve names, so a host is judged by how it is written: IP literals, `localhost`
 * and `*.localhost` are local; every other name counts as public (the e2e tests map names to 127.0.0.1 and
 * stay public by this rule). A page that is itself on a local network (a government intranet site on
 * 10.x, a test page on 127.0.0.1) may check links on the same kind of network.
 */

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local';

/** The most probes one page (one document) gets; links past it are reported as not checked. */
export const MAX_PROBES_PER_PAGE = 5_000;

function ipv4(host: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
}

function ipv4Class([a, b]: number[]): AddressClass {
  if (a === 127 || a === 0) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  return 'public';
}

/** 16 groups of an IPv6 literal as WHATWG URL writes it (lower case, `::` compressed, no zone). */
function ipv6Groups(host: string): number[] | undefined {
  if (!host.includes(':')) return undefined;
  const [head, tail] = host.split('::');
  const parse = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = parse(head);
  const t = host.includes('::') ? parse(tail) : [];
  const groups = host.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill(0), ...t] : h;
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/** The class of a URL's `hostname` (brackets of an IPv6 literal allowed). */
export function addressClass(hostname: string): AddressClass {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  const v4 = ipv4(host);
  if (v4) return ipv4Class(v4);
  const v6 = ipv6Groups(host);
  if (!v6) return 'public';
  if (v6.slice(0, 7).every((g) => g === 0) && v6[7] <= 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d, written ::ffff:7f00:1): the IPv4 address decides.
  if (v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) return ipv4Class([v6[6] >> 8, v6[6] & 0xff, v6[7] >> 8, v6[7] & 0xff]);
  if ((v6[0] & 0xfe00) === 0xfc00) return 'private';
  if ((v6[0] & 0xffc0) === 0xfe80) return 'link-local';
  return 'public';
}

export function isLoopbackHost(hostname: string): boolean {
  return addressClass(hostname) === 'loopback';
}

/** Why a target is not requested for this page (a ProbeResult reason), or null when it may be. */
export function targetRefusal(pageUrl: string | undefined, target: string): string | null {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return null; // the prober reports it as malformed
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'unsupported-scheme';
  const kind = addressClass(url.hostname);
  if (kind === 'public') return null;
  let page: AddressClass = 'public';
  try {
    if (pageUrl) page = addressClass(new URL(pageUrl).hostname);
  } catch {
    // an unreadable page address is no local network
  }
  return page === kind ? null : `${kind}-address`;
}

const notChecked = (url: string, reason: string): ProbeResult => ({ url, verdict: 'review', reason, checkedAt: new Date().toISOString() });

/**
 * Counts the probes of each page (document) and splits a request into what may go to the prober and what is
 * answered at once as not checked. Remembers the most recent pages only: a page that outlives them starts
 * afresh, which costs at most another budget.
 */
export class ProbeBudget {
  private readonly pages = new Map<string, Set<string>>();

  constructor(
    private readonly perPage = MAX_PROBES_PER_PAGE,
    private readonly pagesKept = 200,
  ) {}

  screen(pageKey: string, pageUrl: string | undefined, urls: readonly string[]): { allowed: string[]; refused: ProbeResult[] } {
    let seen = this.pages.get(pageKey);
    if (!seen) {
      seen = new Set();
      if (this.pages.size >= this.pagesKept) this.pages.delete(this.pages.keys().next().value!);
    } else this.pages.delete(pageKey);
    this.pages.set(pageKey, seen);
    const allowed: string[] = [];
    const refused: ProbeResult[] = [];
    for (const url of urls) {
      const why = targetRefusal(pageUrl, url);
      if (why) refused.push(notChecked(url, why));
      else if (seen.has(url) || seen.size < this.perPage) {
        seen.add(url);
        allowed.push(url);
      } else refused.push(notChecked(url, 'probe-limit'));
    }
    return { allowed, refused };
  }
}
