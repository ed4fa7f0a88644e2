import type { RuleId } from './findings';

/**
 * What each rule is called and which national indicator (国办秘函〔2019〕19号 and the quarterly
 * checklist) it serves. Exports and reports use these names; the extension UI reads _locales.
 */
export interface RuleMeta {
  zh: string;
  en: string;
  /** The indicator as a quarterly notice names it. */
  indicator: string;
}

export const RULE_META: Record<RuleId, RuleMeta> = {
  'link-dead': { zh: '错链（断链）', en: 'Broken link', indicator: '链接异常' },
  'link-hidden': { zh: '暗链', en: 'Hidden link', indicator: '链接异常' },
  'link-empty': { zh: '空链', en: 'Empty link', indicator: '链接异常' },
  'link-illegal': { zh: '非法链接', en: 'Illegal link', indicator: '链接异常' },
  'emblem-outdated': { zh: '国徽未更新', en: 'Outdated national emblem', indicator: '新版国徽替换' },
  'column-blank': { zh: '空白栏目', en: 'Blank column', indicator: '空白栏目' },
  'column-stale': { zh: '栏目更新不及时', en: 'Stale column', indicator: '更新不及时' },
  'filing-missing': { zh: '备案信息缺失', en: 'Filing info missing', indicator: '备案信息准确性' },
  'filing-mismatch': { zh: '备案信息不一致', en: 'Filing info mismatch', indicator: '备案信息准确性' },
  'wording-error': { zh: '文字表述不规范', en: 'Wording error', indicator: '文字表述不规范' },
  'interaction-late': { zh: '互动回应不及时', en: 'Late reply', indicator: '互动不及时' },
  'repost-missing': { zh: '重点信息未转发', en: 'Key item not reposted', indicator: '重点推荐信息转发' },
  'account-dormant': { zh: '新媒体账号长期未更新', en: 'Dormant account', indicator: '新媒体僵尸/睡眠账号' },
};

export const SEVERITY_ZH = { veto: '单项否决', deduct: '扣分', review: '待人工核实' } as const;
export const STATUS_ZH = {
  open: '待确认',
  confirmed: '已确认',
  dismissed: '已排除',
  accepted: '审核通过',
  rejected: '审核驳回',
} as const;
