import ExcelJS from 'exceljs';
import type { Finding, RuleId } from '../findings';
import { RULE_IDS, RULE_CATALOG, VERDICT_ZH } from '../rule-catalog';
import { siteVerdicts, type VerdictBasis } from '../verdict';
import { FINDING_COLUMNS, findingRow, neutraliseFormula } from './rows';

export interface XlsxOptions {
  title?: string;
  /** Sites of the session that had no findings still get a row (they passed). */
  sites?: string[];
  /** What the verdicts count (lib/verdict.ts); default `decided`. */
  basis?: VerdictBasis;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };

/**
 * A workbook with a summary sheet (one row per site: verdict, reasons, counts per rule) and a findings
 * sheet (one row per finding). Cells are written as strings/numbers, never formulas.
 */
export async function findingsToXlsx(findings: readonly Finding[], opts: XlsxOptions = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '政府网站检查助手';
  wb.created = new Date();

  const basis = opts.basis ?? 'decided';
  const verdicts = siteVerdicts([...findings], opts.sites, basis);
  const rules = RULE_IDS.filter((r) => findings.some((f) => f.rule === r));
  const summary = wb.addWorksheet('汇总', { views: [{ state: 'frozen', ySplit: 1 }] });
  summary.columns = [
    { header: '站点', key: 'site', width: 26 },
    { header: '结论', key: 'verdict', width: 10 },
    { header: '否决原因', key: 'reasons', width: 50 },
    { header: basis === 'decided' ? '已确认问题' : '问题总数', key: 'total', width: 12 },
    { header: '待确认', key: 'open', width: 10 },
    ...rules.map((r) => ({ header: RULE_CATALOG[r].zh, key: r, width: 14 })),
  ];
  for (const v of verdicts) {
    const row: Record<string, string | number> = {
      site: neutraliseFormula(v.site),
      verdict: VERDICT_ZH[v.verdict],
      reasons: v.reasons.join('；'),
      total: v.total,
      open: v.open,
    };
    for (const r of rules) row[r] = v.counts[r as RuleId] ?? 0;
    summary.addRow(row);
  }
  styleHeader(summary);

  const sheet = wb.addWorksheet('问题明细', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = FINDING_COLUMNS.map((c) => ({ header: c.title, key: c.key, width: c.width }));
  for (const f of findings) {
    const row = findingRow(f);
    const safe: Record<string, string> = {};
    for (const c of FINDING_COLUMNS) safe[c.key] = neutraliseFormula(row[c.key]);
    sheet.addRow(safe);
  }
  styleHeader(sheet);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: FINDING_COLUMNS.length } };

  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

function styleHeader(ws: ExcelJS.Worksheet): void {
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = HEADER_FILL;
}
