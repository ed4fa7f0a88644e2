import type { Finding } from '../findings';
import { RULE_CATALOG, SEVERITY_ZH, STATUS_ZH } from '../rule-catalog';

/** The columns of a findings table, as CSV and the Excel findings sheet show them. */
export const FINDING_COLUMNS = [
  { key: 'site', title: '站点', width: 22 },
  { key: 'indicator', title: '指标', width: 16 },
  { key: 'rule', title: '问题类型', width: 16 },
  { key: 'severity', title: '严重程度', width: 12 },
  { key: 'status', title: '状态', width: 10 },
  { key: 'label', title: '问题对象', width: 30 },
  { key: 'message', title: '问题说明', width: 48 },
  { key: 'href', title: '链接地址', width: 40 },
  { key: 'pageTitle', title: '页面标题', width: 30 },
  { key: 'pageUrl', title: '页面地址', width: 40 },
  { key: 'selector', title: '元素位置', width: 30 },
  { key: 'inspector', title: '检查员', width: 10 },
  { key: 'createdAt', title: '发现时间', width: 20 },
  { key: 'note', title: '检查员备注', width: 30 },
  { key: 'reviewComment', title: '审核意见', width: 30 },
  { key: 'ruleId', title: '规则编号', width: 16 },
  { key: 'id', title: '编号', width: 38 },
] as const;

export type FindingRow = Record<(typeof FINDING_COLUMNS)[number]['key'], string>;

/** Local date-time as inspectors write it (2025-06-30 14:05), in China Standard Time. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const cst = new Date(d.getTime() + 8 * 3600_000);
  return cst.toISOString().slice(0, 16).replace('T', ' ');
}

export function findingRow(f: Finding): FindingRow {
  return {
    site: f.site,
    indicator: RULE_CATALOG[f.rule].indicator,
    rule: RULE_CATALOG[f.rule].zh,
    severity: SEVERITY_ZH[f.severity],
    status: STATUS_ZH[f.status],
    label: f.label,
    message: f.message,
    href: f.href ?? '',
    pageTitle: f.pageTitle,
    pageUrl: f.pageUrl,
    selector: f.selector,
    inspector: f.inspector ?? '',
    createdAt: formatTime(f.createdAt),
    note: f.note ?? '',
    reviewComment: f.reviewComment ?? '',
    ruleId: f.rule,
    id: f.id,
  };
}

/**
 * Spreadsheet programs run a cell that starts with = + - @ (or a tab/CR) as a formula: page text is
 * hostile input, so such cells get a leading apostrophe (OWASP "CSV injection").
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
