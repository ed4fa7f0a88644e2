import { z } from 'zod';
import { Finding, RuleId, type Unscanned } from '../findings';
import type { RepostTask } from '../rule-pack/pack';
import { siteVerdict } from '../verdict';
import { hostnameOf } from '../sites/match';
import type { CrawlLimits, CrawlResult } from './crawl';
import { dedupeSiteFindings } from './dedupe';
import { applyRepostChecklist, filingConsistencyFindings, homeUpdateFinding } from './judge';

/** One site of a sweep, as the JSON report gives it (issue 6). */
export const SweepSite = z.object({
  name: z.string(),
  url: z.string(),
  /** Pages scanned (fully or partly). */
  pages: z.number().int().nonnegative(),
  verdict: z.enum(['pass', 'fail']),
  /** Why the site fails, one line per veto line crossed; empty when it passes. */
  reasons: z.array(z.string()),
  /** Standing findings per rule after site-wide repeats are folded. */
  counts: z.partialRecord(RuleId, z.number().int()),
});
export type SweepSite = z.infer<typeof SweepSite>;

export const SweepPage = z.object({ url: z.string(), title: z.string(), findings: z.array(Finding) });
export type SweepPage = z.infer<typeof SweepPage>;

/** A page that could not be opened or scanned fully; the sweep went on without it. */
export const SweepFailure = z.object({ site: z.string(), url: z.string(), reason: z.string() });
/** A bound the sweep reached (page or depth limit, redirects into pages already swept). */
export const SweepNote = z.object({ site: z.string(), note: z.string() });

/**
 * Off-site hosts this machine could not reach from a site's pages (lib/links/reachability.ts): their links
 * were not checked and count nowhere; the summary says so once.
 */
export const SweepNetwork = z.object({
  site: z.string(),
  scope: z.enum(['outside', 'restricted']),
  hosts: z.array(z.string()),
  /** Links set aside, summed over the site's pages. */
  links: z.number().int().nonnegative(),
});
export type SweepNetwork = z.infer<typeof SweepNetwork>;

export const SweepReport = z.object({
  sites: z.array(SweepSite),
  pages: z.array(SweepPage),
  failures: z.array(SweepFailure).optional(),
  notes: z.array(SweepNote).optional(),
  network: z.array(SweepNetwork).optional(),
});
export type SweepReport = z.infer<typeof SweepReport>;

export interface SiteEntry {
  name: string;
  url: string;
}

export interface JudgeOptions {
  now: Date;
  reposts: readonly RepostTask[];
  limits: CrawlLimits;
}

export interface JudgedSite {
  site: SweepSite;
  pages: SweepPage[];
  failures: z.infer<typeof SweepFailure>[];
  notes: z.infer<typeof SweepNote>[];
  network?: SweepNetwork;
}

function hostOf(url: string): string {
  return hostnameOf(url) ?? url;
}

/**
 * A site's verdict from its crawl: page findings with site-wide repeats folded (lib/sweep/dedupe.ts), the
 * site-level judgements (home page's last update, filing values across pages, the repost checklist over
 * all pages) added, and the veto lines of lib/verdict.ts applied to the whole.
 */
export function judgeSite(entry: SiteEntry, crawl: CrawlResult, opts: JudgeOptions): JudgedSite {
  const host = hostOf(entry.url);
  const scanned = crawl.visits.filter((v) => v.outcome !== 'failed');
  const perPage = dedupeSiteFindings(scanned);
  const time = new Date().toISOString();

  const home = crawl.visits[0];
  const homeFinding = home ? homeUpdateFinding(host, home, opts.now, time) : null;
  const extra = [...(homeFinding ? [homeFinding] : []), ...filingConsistencyFindings(host, scanned, time)];
  // Repost findings of items found elsewhere on the site are dropped; the others are reworded.
  const adjusted = new Map(applyRepostChecklist(perPage.flat(), scanned, opts.reposts).map((f) => [f.id, f]));

  const pages: SweepPage[] = scanned.map((v, i) => ({
    url: v.finalUrl,
    title: v.title,
    findings: [
      ...perPage[i].flatMap((f) => adjusted.get(f.id) ?? []),
      ...extra.filter((f) => f.pageUrl === v.finalUrl),
    ],
  }));
  // Site-level findings about a page that is not in the list (cannot happen today) would be lost: attach to home.
  const placed = new Set(pages.flatMap((p) => p.findings.map((f) => f.id)));
  const stray = extra.filter((f) => !placed.has(f.id));
  if (stray.length && pages[0]) pages[0].findings.push(...stray);

  const all = pages.flatMap((p) => p.findings).map((f) => ({ ...f, site: host }));
  const counted = siteVerdict(host, all);
  const homeVeto = homeFinding?.severity === 'veto' ? homeFinding : null;
  const reasons = [
    ...(home && home.outcome === 'failed' ? [`首页无法打开，未能检查：${home.reason ?? '原因不明'}`] : []),
    ...(homeVeto ? [`首页 ${String(homeVeto.detail.ageDays)} 天未更新（最新 ${String(homeVeto.detail.newest)}，超过 ${String(homeVeto.detail.limitDays)} 天即单项否决）`] : []),
    ...siteVerdict(host, homeVeto ? all.filter((f) => f.id !== homeVeto.id) : all).reasons,
  ];

  const failures = crawl.visits
    .filter((v) => v.outcome !== 'ok')
    .map((v) => ({ site: entry.name, url: v.url, reason: v.reason ?? (v.outcome === 'failed' ? '页面无法打开' : '结果不完整') }));
  const notes: z.infer<typeof SweepNote>[] = [];
  if (crawl.overLimit) notes.push({ site: entry.name, note: `已达每站 ${opts.limits.maxPages} 个页面的上限，另有 ${crawl.overLimit} 个本站链接未打开` });
  if (crawl.overDepth) notes.push({ site: entry.name, note: `已达 ${opts.limits.depth} 层链接深度的上限，另有 ${crawl.overDepth} 个更深的本站链接未打开` });
  if (crawl.duplicates) notes.push({ site: entry.name, note: `${crawl.duplicates} 个链接跳转到已检查的页面或本站以外，未重复计入` });

  const network = networkOf(entry.name, scanned.flatMap((v) => v.unscanned));
  return {
    site: { name: entry.name, url: entry.url, pages: scanned.length, verdict: reasons.length ? 'fail' : 'pass', reasons, counts: counted.counts },
    pages,
    failures,
    notes,
    ...(network ? { network } : {}),
  };
}

/** The whole report from the sites' judgements, in the order of the sites list. */
export function sweepReport(judged: readonly JudgedSite[]): SweepReport {
  const failures = judged.flatMap((j) => j.failures);
  const notes = judged.flatMap((j) => j.notes);
  const network = judged.flatMap((j) => (j.network ? [j.network] : []));
  return SweepReport.parse({
    ...(network.length ? { network } : {}),
    sites: judged.map((j) => j.site),
    pages: judged.flatMap((j) => j.pages),
    ...(failures.length ? { failures } : {}),
    ...(notes.length ? { notes } : {}),
  });
}

/** The pages' network notices folded into one per site: the union of hosts, the links summed. */
function networkOf(site: string, unscanned: readonly Unscanned[]): SweepNetwork | undefined {
  const hits = unscanned.filter((u) => u.kind === 'unreachable-hosts');
  if (!hits.length) return undefined;
  const hosts = new Set(hits.flatMap((u) => u.where.split(', ').filter((h) => h && h !== '…')));
  return {
    site,
    scope: hits.some((u) => u.network?.scope === 'restricted') ? 'restricted' : 'outside',
    hosts: [...hosts].sort(),
    links: hits.reduce((n, u) => n + (u.network?.links ?? 0), 0),
  };
}

/** The site's network notice in one line, as the sweep panel lists it beside the bounds reached. */
export function sweepNetworkNote(n: SweepNetwork): string {
  const lead = n.scope === 'restricted' ? '本机网络只能访问部分外部网站' : '本机无法访问外部网站';
  return `${lead}：${n.hosts.length} 个外部网站打不开，其上 ${n.links} 个链接未检查，不计为错链，也不影响结论；请在能正常访问互联网的电脑上复查`;
}
