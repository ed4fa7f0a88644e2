import type { Finding, FindingStatus, RuleId, Severity } from '../findings';
import { RULE_CATALOG, SEVERITY_ZH, STATUS_ZH } from '../rule-catalog';

/** A view of a session's findings: each field left empty shows everything. */
export interface FindingFilter {
  site?: string;
  rule?: RuleId;
  severity?: Severity;
  status?: FindingStatus;
}

export function isFiltered(filter: FindingFilter): boolean {
  return !!(filter.site || filter.rule || filter.severity || filter.status);
}

export function filterFindings(findings: readonly Finding[], filter: FindingFilter): Finding[] {
  if (!isFiltered(filter)) return [...findings];
  return findings.filter(
    (f) =>
      (!filter.site || f.site === filter.site) &&
      (!filter.rule || f.rule === filter.rule) &&
      (!filter.severity || f.severity === filter.severity) &&
      (!filter.status || f.status === filter.status),
  );
}

/** The filter in words, for exported files (站点 a.gov.cn；问题类型 空白栏目), or '' for the whole session. */
export function describeFilter(filter: FindingFilter): string {
  const parts: string[] = [];
  if (filter.site) parts.push(`站点 ${filter.site}`);
  if (filter.rule) parts.push(`问题类型 ${RULE_CATALOG[filter.rule].zh}`);
  if (filter.severity) parts.push(`严重程度 ${SEVERITY_ZH[filter.severity]}`);
  if (filter.status) parts.push(`状态 ${STATUS_ZH[filter.status]}`);
  return parts.join('；');
}
