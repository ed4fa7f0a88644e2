import { z } from 'zod';
import '../findings';
import { isSiteCode, normalizeIcp, policeNumber } from '../facts/filing';
import defaultPackJson from '../../public/rule-pack.default.json';

/**
 * The team's configuration as data: thresholds, word lists, emblem references, the site registry and the
 * quarter's repost tasks. One JSON document, versioned; the options page imports/exports it and the sync
 * server distributes it (a newer `version` replaces an older one).
 */

/** A weighted spam word: several signals together make a link illegal, never one word alone. */
export const SpamWord = z.object({
  word: z.string().min(1),
  category: z.enum(['gambling', 'porn', 'fraud', 'illicit']),
  weight: z.number().min(0).max(10),
});
export type SpamWord = z.infer<typeof SpamWord>;

export const LinkPack = z.object({
  /** Host suffixes of government and party organs: a link there is never spam (gov.cn, 政府.cn, …). */
  governmentSuffixes: z.array(z.string()),
  /** Off-site hosts government pages legitimately link to (filing registries, badges, big portals). */
  trustedHosts: z.array(z.string()),
  /** Known gambling, porn, fraud and phishing hosts; a subdomain of a listed host matches too. */
  blockedHosts: z.array(z.string()),
  spamWords: z.array(SpamWord),
  /** Top-level domains that add weight to other signals (never decide alone). */
  suspiciousTlds: z.array(z.string()),
  /** What a suspicious top-level domain adds to a link's score. */
  suspiciousTldWeight: z.number().min(0).max(10).default(2),
  /**
   * Words that mark a text as reporting on spam rather than being spam (打击, 整治, 警惕 …): in such a text
   * the spam words do not count, so a headline "严厉打击网络赌博" is not a gambling link. URL and host still count.
   */
  newsContextWords: z.array(z.string()).default([]),
  /** Sum of signal weights from which a link is illegal. */
  illegalThreshold: z.number().positive(),
  /**
   * Tokens inside host names that spam sites carry (bet, 8888, 365, pinyin initials such as qp for 棋牌):
   * a token of three or more characters counts anywhere in a label, a shorter one only as a whole piece
   * between dots, hyphens and digits. They add weight, never decide alone.
   */
  hostTokens: z.array(z.object({ token: z.string().min(1), category: SpamWord.shape.category, weight: z.number().min(0).max(10) })).default([]),
  /** What being hidden from visitors adds to an off-site link's score (非法链接). */
  hiddenWeight: z.number().min(0).max(10).default(2),
  /** Words of the text block around a link that count at this share of their weight (the paragraph a bare URL sits in). */
  blockTextShare: z.number().min(0).max(1).default(1),
  /**
   * Words of a vendor's credit (Produced By, 技术支持): a short hidden block carrying one, around a single
   * off-site link without spam signals, is the page's own, not a hidden link.
   */
  creditWords: z.array(z.string().min(1)).default([]),
});
export type LinkPack = z.infer<typeof LinkPack>;

/** A kind of column, recognised by words in its title, with how old its newest item may be. */
export const ColumnKind = z.object({
  kind: z.string().min(1),
  /** Title words that mark this kind (要闻, 动态, 通知公告 …); the first kind that matches wins. */
  titleWords: z.array(z.string().min(1)),
  maxAgeDays: z.number().int().positive(),
});
export type ColumnKind = z.infer<typeof ColumnKind>;

export const ColumnPack = z.object({
  /** Texts that stand in for content in an empty column (暂无信息, 栏目建设中 …). */
  placeholders: z.array(z.string().min(1)),
  kinds: z.array(ColumnKind),
  /** Limit for columns whose title matches no kind; null: such columns are not judged stale. */
  defaultMaxAgeDays: z.number().int().positive().nullable(),
});
export type ColumnPack = z.infer<typeof ColumnPack>;

export const WordingEntry = z.object({
  wrong: z.string().min(1),
  correct: z.string(),
  category: z.enum(['country-organ', 'fixed-phrase', 'taiwan', 'title', 'agency', 'other']),
  severity: z.enum(['veto', 'deduct', 'review']),
  /** Text around a match that makes it acceptable (e.g. a historical context). */
  allowedContexts: z.array(z.string()).default([]),
  note: z.string().optional(),
});
export type WordingEntry = z.infer<typeof WordingEntry>;

export const InteractionPack = z.object({
  /** A valid message unanswered longer than this is a veto (national line: 3 months). */
  unansweredVetoDays: z.number().int().positive(),
  /** A shorter, local limit: unanswered past it is a deduction. */
  unansweredWarnDays: z.number().int().positive(),
  /** Answered, but later than this after submission: a deduction. */
  lateReplyDays: z.number().int().positive(),
});
export type InteractionPack = z.infer<typeof InteractionPack>;

/** A reference drawing of the national emblem, supplied by a supervisor (the official download). */
export const EmblemReference = z.object({
  id: z.string().min(1),
  label: z.enum(['current', 'outdated']),
  name: z.string(),
  /** Fingerprint of the decoded image (lib/emblem): perceptual hash and colour profile. */
  fingerprint: z.object({ hash: z.string().regex(/^[0-9a-f]+$/), colors: z.array(z.number()) }),
  /** A small data: URL of the image, to show beside the page's image when a person must decide. */
  preview: z.string().optional(),
  addedAt: z.string().optional(),
});
export type EmblemReference = z.infer<typeof EmblemReference>;

export const EmblemPack = z.object({
  references: z.array(EmblemReference),
  /** Largest hash distance (bits of 64) still counted as the same drawing. */
  maxDistance: z.number().int().nonnegative(),
  /**
   * Largest colour difference (CIE76 ΔE of the mean red or the mean gold) still counted as the same drawing:
   * resizing and compression move it by 2–5, a recolour to another specification by much more.
   */
  maxColorDistance: z.number().nonnegative().default(8),
});
export type EmblemPack = z.infer<typeof EmblemPack>;

/** A site as registered in the national registry (全国政府网站信息报送系统). */
export const RegisteredSite = z.object({
  name: z.string().min(1),
  /** Host names of the site; a page belongs to the site when its host equals or ends with one. */
  domains: z.array(z.string().min(1)).min(1),
  siteCode: z.string().refine(isSiteCode, '网站标识码应为10位数字（以6位行政区划代码开头）或 bm+8位数字').optional(),
  /** e.g. 粤ICP备2022092331号-1; without the -N suffix it matches any of the filing's sites. */
  icp: z.string().refine((v) => normalizeIcp(v) !== undefined, 'ICP备案号应为 省份简称+ICP备+数字+号（如 京ICP备19054529号）').optional(),
  /** The police filing number, with or without its prefix: 粤公网安备 44010602000929号 or 44010602000929. */
  police: z.string().refine((v) => policeNumber(v) !== undefined, '公网安备号应含14位数字').optional(),
  /** Whether the 党政机关 badge is expected (true for party and government organs). */
  conacBadge: z.boolean().optional(),
});
export type RegisteredSite = z.infer<typeof RegisteredSite>;

export const RepostTask = z.object({
  title: z.string().min(1),
  url: z.string().optional(),
  /** Since when sites should carry it. */
  since: z.string().optional(),
});
export type RepostTask = z.infer<typeof RepostTask>;

export const RulePack = z.object({
  /** Bumped by whoever edits the pack; a newer version replaces an older one on sync. */
  version: z.number().int().nonnegative(),
  name: z.string(),
  updatedAt: z.string(),
  links: LinkPack,
  columns: ColumnPack,
  wording: z.array(WordingEntry),
  interaction: InteractionPack,
  emblem: EmblemPack,
  sites: z.array(RegisteredSite),
  reposts: z.array(RepostTask),
  /** New-media accounts: no post within this many days of the check date is dormant. */
  accountDormantDays: z.number().int().positive(),
  /** New-media accounts: no post for more than this many calendar months is 僵尸 (listed for 关停整合). */
  accountZombieMonths: z.number().int().positive().default(3),
});
export type RulePack = z.infer<typeof RulePack>;
export type RulePackInput = z.input<typeof RulePack>;

/** The pack shipped with the extension (public/rule-pack.default.json), validated once at load. */
export const DEFAULT_RULE_PACK: RulePack = RulePack.parse(defaultPackJson);
