import type { Finding, FindingDetail, RuleId, Severity } from '../findings';
import { ageInDays } from '../facts/dates';
import { FIELD_LABELS } from '../facts/filing';
import type { RepostTask } from '../rule-pack/pack';
import { findingKey } from '../page/key';
import type { PageVisit } from './visit';
import { newId } from '../uuid';

/** National veto line: a home page not updated for 2 weeks fails the site (国办秘函〔2019〕19号). */
export const HOME_MAX_AGE_DAYS = 14;

interface SiteFindingInput {
  rule: RuleId;
  severity: Severity;
  page: PageVisit;
  label: string;
  subject: string;
  detail: FindingDetail;
  message: string;
  time: string;
}

/** A finding about the site as a whole, made by the sweep; it sits on the page that shows the problem. */
function siteFinding(site: string, x: SiteFindingInput): Finding {
  return {
    id: newId(),
    key: findingKey([x.page.finalUrl, x.rule, '', `sweep:${x.subject}`]),
    rule: x.rule,
    severity: x.severity,
    status: 'open',
    pageUrl: x.page.finalUrl,
    pageTitle: x.page.title.slice(0, 1000),
    site,
    selector: '',
    snippet: '',
    label: x.label,
    detail: { ...x.detail, scope: 'site' },
    message: x.message,
    createdAt: x.time,
    updatedAt: x.time,
    version: 1,
  };
}

/**
 * The home page's last update: the newest date it shows. Older than two weeks → `veto` (the national
 * line); no date at all → `review` (an item without a visible date counts as not updated, but a person
 * should look: the dates may be in images).
 */
export function homeUpdateFinding(site: string, home: PageVisit, now: Date, time = new Date().toISOString()): Finding | null {
  if (home.outcome === 'failed' || !home.facts) return null;
  const newest = home.facts.newestDate;
  const base = { rule: 'column-stale' as const, page: home, label: '首页', subject: 'home-update', time };
  if (!newest) {
    return siteFinding(site, {
      ...base,
      severity: 'review',
      detail: { kind: 'home', newest: null, ageDays: null, limitDays: HOME_MAX_AGE_DAYS },
      message: `首页上没有找到任何日期，无法判断首页最后更新时间（首页超过 ${HOME_MAX_AGE_DAYS} 天未更新即单项否决），请人工核实`,
    });
  }
  const [y, m, d] = newest.split('-').map(Number);
  const age = ageInDays(now, new Date(y, m - 1, d));
  if (age <= HOME_MAX_AGE_DAYS) return null;
  return siteFinding(site, {
    ...base,
    severity: 'veto',
    detail: { kind: 'home', newest, ageDays: age, limitDays: HOME_MAX_AGE_DAYS },
    message: `首页 ${age} 天未更新：首页上最新的日期是 ${newest}，超过 ${HOME_MAX_AGE_DAYS} 天即单项否决`,
  });
}

type FilingKey = 'siteCode' | 'icp' | 'police';

/**
 * Filing values that differ between the site's pages (one template's footer says one 网站标识码, another's
 * says another): one `filing-mismatch` per field, on the first page showing a value other than the most
 * common one. Pages lacking the value are the per-page `filing-missing` findings' business.
 */
export function filingConsistencyFindings(site: string, visits: readonly PageVisit[], time = new Date().toISOString()): Finding[] {
  const out: Finding[] = [];
  for (const field of ['siteCode', 'icp', 'police'] as FilingKey[]) {
    const byValue = new Map<string, PageVisit[]>();
    for (const v of visits) {
      const value = v.outcome !== 'failed' ? v.facts?.filing[field] : undefined;
      if (value) byValue.set(value, [...(byValue.get(value) ?? []), v]);
    }
    if (byValue.size < 2) continue;
    // Most pages first; ties in the order the pages were swept.
    const ranked = [...byValue].sort((a, b) => b[1].length - a[1].length);
    const [common, ...others] = ranked;
    const label = FIELD_LABELS[field];
    const total = ranked.reduce((n, [, pages]) => n + pages.length, 0);
    out.push(
      siteFinding(site, {
        rule: 'filing-mismatch',
        severity: 'deduct',
        page: others[0][1][0],
        label,
        subject: `filing-pages:${field}`,
        time,
        detail: {
          field,
          problem: 'inconsistent-pages',
          found: others.map(([value]) => value).join('、'),
          expected: common[0],
          values: ranked.map(([value, pages]) => `${value}（${pages.length}/${total} 个页面）`),
          pagesOff: others.flatMap(([, pages]) => pages.map((p) => p.finalUrl)).slice(0, 10),
        },
        message: `本站各页面页脚的${label}不一致：${ranked.map(([value, pages]) => `${value}（${pages.length} 个页面）`).join('，')}；如 ${others[0][1][0].finalUrl}`,
      }),
    );
  }
  return out;
}

/**
 * The quarter's repost checklist over the whole site: an item carried by any swept page (a 专题 page, a
 * column list) is reposted, so the home page's `repost-missing` finding for it is dropped; items found
 * nowhere keep their finding, whose message then says the whole site was looked through.
 */
export function applyRepostChecklist(findings: readonly Finding[], visits: readonly PageVisit[], tasks: readonly RepostTask[]): Finding[] {
  if (!tasks.length) return [...findings];
  const carried = new Set<number>();
  for (const v of visits) for (const i of v.facts?.reposts ?? []) carried.add(i);
  const pages = visits.filter((v) => v.outcome !== 'failed').length;
  const foundTitles = new Set([...carried].map((i) => tasks[i]?.title));
  return findings.flatMap((f) => {
    if (f.rule !== 'repost-missing') return [f];
    if (foundTitles.has(f.label)) return [];
    return [
      {
        ...f,
        detail: { ...f.detail, sweepFound: carried.size, sweepTotal: tasks.length },
        message: `本站未转发本季度重点推荐信息“${f.label}”（首页和本次检查的全部 ${pages} 个页面中按标题和链接均未找到；全站已转发 ${carried.size}/${tasks.length} 项）`,
      },
    ];
  });
}
