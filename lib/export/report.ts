import type { Finding, Session } from '../findings';
import type { RegisteredSite } from '../rule-pack/pack';
import { RULE_CATALOG, SEVERITIES, SEVERITY_ZH, STATUS_ZH, VERDICT_ZH } from '../rule-catalog';
import { hostnameOf } from '../sites/match';
import { decided, quarterSummary, siteVerdicts, standing, vetoLine, type SiteVerdict, type VerdictBasis } from '../verdict';
import { formatTime } from './rows';
import { siteNamesOf, siteTitle as titleOfSite } from './site-names';

export interface ReportInput {
  title?: string;
  session?: Session;
  findings: readonly Finding[];
  /** Screenshot data: URLs by finding id. */
  screenshots?: ReadonlyMap<string, string>;
  generatedAt?: Date;
  /** Hosts to give a verdict (clean ones pass); default: the session's sites. */
  sites?: readonly string[];
  /** A site's name as the session lists it (河南省商务厅), by host. */
  siteNames?: ReadonlyMap<string, string>;
  /** The rule pack's registry: names for sites the session does not list (else the pages' own title). */
  registry?: readonly RegisteredSite[];
  /** The filter this report covers, in words; empty for the whole session. */
  scope?: string;
  /** A remark under the head, e.g. screenshots that could not be included. */
  note?: string;
  /**
   * What the verdicts count (lib/verdict.ts): `decided` (default: confirmed or accepted findings, the
   * basis of a notice) or `found` (a sweep nobody has reviewed yet: everything not dismissed/rejected).
   */
  basis?: VerdictBasis;
  /** Verdicts judged elsewhere with more than the findings (a sweep: home page unreachable, stale home page). */
  verdicts?: readonly SiteVerdict[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Page text is hostile input: everything interpolated into the report goes through here. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function safeImage(dataUrl: string | undefined): string {
  return dataUrl && /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/.test(dataUrl) ? dataUrl : '';
}

/**
 * A printable report in Chinese: per-indicator totals and per-site verdicts against the national veto
 * lines, then each finding with its screenshot. Self-contained (no scripts, no external resources), so it
 * can be opened anywhere and printed to PDF.
 */
export function findingsToHtmlReport(input: ReportInput): string {
  const findings = [...input.findings];
  const sites = input.sites ?? input.session?.sites.map((s) => hostnameOf(s.url) ?? s.name) ?? [];
  const names = siteNamesOf(findings, { known: input.siteNames, registry: input.registry });
  const siteTitle = (host: string) => titleOfSite(names, host);
  const basis = input.basis ?? 'decided';
  // Confirmed work is the record: on the decided basis the body holds only what a person confirmed or
  // accepted, the same findings the verdicts count; the machine's unreviewed output is an appendix count.
  const body = findings.filter(basis === 'decided' ? decided : standing);
  const unreviewed = basis === 'decided' ? findings.filter((f) => f.status === 'open') : [];
  const excluded = findings.filter((f) => !standing(f)).length;
  const verdicts = input.verdicts ? [...input.verdicts] : siteVerdicts(findings, sites, basis);
  const openTotal = verdicts.reduce((n, v) => n + v.open, 0);
  const summary = quarterSummary(verdicts);
  const title = input.title ?? (input.session ? `${input.session.name}${/检查$/.test(input.session.name) ? '报告' : '检查报告'}` : '政府网站检查报告');
  const generated = formatTime((input.generatedAt ?? new Date()).toISOString());
  const e = escapeHtml;

  const indicatorRows = Object.entries(summary.byIndicator)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `<tr><td>${e(name)}</td><td class="num">${n}</td></tr>`)
    .join('');
  const siteRows = verdicts
    .map(
      (v) =>
        `<tr class="${v.verdict}"><td>${e(siteTitle(v.site))}</td><td>${VERDICT_ZH[v.verdict]}</td><td class="num">${v.total}</td><td class="num">${v.open}</td><td>${e(v.reasons.join('；')) || '—'}</td></tr>`,
    )
    .join('');

  const bySite = new Map<string, Finding[]>();
  for (const f of body) bySite.set(f.site, [...(bySite.get(f.site) ?? []), f]);
  let n = 0;
  const details = [...bySite.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([site, list]) => {
      const items = list
        .map((f) => {
          n++;
          const img = safeImage(input.screenshots?.get(f.id));
          return `<article class="finding sev-${f.severity}">
<h4>${n}. ${e(RULE_CATALOG[f.rule].zh)} · <span class="sev">${e(SEVERITY_ZH[f.severity])}</span> · ${e(STATUS_ZH[f.status])}</h4>
<dl>
<dt>问题对象</dt><dd>${e(f.label) || '—'}</dd>
<dt>问题说明</dt><dd>${e(f.message)}</dd>
${f.href ? `<dt>链接地址</dt><dd class="url">${e(f.href)}</dd>` : ''}
<dt>所在页面</dt><dd>${e(f.pageTitle)}<br><span class="url">${e(f.pageUrl)}</span></dd>
<dt>发现时间</dt><dd>${e(formatTime(f.createdAt))}${f.inspector ? ` · 检查员 ${e(f.inspector)}` : ''}</dd>
${f.note ? `<dt>备注</dt><dd>${e(f.note)}</dd>` : ''}
${f.reviewComment ? `<dt>审核意见</dt><dd>${e(f.reviewComment)}</dd>` : ''}
</dl>
${img ? `<figure><img src="${img}" alt="截图取证"><figcaption>截图取证</figcaption></figure>` : ''}
</article>`;
        })
        .join('\n');
      return `<section class="site"><h3>${e(siteTitle(site))}（${list.length} 项）</h3>\n${items}</section>`;
    })
    .join('\n');

  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="generator" content="Gov Site Inspector report">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${e(title)}</title>
<style>
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;color:#1f1f1f;margin:24px auto;max-width:960px;line-height:1.6;padding:0 16px}
h1{font-size:24px;text-align:center;margin-bottom:4px}.meta{text-align:center;color:#555;margin-top:0}
h2{font-size:18px;border-left:4px solid #b71c1c;padding-left:8px;margin-top:28px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f4}.num{text-align:right}tr.fail td:nth-child(2){color:#b71c1c;font-weight:bold}tr.pass td:nth-child(2){color:#188038}
.stats{display:flex;gap:16px}.stats div{flex:1;border:1px solid #ddd;padding:8px;text-align:center}.stats b{display:block;font-size:22px}
.finding{border:1px solid #ddd;border-left:4px solid #999;padding:8px 12px;margin:10px 0;break-inside:avoid}
.sev-veto{border-left-color:#b71c1c}.sev-deduct{border-left-color:#f29900}.sev-review{border-left-color:#1a73e8}
.finding h4{margin:0 0 4px;font-size:15px}dl{display:grid;grid-template-columns:6em 1fr;margin:0;gap:2px 8px}dt{color:#555}dd{margin:0;word-break:break-all}
.url{font-family:monospace;font-size:12px;color:#444}figure{margin:8px 0 0}figure img{max-width:100%;border:1px solid #ccc}figcaption{font-size:12px;color:#555}
.note{font-size:13px;color:#555}.scope{color:#b71c1c}
.basis{border:1px solid #c6dafc;background:#f1f6fe;padding:6px 10px;font-size:14px}.appendix{break-before:page}.appendix p{font-size:14px}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}.site h3{break-after:avoid}a{color:inherit}}
@page{size:A4;margin:15mm}
</style></head><body>
<h1>${e(title)}</h1>
<p class="meta">${input.session ? `${e(input.session.quarter)} · 检查员 ${e(input.session.inspector)} · ` : ''}生成时间 ${e(generated)}</p>
${input.scope ? `<p class="meta scope">本报告仅含筛选后的问题：${e(input.scope)}</p>` : ''}
${input.note ? `<p class="meta scope" data-note>${e(input.note)}</p>` : ''}
<p class="basis" data-basis="${basis}">${
    basis === 'decided'
      ? `本报告的统计、结论和问题明细只含已确认的问题（检查员确认或审核通过），共 ${body.length} 条。${
          unreviewed.length ? `另有 ${unreviewed.length} 条自动检查发现、尚未确认的问题（待确认），不计入统计和结论，未列入正文，见附录。` : ''
        }`
      : `本报告为自动检查结果，尚未经人工确认，共 ${body.length} 条；每条都需检查员核实后才能作为检查结论。`
  }</p>
<h2>一、总体情况</h2>
<div class="stats"><div><b>${summary.sitesChecked}</b>检查站点</div><div><b>${summary.sitesPassed}</b>合格站点</div><div><b>${(summary.passRate * 100).toFixed(1)}%</b>合格率</div><div><b>${verdicts.reduce((s, v) => s + v.total, 0)}</b>问题总数</div></div>
<h2>二、问题分类统计</h2>
<table><thead><tr><th>指标</th><th class="num">问题数</th></tr></thead><tbody>${indicatorRows || '<tr><td colspan="2">未发现问题</td></tr>'}</tbody></table>
<h2>三、各站点结论</h2>
<p class="note">依据国办秘函〔2019〕19号单项否决指标：存在严重表述错误、暗链等安全问题，空白栏目 ≥${vetoLine('column-blank').min} 个，或动态要闻、通知公告、政策文件类栏目 ≥${vetoLine('column-stale').min} 个未按时更新等，即判定不合格。${
    basis === 'decided'
      ? `结论只计已确认（检查员确认或审核通过）的问题${openTotal ? `；另有 ${openTotal} 条待确认，确认后结论可能改变` : ''}。`
      : '结论按自动检查发现的问题给出（尚未人工确认），已排除和审核驳回的问题不计入。'
  }</p>
<table><thead><tr><th>站点</th><th>结论</th><th class="num">${basis === 'decided' ? '已确认问题' : '问题数'}</th><th class="num">待确认</th><th>否决原因</th></tr></thead><tbody>${siteRows || '<tr><td colspan="5">无</td></tr>'}</tbody></table>
<h2>四、问题明细${basis === 'decided' ? '（已确认）' : '（自动检查结果，未经人工确认）'}</h2>
${details || `<p>${basis === 'decided' && unreviewed.length ? '尚无已确认的问题。' : '未发现问题。'}</p>`}
${basis === 'decided' && (unreviewed.length || excluded) ? appendix(unreviewed, excluded, siteTitle) : ''}
</body></html>
`;
}

/**
 * What the machine found and nobody confirmed yet, as a count per site and severity: never listed as the
 * record (300 unreviewed items would bury the 5 that are), never counted in a verdict.
 */
function appendix(unreviewed: readonly Finding[], excluded: number, siteTitle: (host: string) => string): string {
  const e = escapeHtml;
  const bySite = new Map<string, Finding[]>();
  for (const f of unreviewed) bySite.set(f.site, [...(bySite.get(f.site) ?? []), f]);
  const rows = [...bySite.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([site, list]) =>
        `<tr><td>${e(siteTitle(site))}</td>${SEVERITIES.map((s) => `<td class="num">${list.filter((f) => f.severity === s).length}</td>`).join('')}<td class="num">${list.length}</td></tr>`,
    )
    .join('');
  return `<section class="appendix" data-unreviewed="${unreviewed.length}">
<h2>附录：未确认的自动检查结果</h2>
<p>${
    unreviewed.length
      ? `共 ${unreviewed.length} 条待确认（自动检查发现，检查员尚未确认），不是检查结论：未列入正文，不计入以上统计和各站点结论。请在检查任务页筛选“待确认”逐条核实。`
      : '没有待确认的自动检查结果。'
  }${excluded ? `另有 ${excluded} 条已排除或审核驳回，不计入。` : ''}</p>
${
  rows
    ? `<table><thead><tr><th>站点</th>${SEVERITIES.map((s) => `<th class="num">${e(SEVERITY_ZH[s])}</th>`).join('')}<th class="num">合计</th></tr></thead><tbody>${rows}</tbody></table>`
    : ''
}
</section>`;
}
