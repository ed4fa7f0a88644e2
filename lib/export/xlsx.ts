import ExcelJS from 'exceljs';
import type { Finding, RuleId } from '../findings';
import { RULE_IDS, RULE_CATALOG, VERDICT_ZH } from '../rule-catalog';
import type { RegisteredSite } from '../rule-pack/pack';
import { decided, siteVerdicts, type VerdictBasis } from '../verdict';
import { siteNamesOf } from './site-names';
import { FINDING_COLUMNS, findingRow, neutraliseFormula } from './rows';

export interface XlsxOptions {
  title?: string;
  /** Sites of the session that had no findings still get a row (they passed). */
  sites?: string[];
  /** What the verdicts count (lib/verdict.ts); default `decided`. */
  basis?: VerdictBasis;
  /** Names by host (the session's site list); the registry and the pages' titles fill the rest. */
  siteNames?: ReadonlyMap<string, string>;
  registry?: readonly RegisteredSite[];
}

/** The sheet of what nobody confirmed yet, beside the record. */
export const UNREVIEWED_SHEET = '未确认（自动检查结果）';

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
  const names = siteNamesOf(findings, { known: opts.siteNames, registry: opts.registry });
  const summary = wb.addWorksheet('汇总', { views: [{ state: 'frozen', ySplit: 1 }] });
  summary.columns = [
    { header: '站点', key: 'site', width: 26 },
    { header: '结论', key: 'verdict', width: 10 },
    { header: '否决原因', key: 'reasons', width: 50 },
    { header: basis === 'decided' ? '已确认问题' : '问题总数', key: 'total', width: 12 },
    { header: '待确认', key: 'open', width: 10 },
    ...rules.map((r) => ({ header: RULE_CATALOG[r].zh, key: r, width: 14 })),
    // Last, so the columns before keep their places for whoever reads the sheet by position.
    { header: '站点名称', key: 'name', width: 30 },
  ];
  for (const v of verdicts) {
    const row: Record<string, string | number> = {
      site: neutraliseFormula(v.site),
      verdict: VERDICT_ZH[v.verdict],
      reasons: v.reasons.join('；'),
      total: v.total,
      open: v.open,
      name: neutraliseFormula(names.get(v.site) ?? ''),
    };
    for (const r of rules) row[r] = v.counts[r as RuleId] ?? 0;
    summary.addRow(row);
  }
  styleHeader(summary);

  // Confirmed work is the record: on the decided basis 问题明细 holds what a person confirmed or accepted
  // (what the verdicts count); everything else is on its own sheet, named for what it is.
  const record = basis === 'decided' ? findings.filter(decided) : [...findings];
  findingSheet(wb, '问题明细', record);
  if (record.length < findings.length) findingSheet(wb, UNREVIEWED_SHEET, findings.filter((f) => !record.includes(f)));

  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

function findingSheet(wb: ExcelJS.Workbook, name: string, findings: readonly Finding[]): void {
  const sheet = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = FINDING_COLUMNS.map((c) => ({ header: c.title, key: c.key, width: c.width }));
  for (const f of findings) {
    const row = findingRow(f);
    const safe: Record<string, string> = {};
    for (const c of FINDING_COLUMNS) safe[c.key] = neutraliseFormula(row[c.key]);
    sheet.addRow(safe);
  }
  styleHeader(sheet);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: FINDING_COLUMNS.length } };
}

function styleHeader(ws: ExcelJS.Worksheet): void {
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = HEADER_FILL;
}
