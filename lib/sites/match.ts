import type { RegisteredSite } from '../rule-pack/pack';

/**
 * A registry domain as a bare lower-case host. Supervisors paste what the national registry shows
 * (`http://www.sc.gov.cn/`, `www.gz.gov.cn`, `教育部.政务`), so scheme, path and port are dropped and
 * Chinese domain names are turned into the punycode form `URL.hostname` gives for the page.
 */
export function normalizeHost(domain: string): string {
  // Hosts from URL.hostname are already in this form: skip the parse for them (20,000 links on a page).
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(domain)) return domain;
  // Rule-pack host lists may write `*.example.com` or `.example.com` for "this domain and below".
  const trimmed = domain.trim().toLowerCase().replace(/^\*\./, '').replace(/^\./, '');
  if (!trimmed) return '';
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(trimmed) ? trimmed : `http://${trimmed}`);
    return url.hostname.replace(/\.$/, '');
  } catch {
    return trimmed.replace(/[/:].*$/, '');
  }
}

// `www.` is the same site to inspectors: the registry may list gz.gov.cn while pages are on www.gz.gov.cn.
export function withoutWww(host: string): string {
  return host.startsWith('www.') ? host.slice(4) : host;
}

/** A URL's host, or undefined when it is not a URL. */
export function hostnameOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/**
 * The item a page host belongs to: the host equals one of the item's domains or is a subdomain of one
 * (`www.` ignored on both sides). When several match (a city portal and one of its departments on a
 * subdomain), the most specific (longest) domain wins.
 */
export function findByDomain<T>(items: readonly T[], domainsOf: (item: T) => readonly string[], host: string): T | undefined {
  const page = withoutWww(normalizeHost(host));
  if (!page) return undefined;
  let best: { item: T; length: number } | undefined;
  for (const item of items) {
    for (const domain of domainsOf(item)) {
      const d = withoutWww(normalizeHost(domain));
      if (!d) continue;
      if ((page === d || page.endsWith(`.${d}`)) && (!best || d.length > best.length)) best = { item, length: d.length };
    }
  }
  return best?.item;
}

/** The registered site a page host belongs to (see findByDomain). */
export function findSite(sites: readonly RegisteredSite[], host: string): RegisteredSite | undefined {
  return findByDomain(sites, (site) => site.domains, host);
}
