/**
 * What each rule is, in one record: its names, the national indicator it serves (国办秘函〔2019〕19号 and
 * the quarterly checklist), its outline colour, how a sweep folds its site-wide
 * repeats and the veto lines that count its findings across a site. Every consumer (the Finding schema,
 * the overlay and popup, verdicts, sweeps, exports, the CLI table) reads this record; the extension UI
 * reads the names from _locales (`rule_<id>_name`, `rule_<id>_desc`). Adding a rule touches its file in
 * rules/, its record here, both locales and docs/rules.md; tests/unit/rules/registry.test.ts says which is
 * missing.
 */

export const SEVERITIES = ['veto', 'deduct', 'review'] as const;
export type SeverityId = (typeof SEVERITIES)[number];

/**
 * How a sweep recognises the same problem on several pages of one site (lib/sweep/dedupe.ts):
 * - `column`: the column's title and kind (its block on the home page and its own list page);
 * - `filing`: the field and what is wrong with it, wherever the footer sits;
 * - `link`: the target and the link text (the same bad link in the shared menu);
 * - `label`: the subject alone (a task either reposted on the site or not);
 * - `element`: the element (selector), its subject and message.
 */
export type SiteKeyKind = 'column' | 'filing' | 'link' | 'label' | 'element';

/** A line that fails a site when this many distinct findings of the rule (by title and kind) stand. */
export interface VetoLine {
  min: number;
  /** Only findings whose `detail.kind` is one of these count. */
  kinds?: readonly string[];
  /** Whether findings a person still has to judge (severity review) count towards the line. */
  countsReview: boolean;
  /** Why the site fails, in Chinese. */
  explain(count: number, min: number): string;
}

export interface RuleRecord {
  zh: string;
  en: string;
  /** The indicator as a quarterly notice names it. */
  indicator: string;
  /**
   * Outline and swatch colour. At least 3:1 against white (WCAG non-text contrast) and told apart from
   * every other rule's colour by normal, deuteranope and protanope eyes: tests/unit/overlay/colors.test.ts
   * holds the lines (CIEDE2000 on simulated colour-blind vision).
   */
  color: string;
  siteKey: SiteKeyKind;
  /**
   * Veto lines over counts, checked in order; the first one crossed is the site's reason. Without them only
   * the rule's veto-severity findings fail a site.
   */
  vetoLines?: readonly VetoLine[];
}

const catalog = {
  'link-dead': { zh: '错链（断链）', en: 'Broken link', indicator: '链接异常', color: '#cc0000', siteKey: 'link' },
  'link-hidden': { zh: '暗链', en: 'Hidden link', indicator: '链接异常', color: '#5533ff', siteKey: 'link' },
  'link-empty': { zh: '空链', en: 'Empty link', indicator: '链接异常', color: '#998866', siteKey: 'element' },
  'link-illegal': { zh: '非法链接', en: 'Illegal link', indicator: '链接异常', color: '#001100', siteKey: 'link' },
  'emblem-outdated': { zh: '国徽未更新', en: 'Outdated national emblem', indicator: '新版国徽替换', color: '#991177', siteKey: 'element' },
  'column-blank': {
    zh: '空白栏目',
    en: 'Blank column',
    indicator: '空白栏目',
    color: '#2288ee',
   
    siteKey: 'column',
    vetoLines: [{ min: 5, countsReview: true, explain: (n, min) => `空白栏目 ${n} 个（≥${min} 个即单项否决）` }],
  },
  'column-stale': {
    zh: '栏目更新不及时',
    en: 'Stale column',
    indicator: '更新不及时',
    color: '#339999',
   
    siteKey: 'column',
    vetoLines: [
      { min: 5, kinds: ['news', 'notice-policy'], countsReview: false, explain: (n, min) => `动态要闻、通知公告、政策文件类栏目 ${n} 个未按时更新（≥${min} 个即单项否决）` },
      { min: 10, countsReview: false, explain: (n, min) => `${n} 个栏目未按时更新（≥${min} 个即单项否决）` },
    ],
  },
  'filing-missing': { zh: '备案信息缺失', en: 'Filing info missing', indicator: '备案信息准确性', color: '#552200', siteKey: 'filing' },
  'filing-mismatch': { zh: '备案信息不一致', en: 'Filing info mismatch', indicator: '备案信息准确性', color: '#779900', siteKey: 'filing' },
  'wording-error': { zh: '文字表述不规范', en: 'Wording error', indicator: '文字表述不规范', color: '#ee5599', siteKey: 'element' },
  'interaction-late': { zh: '互动回应不及时', en: 'Late reply', indicator: '互动不及时', color: '#007744', siteKey: 'element' },
  'repost-missing': { zh: '重点信息未转发', en: 'Key item not reposted', indicator: '重点推荐信息转发', color: '#002244', siteKey: 'label' },
  'account-dormant': { zh: '新媒体账号长期未更新', en: 'Dormant account', indicator: '新媒体僵尸/睡眠账号', color: '#555555', siteKey: 'element' },
} as const satisfies Record<string, RuleRecord>;

export type RuleId = keyof typeof catalog;

export const RULE_CATALOG: Readonly<Record<RuleId, RuleRecord>> = catalog;

/** Every rule id the product knows, in the order lists and legends show them. */
export const RULE_IDS = Object.keys(catalog) as [RuleId, ...RuleId[]];

/**
 * The product's vocabulary, one source per term; the locales carry the same words under the keys listed in
 * VOCABULARY_KEYS, and tests/unit/vocabulary.test.ts holds both to it. Three families, kept apart on purpose:
 * - severity: what the machine concluded. `review` is the machine saying it cannot decide (需人工判断), a
 *   word no decision uses;
 * - status: the inspector's decision (待确认/已确认/已排除) and the supervisor's (审核通过/审核驳回);
 * - verdict: a site against the veto lines, 合格/不合格 (单项否决 is a severity, never a site's verdict).
 */
export const SEVERITY_ZH = { veto: '单项否决', deduct: '扣分', review: '需人工判断' } as const;
export const SEVERITY_EN = { veto: 'Veto', deduct: 'Deduction', review: 'Judgement needed' } as const;
export const STATUS_ZH = {
  open: '待确认',
  confirmed: '已确认',
  dismissed: '已排除',
  accepted: '审核通过',
  rejected: '审核驳回',
} as const;
export const STATUS_EN = { open: 'Open', confirmed: 'Confirmed', dismissed: 'Dismissed', accepted: 'Accepted', rejected: 'Rejected' } as const;
export const VERDICT_ZH = { pass: '合格', fail: '不合格' } as const;
export const VERDICT_EN = { pass: 'Pass', fail: 'Fail' } as const;

/** Every locale key that shows a term by itself: each must read exactly the term, in both locales. */
export const VOCABULARY_KEYS = {
  severity: {
    veto: ['severity_veto'],
    deduct: ['severity_deduct'],
    review: ['severity_review'],
  },
  status: {
    open: ['pop_status_open', 'sessions_status_open', 'review_status_open', 'sessions_col_open', 'review_still_open'],
    confirmed: ['pop_status_confirmed', 'sessions_status_confirmed', 'review_status_confirmed'],
    dismissed: ['pop_status_dismissed', 'sessions_status_dismissed', 'review_status_dismissed'],
    accepted: ['pop_status_accepted', 'sessions_status_accepted', 'review_status_accepted'],
    rejected: ['pop_status_rejected', 'sessions_status_rejected', 'review_status_rejected'],
  },
  verdict: {
    pass: ['sweepPass', 'review_pass', 'accounts_status_pass'],
    fail: ['sweepFail', 'review_fail', 'accounts_status_fail'],
  },
} as const;

/** Buttons worded as the status they give (审核通过): the Chinese is the term, the English a verb. */
export const VOCABULARY_ACTION_KEYS = { status: { accepted: ['review_accept'] } } as const;

/** The words of each family, by family, in Chinese and English. */
export const VOCABULARY = {
  severity: { zh: SEVERITY_ZH, en: SEVERITY_EN },
  status: { zh: STATUS_ZH, en: STATUS_EN },
  verdict: { zh: VERDICT_ZH, en: VERDICT_EN },
} as const;
