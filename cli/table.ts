import stringWidth from 'string-width';
import { type AuditReport, type Finding, type PageReport, type Unscanned } from '../lib/findings';
import { RULE_IDS, RULE_CATALOG, SEVERITY_ZH } from '../lib/rule-catalog';

/** Widest label shown in the findings table; longer ones are cut with an ellipsis. */
const LABEL_COLUMNS = 28;

const SEVERITY_ORDER = { veto: 0, deduct: 1, review: 2 } as const;

const UNSCANNED_ZH: Record<Unscanned['kind'], string> = {
  'cross-origin-frame': '跨域框架',
  'closed-shadow-root': '封闭的 Shadow DOM',
  'time-limit': '超时',
  'node-limit': '元素过多',
  'rule-error': '规则出错',
  'unreachable-hosts': '本机无法访问的网站',
};

const SEVERITY_EN = { veto: 'Veto', deduct: 'Deduct', review: 'Judge' } as const;
const SEVERITY_KEYS = ['veto', 'deduct', 'review'] as const;

/**
 * Page text as one printable line: control characters (including ESC, so a page cannot send escape
 * sequences to the inspector's terminal) become spaces, runs of whitespace collapse.
 */
export function printable(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Cut `text` to at most `columns` terminal columns (CJK characters take two), ending with … when cut. */
export function fitWidth(text: string, columns: number): string {
  if (stringWidth(text) <= columns) return text;
  let out = '';
  let width = 0;
  for (const ch of text) {
    const w = stringWidth(ch);
    if (width + w > columns - 1) break;
    out += ch;
    width += w;
  }
  return `${out}…`;
}

/** Pad `text` with spaces to `columns` terminal columns. */
export function padTo(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - stringWidth(text)));
}

function rows(cells: string[][], indent: string): string[] {
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => stringWidth(row[i]))));
  // The last column is not padded: no trailing spaces, and long messages are not cut.
  return cells.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : padTo(cell, widths[i]))).join('  '));
}

function ruleName(rule: Finding['rule']): string {
  return RULE_CATALOG[rule].zh;
}

function pageBlock(page: PageReport, index: number, total: number): string[] {
  const lines = [`━━ 页面 ${index + 1}/${total}：${printable(page.title) || '（无标题）'}`, `   ${printable(page.url)}`];
  const findings = [...page.findings].sort(
    (a, b) => RULE_IDS.indexOf(a.rule) - RULE_IDS.indexOf(b.rule) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
  if (findings.length === 0) {
    lines.push('   未发现问题 (no findings)');
  } else {
    // One column per severity: 错链 counts only the dead links (扣分), not those a person has to judge.
    const bySeverity = (of: Finding[]) => SEVERITY_KEYS.map((s) => String(of.filter((f) => f.severity === s).length));
    const counts = RULE_IDS.flatMap((rule) => {
      const of = findings.filter((f) => f.rule === rule);
      return of.length ? [[ruleName(rule), ...bySeverity(of)]] : [];
    });
    const head = ['规则 Rule', ...SEVERITY_KEYS.map((s) => `${SEVERITY_ZH[s]} ${SEVERITY_EN[s]}`)];
    lines.push('', ...rows([head, ...counts, ['合计 Total', ...bySeverity(findings)]], '   '));
    lines.push(
      '',
      ...rows(
        [
          ['规则 Rule', '严重程度 Severity', '对象 Subject', '说明 Message'],
          ...findings.map((f) => [ruleName(f.rule), SEVERITY_ZH[f.severity], fitWidth(printable(f.label), LABEL_COLUMNS) || '—', printable(f.message)]),
        ],
        '   ',
      ),
    );
  }
  if (page.unscanned?.length) {
    lines.push('', '   未能检查的部分 (not scanned):');
    for (const u of page.unscanned) {
      // The network notice is said once, at the end: here only what it took from this page.
      if (u.kind === 'unreachable-hosts') lines.push(`   - ${UNSCANNED_ZH[u.kind]}：本页 ${u.network?.links ?? '若干'} 个链接未检查，不计为错链（见末尾说明）`);
      else lines.push(`   - ${UNSCANNED_ZH[u.kind]}：${printable(u.reason)}${u.where ? `（${printable(u.where)}）` : ''}`);
    }
  }
  return lines;
}

/** The audit as a readable table: per page, counts by rule, then each finding; then pages that failed. */
export function formatTable(report: AuditReport): string {
  const blocks = report.pages.map((page, i) => pageBlock(page, i, report.pages.length).join('\n'));
  const failures = report.failures ?? [];
  if (failures.length) {
    blocks.push(['━━ 无法打开的页面 (pages that could not be opened)', ...failures.map((f) => `   - ${printable(f.url)}：${printable(f.reason)}`)].join('\n'));
  }
  const notice = networkNotice(report.pages);
  if (notice) blocks.push(notice);
  const findings = report.pages.reduce((n, p) => n + p.findings.length, 0);
  const summary =
    `共检查 ${report.pages.length} 个页面，发现 ${findings} 个问题${failures.length ? `，${failures.length} 个页面无法打开` : ''}。` +
    ` (${report.pages.length} page(s), ${findings} finding(s)${failures.length ? `, ${failures.length} could not be opened` : ''})`;
  return [...blocks, summary].join('\n\n') + '\n';
}

/**
 * This machine's network kept links from being checked (lib/links/reachability.ts): said once for the
 * whole run, plainly, with the hosts, before the summary line.
 */
export function networkNotice(pages: readonly PageReport[]): string | null {
  const hits = pages.flatMap((p) => (p.unscanned ?? []).filter((u) => u.kind === 'unreachable-hosts'));
  if (!hits.length) return null;
  const hosts = new Set(hits.flatMap((u) => u.where.split(', ').filter((h) => h && h !== '…')));
  const links = hits.reduce((n, u) => n + (u.network?.links ?? 0), 0);
  const restricted = hits.some((u) => u.network?.scope === 'restricted');
  const lead =
    hits.length === 1
      ? printable(hits[0].reason)
      : `${restricted ? '本机网络只能访问部分外部网站' : '本机无法访问外部网站'}：${hits.length} 个页面上共 ${hosts.size} 个外部网站打不开，而被检查的网站可以打开。` +
        `这些网站上的 ${links} 个链接未检查，不计为错链；请在能正常访问互联网的电脑上复查。`;
  return [
    '━━ 注意：本机网络无法访问外部网站 (this computer cannot reach outside sites)',
    `   ${lead}`,
    `   Links to ${hosts.size} off-site host(s) were not checked and are not counted as broken links: re-check them with normal internet access.`,
    `   未检查的网站 (hosts not checked)：${[...hosts].sort().join(', ')}`,
  ].join('\n');
}
