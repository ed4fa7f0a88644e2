import { type Finding, type RuleId, type Severity } from '../findings';
import { RULE_CATALOG, RULE_IDS } from '../rule-catalog';
import type { Translate } from '../i18n';
import type { ScanState } from '../messages';

/** Where a finding ended up on the page. */
export type Placement = 'boxed' | 'hidden' | 'missing' | 'page';

export interface LegendRow {
  rule: RuleId;
  color: string;
  /**
   * Findings the machine is sure of (veto, deduct): 错链 counts only 错链. Those a person still has to
   * judge (severity review: a link that timed out, an emblem without a reference) are in `review`.
   */
  count: number;
  review: number;
  bySeverity: Partial<Record<Severity, number>>;
}

export interface LegendModel {
  total: number;
  /** Rules with findings, in the registry's order. */
  rows: LegendRow[];
  /** Findings without an element (a missing footer field, a stale column page-wide). */
  pageLevel: Finding[];
  /** Findings whose element is on the page but cannot be seen. */
  hidden: Finding[];
  /** Findings whose element the page no longer has. */
  missing: Finding[];
}

/** Counts per rule and the findings the outlines cannot show; `placement` may still be partial while measuring. */
export function legendModel(findings: readonly Finding[], placement: (f: Finding) => Placement | undefined): LegendModel {
  const rows = new Map<RuleId, LegendRow>();
  const pageLevel: Finding[] = [];
  const hidden: Finding[] = [];
  const missing: Finding[] = [];
  for (const f of findings) {
    let row = rows.get(f.rule);
    if (!row) rows.set(f.rule, (row = { rule: f.rule, color: RULE_CATALOG[f.rule].color, count: 0, review: 0, bySeverity: {} }));
    if (f.severity === 'review') row.review++;
    else row.count++;
    row.bySeverity[f.severity] = (row.bySeverity[f.severity] ?? 0) + 1;
    if (!f.selector) {
      pageLevel.push(f);
      continue;
    }
    const where = placement(f);
    if (where === 'hidden') hidden.push(f);
    else if (where === 'missing') missing.push(f);
  }
  return {
    total: findings.length,
    rows: RULE_IDS.flatMap((id) => (rows.has(id) ? [rows.get(id)!] : [])),
    pageLevel,
    hidden,
    missing,
  };
}

/** 扫描中 / 检测链接 x/y / 完成, as the legend and the popup say it. */
export function phaseText(t: Translate, state: Pick<ScanState, 'phase' | 'linksProbed' | 'linksTotal'>): string {
  switch (state.phase) {
    case 'idle':
      return t('phase_idle');
    case 'scanning':
      return t('phase_scanning');
    case 'probing':
      return t('phase_probing', state.linksProbed, state.linksTotal);
    case 'done':
      return t('phase_done');
  }
}
