import type { Finding, RuleId } from './findings';
import { RULE_CATALOG, RULE_IDS, type VetoLine } from './rule-catalog';

/**
 * Per-site verdicts against the national veto lines (国办秘函〔2019〕19号, DOMAIN.md), on one of two
 * bases, used the same way everywhere:
 * - `found` (the headless audit and sweeps, where nobody has looked yet): every finding that still stands,
 *   i.e. not dismissed by the inspector nor rejected by the supervisor;
 * - `decided` (exports, the review page's summary and the server's: the material a notice is written
 *   from): only findings confirmed by the inspector or accepted by a supervisor. Open findings are
 *   reported beside the verdict (`open`), never counted in it.
 */

export interface SiteVerdict {
  site: string;
  verdict: 'pass' | 'fail';
  /** Why the site fails, in Chinese, one line per veto line crossed. */
  reasons: string[];
  counts: Partial<Record<RuleId, number>>;
  /** Findings counted on this basis. */
  total: number;
  /** The site's findings nobody has decided yet (status open). */
  open: number;
}

export type VerdictBasis = 'found' | 'decided';

export function standing(f: Finding): boolean {
  return f.status !== 'dismissed' && f.status !== 'rejected';
}

/** Confirmed by the inspector or accepted by a supervisor. */
export function decided(f: Finding): boolean {
  return f.status === 'confirmed' || f.status === 'accepted';
}

/** Columns are judged once per column (by title and kind), however many pages show the same column block. */
function distinctColumns(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const f of findings) seen.set(`${f.label}\u241f${String(f.detail.kind ?? '')}`, f);
  return [...seen.values()];
}

export function siteVerdict(site: string, findings: Finding[], basis: VerdictBasis = 'found'): SiteVerdict {
  const counts_ = basis === 'decided' ? decided : standing;
  const ofSite = findings.filter((f) => f.site === site);
  const live = ofSite.filter(counts_);
  const open = ofSite.filter((f) => f.status === 'open').length;
  const counts: Partial<Record<RuleId, number>> = {};
  for (const f of live) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
  const reasons: string[] = [];

  const vetoRules = new Map<RuleId, number>();
  for (const f of live) if (f.severity === 'veto') vetoRules.set(f.rule, (vetoRules.get(f.rule) ?? 0) + 1);
  for (const [rule, n] of vetoRules) reasons.push(`${RULE_CATALOG[rule].zh}：${n} 项触及单项否决`);

  for (const rule of RULE_IDS) {
    const lines = RULE_CATALOG[rule].vetoLines;
    if (!lines) continue;
    const ofRule = live.filter((f) => f.rule === rule);
    for (const line of lines) {
      const counted = distinctColumns(
        ofRule.filter((f) => (line.countsReview || f.severity !== 'review') && (!line.kinds || line.kinds.includes(String(f.detail.kind ?? '')))),
      );
      if (counted.length >= line.min) {
        reasons.push(line.explain(counted.length, line.min));
        break;
      }
    }
  }
  return { site, verdict: reasons.length ? 'fail' : 'pass', reasons, counts, total: live.length, open };
}

/** Verdicts for every site that has findings, plus `sites` that were checked and found clean. */
export function siteVerdicts(findings: Finding[], sites: Iterable<string> = [], basis: VerdictBasis = 'found'): SiteVerdict[] {
  const all = new Set<string>(sites);
  for (const f of findings) all.add(f.site);
  return [...all].sort().map((site) => siteVerdict(site, findings, basis));
}

export interface QuarterSummary {
  sitesChecked: number;
  sitesPassed: number;
  /** 0..1 */
  passRate: number;
  /** Standing findings per indicator, as a notice reports them. */
  byIndicator: Record<string, number>;
}

export function quarterSummary(verdicts: SiteVerdict[]): QuarterSummary {
  const byIndicator: Record<string, number> = {};
  for (const v of verdicts) {
    for (const [rule, n] of Object.entries(v.counts) as [RuleId, number][]) {
      const name = RULE_CATALOG[rule].indicator;
      byIndicator[name] = (byIndicator[name] ?? 0) + n;
    }
  }
  const passed = verdicts.filter((v) => v.verdict === 'pass').length;
  return { sitesChecked: verdicts.length, sitesPassed: passed, passRate: verdicts.length ? passed / verdicts.length : 0, byIndicator };
}

/** The veto line a rule's count crosses first, for reports that state the lines. */
export function vetoLine(rule: RuleId, index = 0): VetoLine {
  const line = RULE_CATALOG[rule].vetoLines?.[index];
  if (!line) throw new Error(`${rule} has no veto line ${index}`);
  return line;
}
