import { z } from 'zod';
import { RULE_IDS, SEVERITIES } from './rule-catalog';

// MV3 extension pages forbid eval; zod's JIT object parser uses `new Function`.
z.config({ jitless: true });

export const RuleId = z.enum(RULE_IDS);
export type RuleId = z.infer<typeof RuleId>;

/** veto: fails the site on its own (单项否决); deduct: costs points; review: a person must look. */
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** open/confirmed/dismissed belong to the inspector; accepted/rejected to the supervisor. */
export const FindingStatus = z.enum(['open', 'confirmed', 'dismissed', 'accepted', 'rejected']);
export type FindingStatus = z.infer<typeof FindingStatus>;

/** Rule-specific facts, kept flat and JSON-safe so every exporter and the server can carry them. */
export const FindingDetail = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]),
);
export type FindingDetail = z.infer<typeof FindingDetail>;

const isoDate = z.iso.datetime({ offset: true });

/**
 * An http(s) address: what a finding's page must be. The review and sessions pages open it in a tab; a
 * `javascript:`, `data:` or `file:` address from an imported file or another client must never get there.
 */
export function isWebUrl(s: string): boolean {
  try {
    const { protocol } = new URL(s);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export const Finding = z.object({
  /** Client-generated UUID. */
  id: z.uuid(),
  /**
   * Stable identity of (page, rule, element, subject): a rescan of the same page produces the same key,
   * so stores merge instead of duplicating and keep the inspector's decisions.
   */
  key: z.string().max(200),
  rule: RuleId,
  severity: Severity,
  status: FindingStatus,
  /** The page the finding was made on: an http(s) address. */
  pageUrl: z.string().max(4096).refine(isWebUrl, '页面地址须为 http:// 或 https:// 网址 (pageUrl must be an http(s) URL)'),
  pageTitle: z.string().max(1000),
  /** The site the page belongs to: its origin's host (the registry may map several hosts to one site). */
  site: z.string().max(255),
  /** A CSS selector that re-finds the element; empty for page-level findings. */
  selector: z.string().max(2000),
  /** Short outer-HTML excerpt of the element, as text (never rendered as markup). */
  snippet: z.string().max(1000),
  /** The human subject: link text, column title, missing field, wrong phrase, message title. */
  label: z.string().max(500),
  href: z.string().max(4096).optional(),
  detail: FindingDetail,
  /** The reason in Chinese, for inspectors. */
  message: z.string().max(2000),
  createdAt: isoDate,
  updatedAt: isoDate,
  inspector: z.string().max(100).optional(),
  sessionId: z.string().max(100).optional(),
  screenshotId: z.string().max(100).optional(),
  note: z.string().max(4000).optional(),
  /** Supervisor review fields, owned by the supervisor. */
  reviewer: z.string().max(100).optional(),
  reviewComment: z.string().max(4000).optional(),
  reviewedAt: isoDate.optional(),
  /** Bumped on every edit; sync sends the version an edit was based on. */
  version: z.number().int().nonnegative(),
});
export type Finding = z.infer<typeof Finding>;

/** A site in an inspection session's list, with the inspector's progress on it. */
export const SessionSite = z.object({
  name: z.string().min(1).max(200),
  url: z.string().max(2048),
  /** pending: not yet checked; checked: the inspector marked it done. */
  status: z.enum(['pending', 'checked']),
  pagesScanned: z.number().int().nonnegative(),
});
export type SessionSite = z.infer<typeof SessionSite>;

/** One quarter's inspection by one inspector: every scan and finding belongs to the active session. */
export const Session = z.object({
  id: z.uuid(),
  name: z.string().min(1).max(200),
  /** e.g. 2025Q2 */
  quarter: z.string().regex(/^\d{4}Q[1-4]$/),
  inspector: z.string().max(100),
  sites: z.array(SessionSite),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type Session = z.infer<typeof Session>;

/** A screenshot kept as evidence (截图取证); the image itself is a Blob stored beside this record. */
export const Evidence = z.object({
  id: z.uuid(),
  sessionId: z.string().max(100).optional(),
  findingIds: z.array(z.uuid()),
  pageUrl: z.string().max(4096),
  pageTitle: z.string().max(1000),
  capturedAt: isoDate,
  mime: z.enum(['image/png', 'image/jpeg', 'image/webp']),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
});
export type Evidence = z.infer<typeof Evidence>;

/** A page scanned within a session: per-site progress counts these. */
export const ScannedPage = z.object({
  sessionId: z.string().max(100),
  pageUrl: z.string().max(4096),
  pageTitle: z.string().max(1000),
  site: z.string().max(255),
  scannedAt: isoDate,
  /** Findings the last scan of the page produced. */
  findings: z.number().int().nonnegative(),
});
export type ScannedPage = z.infer<typeof ScannedPage>;

/** Something the scan could not look into, said plainly to the inspector instead of guessed at. */
export const Unscanned = z.object({
  kind: z.enum(['cross-origin-frame', 'closed-shadow-root', 'time-limit', 'node-limit', 'rule-error', 'unreachable-hosts']),
  where: z.string().max(2000),
  reason: z.string().max(1000),
  /** unreachable-hosts: the figures behind the reason (lib/links/reachability.ts), for notices in any language. */
  network: z
    .object({
      failures: z.array(z.enum(['dns', 'connect'])),
      scope: z.enum(['outside', 'restricted']),
      hosts: z.number().int().nonnegative(),
      links: z.number().int().nonnegative(),
      answered: z.number().int().nonnegative(),
    })
    .optional(),
});
export type Unscanned = z.infer<typeof Unscanned>;

/** One scanned page, as the CLI prints it and the popup shows it. */
export const PageReport = z.object({
  url: z.string(),
  title: z.string(),
  findings: z.array(Finding),
  unscanned: z.array(Unscanned).optional(),
});
export type PageReport = z.infer<typeof PageReport>;

/** A page the CLI could not open at all (connection refused, HTTP error, missing file): not a clean page. */
export const AuditFailure = z.object({ url: z.string(), reason: z.string() });
export type AuditFailure = z.infer<typeof AuditFailure>;

export const AuditReport = z.object({ pages: z.array(PageReport), failures: z.array(AuditFailure).optional() });
export type AuditReport = z.infer<typeof AuditReport>;

/**
 * One record waiting to be sent to the sync endpoint. The entry names the record; the record itself is
 * read when the batch is built, so several edits of one finding before a sync send it once, as it is then.
 */
export const OutboxEntry = z.object({
  /** `finding:<id>` or `evidence:<id>`. */
  ref: z.string(),
  kind: z.enum(['finding', 'evidence']),
  id: z.string(),
  /** When it was (last) queued: batches go oldest first. */
  queuedAt: z.string(),
  /** Failed sends so far, and the last failure in words, for the popup. */
  attempts: z.number().int().nonnegative(),
  lastError: z.string().optional(),
  /**
   * The server refused this record by name (lib/sync/held.ts): it is not sent again until the inspector
   * edits it or decides (copy as their own, or drop the edit), so it never holds back the rest.
   */
  held: z.object({ code: z.string(), message: z.string(), at: z.string() }).optional(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;
