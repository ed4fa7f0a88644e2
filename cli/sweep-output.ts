import ExcelJS from 'exceljs';
import { replaceFile } from './write-report';
import type { RuleId } from '../lib/findings';
import { RULE_CATALOG, VERDICT_ZH } from '../lib/rule-catalog';
import { findingsToXlsx } from '../lib/export/xlsx';
import { findingsToHtmlReport } from '../lib/export/report';
import { neutraliseFormula } from '../lib/export/rows';
import { quarterSummary, type SiteVerdict } from '../lib/verdict';
import type { SweepReport } from '../lib/sweep/report';

const TITLE = '政府网站全站检查报告';

/** The figures a quarterly notice reports, in plain text: sites, pass/fail with reasons, pass rate, per indicator. */
export function sweepSummary(report: SweepReport): string {
  const q = quarterSummary(sweepVerdicts(report));
  const lines = [
    '',
    `检查站点 ${q.sitesChecked} 个，合格 ${q.sitesPassed} 个，不合格 ${q.sitesChecked - q.sitesPassed} 个，合格率 ${(q.passRate * 100).toFixed(1)}%`,
    `(sites checked ${q.sitesChecked}, passed ${q.sitesPassed}, pass rate ${(q.passRate * 100).toFixed(1)}%)`,
    '',
    '各站点结论 (per site):',
  ];
  for (const s of report.sites) {
    const mark = s.verdict === 'pass' ? '合格  ' : '不合格';
    lines.push(`  ${mark} ${s.name}（${s.url}，${s.pages} 个页面）${s.reasons.length ? `：${s.reasons.join('；')}` : ''}`);
  }
  lines.push('', '各指标问题数 (problems per indicator):');
  const byIndicator = Object.entries(q.byIndicator).sort((a, b) => b[1] - a[1]);
  if (!byIndicator.length) lines.push('  未发现问题 (none)');
  for (const [name, n] of byIndicator) lines.push(`  ${name}  ${n}`);
  if (report.failures?.length) {
    lines.push('', `未能完整检查的页面 ${report.failures.length} 个 (pages not audited fully):`);
    for (const f of report.failures.slice(0, 50)) lines.push(`  - ${f.site} ${f.url}：${f.reason}`);
    if (report.failures.length > 50) lines.push(`  …… 另有 ${report.failures.length - 50} 个`);
  }
  if (report.notes?.length) {
    lines.push('', '检查范围说明 (bounds reached):');
    for (const n of report.notes) lines.push(`  - ${n.site}：${n.note}`);
  }
  const network = report.network ?? [];
  if (network.length) {
    // Said once for the sweep: the links were not checked, so they are in no count and no verdict above.
    const hosts = new Set(network.flatMap((n) => n.hosts));
    const links = network.reduce((n, x) => n + x.links, 0);
    const restricted = network.some((n) => n.scope === 'restricted');
    lines.push(
      '',
      `注意：${restricted ? '本机网络只能访问部分外部网站' : '本机无法访问外部网站'}，${hosts.size} 个外部网站打不开，而被检查的网站可以打开。这些网站上的 ${links} 个链接未检查，不计为错链，也不影响结论；请在能正常访问互联网的电脑上复查。`,
      `(this computer cannot reach ${hosts.size} off-site host(s): ${links} link(s) on them were not checked and are not counted as broken)`,
    );
    for (const n of network) lines.push(`  - ${n.site}：${n.links} 个链接，${n.hosts.slice(0, 20).join(', ')}${n.hosts.length > 20 ? ` 等 ${n.hosts.length} 个网站` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The sweep's own per-site verdicts (they know more than the findings: an unreachable or stale home page). */
function sweepVerdicts(report: SweepReport): SiteVerdict[] {
  return report.sites.map((s) => ({
    site: s.name,
    verdict: s.verdict,
    reasons: s.reasons,
    counts: s.counts,
    total: Object.values(s.counts).reduce((n, c) => n + (c ?? 0), 0),
    open: 0,
  }));
}

function allFindings(report: SweepReport) {
  return report.pages.flatMap((p) => p.findings);
}

function hosts(report: SweepReport): string[] {
  return report.sites.flatMap((s) => {
    try {
      return [new URL(s.url).hostname];
    } catch {
      return [];
    }
  });
}

/** The Excel export of lib/export/xlsx.ts, plus a sheet with the sweep's own per-site verdicts and bounds. */
async function sweepXlsx(report: SweepReport): Promise<Uint8Array> {
  const bytes = await findingsToXlsx(allFindings(report), { title: TITLE, sites: hosts(report), basis: 'found' });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const rules = [...new Set(report.sites.flatMap((s) => Object.keys(s.counts)))] as RuleId[];
  const sheet = wb.addWorksheet('全站检查', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '站点名称', key: 'name', width: 24 },
    { header: '首页地址', key: 'url', width: 36 },
    { header: '检查页面数', key: 'pages', width: 10 },
    { header: '结论', key: 'verdict', width: 10 },
    { header: '否决原因', key: 'reasons', width: 60 },
    ...rules.map((r) => ({ header: RULE_CATALOG[r].zh, key: r, width: 14 })),
  ];
  for (const s of report.sites) {
    const row: Record<string, string | number> = {
      name: neutraliseFormula(s.name),
      url: neutraliseFormula(s.url),
      pages: s.pages,
      verdict: VERDICT_ZH[s.verdict],
      reasons: neutraliseFormula(s.reasons.join('；')),
    };
    for (const r of rules) row[r] = s.counts[r] ?? 0;
    sheet.addRow(row);
  }
  for (const n of report.notes ?? []) sheet.addRow({ name: neutraliseFormula(n.site), reasons: neutraliseFormula(n.note) });
  for (const f of report.failures ?? []) sheet.addRow({ name: neutraliseFormula(f.site), url: neutraliseFormula(f.url), reasons: neutraliseFormula(f.reason) });
  sheet.getRow(1).font = { bold: true };
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Writes the report in the format its extension names (json, xlsx, html), replacing the file at once. */
export async function writeSweepReport(path: string, report: SweepReport): Promise<void> {
  let data: string | Uint8Array;
  if (/\.xlsx$/i.test(path)) data = await sweepXlsx(report);
  else if (/\.html?$/i.test(path)) data = findingsToHtmlReport({ title: TITLE, findings: allFindings(report), basis: 'found', verdicts: sweepVerdicts(report) });
  else data = `${JSON.stringify(report, null, 2)}\n`;
  await replaceFile(path, data);
}
