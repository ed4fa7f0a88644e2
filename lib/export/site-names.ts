import type { Finding, Session } from '../findings';
import type { RegisteredSite } from '../rule-pack/pack';
import { findSite } from '../sites/match';
import { siteHost } from '../store/sessions';

/**
 * What a report or workbook calls a site, by host: the name the session's site list gives it, else the
 * rule pack's registry (全国政府网站信息报送系统), else the site's own name as its pages title themselves
 * (the shallowest page's title, the home page when it was checked). A bare host only when none is known.
 */
export function siteNamesOf(
  findings: readonly Finding[],
  sources: { session?: Session; registry?: readonly RegisteredSite[]; known?: ReadonlyMap<string, string> } = {},
): Map<string, string> {
  const out = new Map<string, string>();
  const hosts = new Set(findings.map((f) => f.site));
  for (const site of sources.session?.sites ?? []) {
    const host = siteHost(site.url);
    for (const h of [host, `www.${host}`]) if (hosts.has(h) || h === host) out.set(h, site.name);
  }
  for (const [host, name] of sources.known ?? []) if (!out.has(host) && name && name !== host) out.set(host, name);
  for (const host of hosts) {
    if (out.has(host)) continue;
    const registered = sources.registry ? findSite(sources.registry, host) : undefined;
    if (registered) {
      out.set(host, registered.name);
      continue;
    }
    const title = pageTitleOf(findings.filter((f) => f.site === host));
    if (title) out.set(host, title);
  }
  return out;
}

/** The title of the site's shallowest page among the findings (fewest path segments, then shortest address). */
function pageTitleOf(findings: readonly Finding[]): string | undefined {
  const depth = (url: string) => {
    try {
      return new URL(url).pathname.split('/').filter(Boolean).length;
    } catch {
      return 99;
    }
  };
  const titled = findings.filter((f) => f.pageTitle.trim());
  titled.sort((a, b) => depth(a.pageUrl) - depth(b.pageUrl) || a.pageUrl.length - b.pageUrl.length);
  const title = titled[0]?.pageTitle.trim().replace(/\s+/g, ' ');
  return title ? title.slice(0, 80) : undefined;
}

/** `河南省商务厅（www.hncom.gov.cn）`, or the host when no name is known. */
export function siteTitle(names: ReadonlyMap<string, string>, host: string): string {
  const name = names.get(host);
  return name && name !== host ? `${name}（${host}）` : host;
}
