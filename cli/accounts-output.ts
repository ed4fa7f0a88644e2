import { replaceFile } from './write-report';
import ExcelJS from 'exceljs';
import { NOTICE_GROUPS } from '../lib/accounts/account';
import { ACCOUNTS_SECTION_CSS, accountsHtmlSection, addAccountSheets } from '../lib/accounts/export';
import { percent, type AccountResult, type AccountsSummary } from '../lib/accounts/summary';

/** What `--accounts` writes: the issue's shape, `{ accounts: [...], summary: {...} }`, and the check date. */
export interface AccountsReport {
  checkDate: string;
  accounts: AccountResult[];
  summary: AccountsSummary;
}

/** The summary in a few lines, for the terminal. */
export function accountsText(report: AccountsReport): string {
  const s = report.summary;
  const lines = [
    `政务新媒体检查（检查日 ${report.checkDate}）：共 ${s.total} 个账号，已判定 ${s.checked} 个，合格 ${s.passed} 个，合格率 ${percent(s.passRate)}，需人工检查 ${s.manual} 个`,
    ...NOTICE_GROUPS.map((g) => `  ${g}：${s.byPlatform[g].total} 个，合格 ${s.byPlatform[g].passed}/${s.byPlatform[g].checked}，需人工 ${s.byPlatform[g].manual}`),
  ];
  if (s.closeList.length) lines.push(`  僵尸 / 空壳：${s.closeList.map((z) => `${z.name}（${z.kind}）`).join('、')}`);
  return `${lines.join('\n')}\n`;
}

async function xlsx(report: AccountsReport): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '政府网站检查助手';
  addAccountSheets(wb, report.accounts, report.summary);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

function html(report: AccountsReport): string {
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>政务新媒体检查报告 ${report.checkDate}</title>
<style>body{font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;margin:24px;font-size:14px}${ACCOUNTS_SECTION_CSS}</style></head>
<body><h1>政务新媒体检查报告</h1><p>检查日期：${report.checkDate}</p>
${accountsHtmlSection(report.accounts, report.summary)}
</body></html>
`;
}

/** Writes the report in the format its extension names (json, xlsx, html), replacing the file at once. */
export async function writeAccountsReport(path: string, report: AccountsReport): Promise<void> {
  const data = /\.xlsx$/i.test(path) ? await xlsx(report) : /\.html?$/i.test(path) ? html(report) : `${JSON.stringify(report, null, 2)}\n`;
  await replaceFile(path, data);
}
