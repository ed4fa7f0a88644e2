import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true });
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * The platforms a registry (全国政务新媒体信息报送系统) lists. Notices count four groups (see `noticeGroup`);
 * the finer platform decides which page reader applies.
 */
export const PLATFORMS = ['wechat', 'weibo', 'douyin', 'toutiao', 'kuaishou', 'baijiahao', 'bilibili', 'rmh', 'app', 'other'] as const;
export const Platform = z.enum(PLATFORMS);
export type Platform = z.infer<typeof Platform>;

export const PLATFORM_NAMES: Record<Platform, string> = {
  wechat: '微信公众号',
  weibo: '新浪微博',
  douyin: '抖音',
  toutiao: '今日头条',
  kuaishou: '快手',
  baijiahao: '百家号',
  bilibili: '哔哩哔哩',
  rmh: '人民号',
  app: '移动客户端',
  other: '其他',
};

/** The four columns a notice counts accounts by (Jinan 2025 Q2: 176 / 26 / 3 / 70). */
export const NOTICE_GROUPS = ['微信公众号', '新浪微博', '移动客户端', '其他'] as const;
export type NoticeGroup = (typeof NOTICE_GROUPS)[number];

export function noticeGroup(platform: Platform): NoticeGroup {
  if (platform === 'wechat') return '微信公众号';
  if (platform === 'weibo') return '新浪微博';
  if (platform === 'app') return '移动客户端';
  return '其他';
}

/** Why an account fails or needs a person; each is its own category in the report. */
export const REASON_CATEGORIES = ['dormant', 'zombie', 'empty', 'link-invalid', 'mismatch', 'interaction', 'needs-manual'] as const;
export const ReasonCategory = z.enum(REASON_CATEGORIES);
export type ReasonCategory = z.infer<typeof ReasonCategory>;

export const CATEGORY_NAMES: Record<ReasonCategory, string> = {
  dormant: '更新不及时（睡眠）',
  zombie: '僵尸账号（关停整合）',
  empty: '空壳账号',
  'link-invalid': '账号链接无效',
  mismatch: '备案信息不一致',
  interaction: '互动回应差',
  'needs-manual': '需人工检查',
};

export const AccountReason = z.object({ category: ReasonCategory, text: z.string().max(2000) });
export type AccountReason = z.infer<typeof AccountReason>;

/** 未检查 / 合格 / 不合格 / 需人工检查 */
export const AccountStatus = z.enum(['unchecked', 'pass', 'fail', 'manual']);
export type AccountStatus = z.infer<typeof AccountStatus>;

export const STATUS_NAMES: Record<AccountStatus, string> = { unchecked: '未检查', pass: '合格', fail: '不合格', manual: '需人工检查' };

/**
 * What an account's page showed, read by the extension's content script (lib/accounts/reader.ts): the
 * same reading whether the inspector opened the page or the CLI did.
 */
export const AccountReading = z.object({
  /** The address the page ended on (after redirects). */
  url: z.string().max(4096),
  title: z.string().max(1000),
  /** The platform the page's host belongs to, or null for a host the reader does not know. */
  platform: Platform.nullable(),
  /**
   * account: the page is an account's page or post; gone: the platform's "closed / not found" page;
   * login: the platform wants a login first; client: only the WeChat client or an app shows it;
   * unknown: nothing the reader recognises.
   */
  state: z.enum(['account', 'gone', 'login', 'client', 'unknown']),
  /** The platform's own words on a gone/login/client page, quoted as the basis. */
  said: z.string().max(500).optional(),
  accountName: z.string().max(200).optional(),
  accountId: z.string().max(200).optional(),
  /** Newest post date the page shows (YYYY-MM-DD). */
  lastPost: isoDay.optional(),
  /** feed: a profile's posts (its newest is the account's latest); article: one post's page. */
  basis: z.enum(['feed', 'article']).optional(),
  /** Posts the page lists; 0 with a profile that says so is 空壳. */
  posts: z.number().int().nonnegative().optional(),
  /** HTTP status of the page, when the one who opened it knows it (the CLI does, a content script does not). */
  status: z.number().int().optional(),
  readAt: isoTime,
});
export type AccountReading = z.infer<typeof AccountReading>;

/** What the inspector saw where no desktop browser can look (WeChat history, an app): recorded by hand. */
export const ManualReading = z.object({
  /** Latest post date seen on the phone. */
  lastPost: isoDay.optional(),
  /** Nothing ever posted, as seen on the phone. */
  empty: z.boolean().optional(),
  note: z.string().max(2000).optional(),
  evidenceId: z.uuid().optional(),
  recordedAt: isoTime,
});
export type ManualReading = z.infer<typeof ManualReading>;

/** One new-media account of a session's registry list, with its verdict. */
export const Account = z.object({
  id: z.uuid(),
  sessionId: z.string().max(100),
  /** Row in the imported list: keeps the registry's order. */
  row: z.number().int().nonnegative(),
  name: z.string().min(1).max(200),
  platform: Platform,
  unit: z.string().max(200),
  accountId: z.string().max(200).optional(),
  url: z.string().max(2048).optional(),
  status: AccountStatus,
  reasons: z.array(AccountReason),
  lastPost: isoDay.optional(),
  /** How the verdict was reached, in words (the page read, the manual record). */
  basis: z.string().max(1000).optional(),
  reading: AccountReading.optional(),
  manual: ManualReading.optional(),
  /** 互动回应差: a manual finding (留言无回应), kept apart from what pages show. */
  interaction: z.string().max(2000).optional(),
  /** Screenshots of the account (page captures, phone screenshots). */
  evidenceIds: z.array(z.uuid()),
  checkedAt: isoTime.optional(),
  inspector: z.string().max(100).optional(),
  reviewStatus: z.enum(['pending', 'accepted', 'rejected']).optional(),
  updatedAt: isoTime,
  version: z.number().int().nonnegative(),
});
export type Account = z.infer<typeof Account>;

/** An account as the list gives it, before it joins a session. */
export const AccountEntry = Account.pick({ name: true, platform: true, unit: true, accountId: true, url: true });
export type AccountEntry = z.infer<typeof AccountEntry>;

/** Per-tab session key (lib/store/session-area.ts): the account whose registry link the sessions page opened in this tab. */
export const ACCOUNT_TAB_KEY = 'accountTab';

/** Asks a tab's content script what the account page it shows says (lib/accounts/reader.ts). */
export const ACCOUNT_READING_MESSAGE = 'account-reading';
