import { z } from 'zod';
import { Finding, FindingStatus, RuleId, Severity } from '../findings';

/** Request and response bodies of the API (server/API.md); the Finding itself is the one from lib/. */

export const MAX_BATCH = 500;
export const MAX_PULL = 1000;

export const Role = z.enum(['inspector', 'supervisor', 'admin']);

/** User names end up in Finding.inspector (max 100): letters (Chinese included), digits, . _ -. */
export const UserName = z.string().regex(/^[\p{L}\p{N}._-]{1,100}$/u, '用户名只能包含文字、数字和 . _ -，最长 100 个字符');

/**
 * Versions are stored as 32-bit integers (PostgreSQL `integer`). A new finding is stored at its pushed
 * version + 1, so a pushed version must leave room for that; a larger one could not be stored (PostgreSQL)
 * or would come back above the safe-integer range and break every later pull (SQLite).
 */
export const MAX_VERSION = 2 ** 31 - 1;

/** PostgreSQL text columns cannot hold U+0000; a string that is copied into a column or compared with one is refused it on both databases. */
const columnText = (max: number) => z.string().max(max).refine((s) => !s.includes('\0'), '不能包含 NUL 字符 (must not contain U+0000)');

/** A finding as pushed: the shared Finding, narrowed where the server stores a field in its own column. */
const PushedFinding = Finding.extend({
  site: columnText(255),
  version: z.number().int().nonnegative().max(MAX_VERSION - 1),
});

export const PushRequest = z.object({ findings: z.array(PushedFinding).min(1).max(MAX_BATCH) });

export const ConflictReason = z.enum(['stale-version', 'unknown-version', 'reviewed']);
export const Conflict = z.object({ reason: ConflictReason, finding: Finding });
export type Conflict = z.infer<typeof Conflict>;

/**
 * A pushed finding the server will not take as it is, named by its place in the batch (`findings.<i>`,
 * like a validation issue's path) and id; the rest of the batch is stored. The client keeps it in its
 * outbox with the reason, so one such record never holds back the others.
 */
export const RefusalCode = z.enum(['not-owner', 'invalid-status', 'duplicate-id']);
export const Refusal = z.object({
  path: z.string().regex(/^findings\.\d+$/),
  id: z.string(),
  code: RefusalCode,
  message: z.string(),
});
export type Refusal = z.infer<typeof Refusal>;

export const PushResponse = z.object({ stored: z.array(Finding), conflicts: z.array(Conflict), refused: z.array(Refusal).default([]) });
export type PushResponse = z.infer<typeof PushResponse>;
/** POST /api/reviews: every item is stored or a conflict (an unknown id refuses the whole batch). */
export const ReviewResponse = z.object({ stored: z.array(Finding), conflicts: z.array(Conflict) });
export type ReviewResponse = z.infer<typeof ReviewResponse>;

export const ReviewDecision = z.enum(['accepted', 'rejected']);
export const MAX_REVIEW_COMMENT = 4000;
export const ReviewItem = z.object({
  id: z.uuid(),
  /** The version of the finding the supervisor saw. */
  version: z.number().int().nonnegative(),
  decision: ReviewDecision,
  comment: z.string().max(MAX_REVIEW_COMMENT).optional(),
});
export type ReviewItem = z.infer<typeof ReviewItem>;
export const ReviewRequest = z.object({ reviews: z.array(ReviewItem).min(1).max(MAX_BATCH) });

/** `YYYY-MM-DD` (a day in China Standard Time, +08:00) or an ISO date-time with offset → epoch ms. */
const DateParam = z.union([
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
  z.iso.date().transform((s) => Date.parse(`${s}T00:00:00+08:00`)),
]);

export const PullQuery = z.strictObject({
  since: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL).default(200),
  site: z.array(columnText(255)).default([]),
  rule: z.array(RuleId).default([]),
  severity: z.array(Severity).default([]),
  inspector: z.array(columnText(100)).default([]),
  status: z.array(FindingStatus).default([]),
  /** createdAt ≥ from */
  from: DateParam.optional(),
  /** createdAt < to */
  to: DateParam.optional(),
});
export type PullQuery = z.infer<typeof PullQuery>;

export const PullResponse = z.object({ findings: z.array(Finding), next: z.string() });

export const EvidenceId = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, '证据编号只能包含字母、数字和 . _ -');
export const EvidenceMime = z.enum(['image/png', 'image/jpeg', 'image/webp']);
export const EvidenceInfo = z.object({
  id: EvidenceId,
  owner: z.string(),
  mime: EvidenceMime,
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.iso.datetime({ offset: true }),
});
export type EvidenceInfo = z.infer<typeof EvidenceInfo>;

export const Me = z.object({ name: z.string(), role: Role });

export const NewUser = z.object({ name: UserName, role: Role });
export const UserInfo = z.object({
  name: z.string(),
  role: Role,
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export const UserList = z.object({ users: z.array(UserInfo) });
export const UserCreated = z.object({ name: z.string(), role: Role, token: z.string() });

export const Health = z.object({ ok: z.literal(true), database: z.enum(['sqlite', 'postgres']) });

export const SummaryQuery = z.strictObject({
  from: DateParam.optional(),
  to: DateParam.optional(),
  /** Sites that were checked and may have no findings at all (a clean site leaves no trace here). */
  site: z.array(z.string().max(255)).max(2000).default([]),
});
export type SummaryQuery = z.infer<typeof SummaryQuery>;

export const SiteSummary = z.object({
  site: z.string(),
  verdict: z.enum(['pass', 'fail']),
  reasons: z.array(z.string()),
  counts: z.partialRecord(RuleId, z.number().int().nonnegative()),
  /** Confirmed or accepted findings. */
  total: z.number().int().nonnegative(),
  /** Findings still open: not yet confirmed, dismissed or reviewed. */
  open: z.number().int().nonnegative(),
});

export const SummaryResponse = z.object({
  sitesChecked: z.number().int().nonnegative(),
  sitesPassed: z.number().int().nonnegative(),
  passRate: z.number().min(0).max(1),
  byIndicator: z.record(z.string(), z.number().int().nonnegative()),
  sites: z.array(SiteSummary),
});
export type SummaryResponse = z.infer<typeof SummaryResponse>;
