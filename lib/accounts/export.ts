import type ExcelJS from 'exceljs';
import { neutraliseFormula } from '../export/rows';
import { NOTICE_GROUPS } from './account';
import { percent, type AccountResult, type AccountsSummary } from './summary';

const cell = (v: string) => neutraliseFormula(v);

/** The 政务新媒体 sheets of a workbook: every account with its verdict, and the notice's figures. */
export function addAccountSheets(wb: ExcelJS.Workbook, accounts: readonly AccountResult[], summary: AccountsSummary): void {
  const sheet = wb.addWorksheet('政务新媒体');
  sheet.columns = [
    { header: '账号名称', key: 'name', width: 22 },
    { header: '平台', key: 'platform', width: 12 },
    { header: '主办单位', key: 'unit', width: 24 },
    { header: '账号ID', key: 'accountId', width: 14 },
    { header: '链接', key: 'url', width: 40 },
    { header: '结论', key: 'verdict', width: 12 },
    { header: '最新发布', key: 'lastPost', width: 12 },
    { header: '原因', key: 'reasons', width: 70 },
    { header: '依据', key: 'basis', width: 50 },
  ];
  for (const a of accounts) {
    sheet.addRow({ name: cell(a.name), platform: a.platform, unit: cell(a.unit), accountId: cell(a.accountId ?? ''), url: cell(a.url ?? ''), verdict: a.verdict, lastPost: a.lastPost ?? '', reasons: cell(a.reasons.join('\n')), basis: cell(a.basis) });
  }
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn('reasons').alignment = { wrapText: true, vertical: 'top' };

  const sum = wb.addWorksheet('政务新媒体汇总');
  sum.columns = [
    { header: '平台', key: 'group', width: 14 },
    { header: '账号数', key: 'total', width: 10 },
    { header: '已判定', key: 'checked', width: 10 },
    { header: '合格', key: 'passed', width: 10 },
    { header: '需人工检查', key: 'manual', width: 12 },
    { header: '合格率', key: 'rate', width: 10 },
  ];
  for (const g of NOTICE_GROUPS) {
    const c = summary.byPlatform[g];
    sum.addRow({ group: g, total: c.total, checked: c.checked, passed: c.passed, manual: c.manual, rate: percent(c.passRate) });
  }
  sum.addRow({ group: '合计', total: summary.total, checked: summary.checked, passed: summary.passed, manual: summary.manual, rate: percent(summary.passRate) });
  sum.getRow(1).font = { bold: true };
  sum.getRow(NOTICE_GROUPS.length + 2).font = { bold: true };
  sum.addRow({});
  sum.addRow({ group: '僵尸 / 空壳账号（关停整合）' }).font = { bold: true };
  for (const z of summary.closeList) sum.addRow({ group: z.kind, total: cell(z.name), checked: z.platform, passed: cell(z.unit), manual: z.lastPost ?? '' });
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The 政务新媒体 section of a printable report: figures by platform, failing accounts by unit, the 僵尸 / 空壳 list. */
export function accountsHtmlSection(accounts: readonly AccountResult[], summary: AccountsSummary): string {
  const rows = NOTICE_GROUPS.map((g) => {
    const c = summary.byPlatform[g];
    return `<tr><th scope="row">${g}</th><td>${c.total}</td><td>${c.checked}</td><td>${c.passed}</td><td>${c.manual}</td><td>${percent(c.passRate)}</td></tr>`;
  }).join('');
  const units = summary.failingByUnit
    .map((u) => `<li><strong>${esc(u.unit)}</strong><ul>${u.accounts.map((a) => `<li>${esc(a.name)}（${a.platform}）：${a.reasons.map(esc).join('；')}</li>`).join('')}</ul></li>`)
    .join('');
  const close = summary.closeList.map((z) => `<tr><td>${z.kind}</td><td>${esc(z.name)}</td><td>${z.platform}</td><td>${esc(z.unit)}</td><td>${z.lastPost ?? '—'}</td></tr>`).join('');
  const manual = accounts.filter((a) => a.verdict === '需人工检查');
  return `<section class="accounts-section" id="accounts">
<h2>政务新媒体 <span class="sub">New-media accounts</span></h2>
<p>共 ${summary.total} 个账号，已判定 ${summary.checked} 个，合格 ${summary.passed} 个，合格率 ${percent(summary.passRate)}；需人工检查 ${summary.manual} 个（不计入合格率）。</p>
<table class="accounts-summary"><thead><tr><th>平台</th><th>账号数</th><th>已判定</th><th>合格</th><th>需人工检查</th><th>合格率</th></tr></thead>
<tbody>${rows}<tr class="total"><th scope="row">合计</th><td>${summary.total}</td><td>${summary.checked}</td><td>${summary.passed}</td><td>${summary.manual}</td><td>${percent(summary.passRate)}</td></tr></tbody></table>
<h3>不合格账号（按主办单位）</h3>
${units ? `<ul class="failing-units">${units}</ul>` : '<p>无</p>'}
<h3>僵尸 / 空壳账号（建议关停整合）</h3>
${close ? `<table class="close-list"><thead><tr><th>类别</th><th>账号</th><th>平台</th><th>主办单位</th><th>最新发布</th></tr></thead><tbody>${close}</tbody></table>` : '<p>无</p>'}
${manual.length ? `<h3>需人工检查</h3><ul class="manual-list">${manual.map((a) => `<li>${esc(a.name)}（${a.platform}，${esc(a.unit)}）：${a.reasons.map(esc).join('；')}</li>`).join('')}</ul>` : ''}
</section>`;
}

export const ACCOUNTS_SECTION_CSS = `
.accounts-section table { border-collapse: collapse; margin: 8px 0 16px; }
.accounts-section th, .accounts-section td { border: 1px solid #999; padding: 4px 8px; text-align: left; vertical-align: top; }
.accounts-section thead th { background: #eee; }
.accounts-section tr.total { font-weight: bold; }
.accounts-section .sub { font-size: 60%; color: #666; font-weight: normal; }
.accounts-section li { margin: 2px 0; }
`;
