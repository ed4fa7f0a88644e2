import { CATEGORY_NAMES, NOTICE_GROUPS, PLATFORM_NAMES, STATUS_NAMES, noticeGroup, type AccountReason, type AccountStatus, type NoticeGroup, type Platform } from './account';

/** One account's result as reports print it (the CLI's JSON, the Excel sheet, the report section). */
export interface AccountResult {
  name: string;
  platform: string;
  unit: string;
  accountId?: string;
  url?: string;
  /** 合格 / 不合格 / 需人工检查 / 未检查 */
  verdict: string;
  reasons: string[];
  categories: AccountReason['category'][];
  lastPost: string | null;
  basis: string;
}

export interface GroupCount {
  total: number;
  /** Accounts with a verdict (合格 or 不合格); those awaiting a manual check are not in the rate yet. */
  checked: number;
  passed: number;
  manual: number;
  /** passed / checked, 0–1 rounded to 3 places; null when nothing is judged yet. */
  passRate: number | null;
}

export interface AccountsSummary extends GroupCount {
  byPlatform: Record<NoticeGroup, GroupCount>;
  /** 不合格 accounts per host unit, with their reasons. */
  failingByUnit: Array<{ unit: string; accounts: Array<{ name: string; platform: string; reasons: string[] }> }>;
  /** 僵尸 and 空壳 accounts, for the 关停整合 list. */
  closeList: Array<{ name: string; platform: string; unit: string; kind: '僵尸' | '空壳'; lastPost: string | null }>;
}

export interface JudgedAccount {
  name: string;
  platform: Platform;
  unit: string;
  accountId?: string;
  url?: string;
  status: AccountStatus;
  reasons: AccountReason[];
  lastPost?: string;
  basis?: string;
}

export function accountResult(a: JudgedAccount): AccountResult {
  return {
    name: a.name,
    platform: PLATFORM_NAMES[a.platform],
    unit: a.unit,
    ...(a.accountId ? { accountId: a.accountId } : {}),
    ...(a.url ? { url: a.url } : {}),
    verdict: STATUS_NAMES[a.status],
    reasons: a.reasons.map((r) => `${CATEGORY_NAMES[r.category]}：${r.text}`),
    categories: a.reasons.map((r) => r.category),
    lastPost: a.lastPost ?? null,
    basis: a.basis ?? '',
  };
}

function count(accounts: readonly JudgedAccount[]): GroupCount {
  const passed = accounts.filter((a) => a.status === 'pass').length;
  const checked = passed + accounts.filter((a) => a.status === 'fail').length;
  return { total: accounts.length, checked, passed, manual: accounts.filter((a) => a.status === 'manual').length, passRate: checked ? Math.round((passed / checked) * 1000) / 1000 : null };
}

/** The 政务新媒体 figures a notice gives: by platform group, pass rate, failing accounts by unit, the 僵尸 / 空壳 list. */
export function summarizeAccounts(accounts: readonly JudgedAccount[]): AccountsSummary {
  const byPlatform = Object.fromEntries(NOTICE_GROUPS.map((g) => [g, count(accounts.filter((a) => noticeGroup(a.platform) === g))])) as Record<NoticeGroup, GroupCount>;
  const units = new Map<string, AccountsSummary['failingByUnit'][number]['accounts']>();
  for (const a of accounts) {
    if (a.status !== 'fail') continue;
    const list = units.get(a.unit) ?? [];
    list.push({ name: a.name, platform: PLATFORM_NAMES[a.platform], reasons: a.reasons.map((r) => `${CATEGORY_NAMES[r.category]}：${r.text}`) });
    units.set(a.unit, list);
  }
  const closeList: AccountsSummary['closeList'] = [];
  for (const a of accounts) {
    const kind = a.reasons.some((r) => r.category === 'zombie') ? '僵尸' : a.reasons.some((r) => r.category === 'empty') ? '空壳' : null;
    if (kind) closeList.push({ name: a.name, platform: PLATFORM_NAMES[a.platform], unit: a.unit, kind, lastPost: a.lastPost ?? null });
  }
  return { ...count(accounts), byPlatform, failingByUnit: [...units].map(([unit, list]) => ({ unit, accounts: list })), closeList };
}

export const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
