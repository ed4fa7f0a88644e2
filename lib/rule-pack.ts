import { z } from 'zod';
import '../lib/findings';
import defaultPackJson from '../public/rule-pack.default.json';

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
  /** Sum of signal weights from which a link is illegal. */
  illegalThreshold: z.number().positive(),
});
export type LinkPack = z.infer<typeof LinkPack>;

export const RulePack = z.object({
  /** Bumped by whoever edits the pack; a newer version replaces an older one on sync. */
  version: z.number().int().nonnegative(),
  name: z.string(),
  updatedAt: z.string(),
  links: LinkPack,
});
export type RulePack = z.infer<typeof RulePack>;

/** The pack shipped with the extension (public/rule-pack.default.json), validated once at load. */
export const DEFAULT_RULE_PACK: RulePack = RulePack.parse(defaultPackJson);
