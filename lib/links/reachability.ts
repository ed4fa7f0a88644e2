import type { ProbeResult } from './types';
import type { Unscanned } from '../findings';
import { hostnameOf, withoutWww } from '../sites/match';

/**
 * Tells "this site is dead" from "this machine cannot reach it". A government office network often reaches
 * only some domains (or none outside): there every off-site link fails the same way (the name does not
 * resolve, or no connection is made) while the page's own host answers, since the page is open. Calling
 * each of those a 错链 "该网站可能已关闭" would be false; they are set aside as not checked, with the reason,
 * said once. One or two dead off-site domains beside answering ones stay what they are: 错链.
 */

/** Below the name: the name does not resolve. */
const DNS_REASONS = new Set(['dns']);
/** No HTTP answer at all: nothing listened, the connection was cut or never made, or the machine is offline. */
const CONNECT_REASONS = new Set(['connection-refused', 'connection-reset', 'timeout', 'network', 'offline']);

export type ReachFailure = 'dns' | 'connect';

/**
 * Off-site hosts failing the same way that make it this machine's network, not the sites: this many when
 * some off-site host answered (a restricted network), fewer when none did (no way outside at all).
 */
export const MIN_HOSTS_RESTRICTED = 3;
export const MIN_HOSTS_NO_OUTSIDE = 2;

export interface Reachability {
  /** How the set-aside hosts failed; both when both classes crossed the line. */
  failures: ReachFailure[];
  /** outside: no off-site host answered; restricted: some did, these did not. */
  scope: 'outside' | 'restricted';
  /** Off-site hosts whose links are set aside as not checked. */
  hosts: string[];
  /** Distinct addresses on those hosts. */
  links: number;
  /** Off-site hosts that answered (any HTTP status). */
  answered: number;
}

function failureOf(r: ProbeResult): ReachFailure | 'answered' | null {
  if (r.status !== undefined || r.verdict === 'ok' || r.verdict === 'redirected') return 'answered';
  if (DNS_REASONS.has(r.reason)) return 'dns';
  if (CONNECT_REASONS.has(r.reason)) return 'connect';
  return null;
}

/** The page's own host and its subdomains: their failures are the site's, never this machine's. */
function ownHost(host: string, pageHost: string): boolean {
  const base = withoutWww(pageHost);
  return host === pageHost || host === base || host.endsWith(`.${base}`);
}

/** What the probe results of one page say about this machine's network; null when nothing points at it. */
export function assessReachability(pageUrl: string, results: Iterable<ProbeResult>): Reachability | null {
  const pageHost = hostnameOf(pageUrl);
  if (!pageHost) return null;
  const byHost = new Map<string, { seen: Set<ReachFailure | 'answered' | null>; urls: Set<string> }>();
  for (const r of results) {
    const host = hostnameOf(r.url);
    if (!host || ownHost(host, pageHost)) continue;
    let entry = byHost.get(host);
    if (!entry) byHost.set(host, (entry = { seen: new Set(), urls: new Set() }));
    entry.seen.add(failureOf(r));
    entry.urls.add(r.url);
  }
  let answered = 0;
  const failing: Record<ReachFailure, string[]> = { dns: [], connect: [] };
  for (const [host, { seen }] of byHost) {
    if (seen.has('answered')) answered++;
    // A host counts only when every address on it failed the same way: one 404 means it answers.
    else if (seen.size === 1 && (seen.has('dns') || seen.has('connect'))) failing[[...seen][0] as ReachFailure].push(host);
  }
  const min = answered ? MIN_HOSTS_RESTRICTED : MIN_HOSTS_NO_OUTSIDE;
  const failures = (['dns', 'connect'] as const).filter((f) => failing[f].length >= min);
  if (!failures.length) return null;
  const hosts = failures.flatMap((f) => failing[f]).sort();
  const links = hosts.reduce((n, h) => n + byHost.get(h)!.urls.size, 0);
  return { failures, scope: answered ? 'restricted' : 'outside', hosts, links, answered };
}

const FAILURE_ZH: Record<ReachFailure, string> = { dns: '域名均无法解析', connect: '均无法建立连接' };

/** The notice, in plain Chinese: what happened, what it means for the findings, what to do. */
export function reachabilityReason(r: Reachability): string {
  const how = r.failures.map((f) => FAILURE_ZH[f]).join('或');
  const lead =
    r.scope === 'outside'
      ? `本机无法访问外部网站：本页链接的 ${r.hosts.length} 个外部网站${how}，而本站可以打开`
      : `本机网络只能访问部分外部网站：${r.hosts.length} 个外部网站${how}，另有 ${r.answered} 个可以打开`;
  return `${lead}。这些网站上的 ${r.links} 个链接未检查，不计为错链；请在能正常访问互联网的电脑上复查。`;
}

/** The one not-scanned entry a page gets for it: the hosts in `where`, the figures in `network`. */
export function reachabilityUnscanned(r: Reachability): Unscanned {
  let where = '';
  for (const h of r.hosts) {
    const next = where ? `${where}, ${h}` : h;
    if (next.length > 1990) {
      where += ' …';
      break;
    }
    where = next;
  }
  return {
    kind: 'unreachable-hosts',
    where,
    reason: reachabilityReason(r),
    network: { failures: r.failures, scope: r.scope, hosts: r.hosts.length, links: r.links, answered: r.answered },
  };
}

/** Whether a link's target is on a host set aside (the link is not checked, so no finding). */
export function onSetAsideHost(url: string, hosts: ReadonlySet<string>): boolean {
  const host = hostnameOf(url);
  return host !== undefined && hosts.has(host);
}
