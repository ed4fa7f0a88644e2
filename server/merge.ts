import { isDeepStrictEqual } from 'node:util';
import type { Finding, FindingStatus } from '../lib/findings';
import type { ReviewItem } from '../lib/sync/wire';

/**
 * The merge rule of PUT /api/findings and POST /api/reviews (server/API.md, "Versions and conflicts").
 *
 * A finding has two owners. The inspector owns its content and their own status (open/confirmed/dismissed),
 * note and screenshot; the supervisor owns the review (accepted/rejected, reviewer, comment, time). The
 * server keeps one version per finding, bumped on every stored change, and remembers at which version each
 * owner last changed their side. An edit names the version it was based on; it is stale only when the
 * same owner's side moved on since then, so an inspector's note and a supervisor's decision made at the
 * same time both land, while two edits of the same side never silently overwrite each other.
 */

export type InspectorStatus = 'open' | 'confirmed' | 'dismissed';
export type ReviewStatus = 'accepted' | 'rejected';

export interface StoredState {
  /** The finding exactly as the API returns it. */
  finding: Finding;
  /** The inspector who owns it (finding.inspector). */
  owner: string;
  inspectorStatus: InspectorStatus;
  reviewStatus: ReviewStatus | null;
  /** Version at which the inspector-owned fields last changed. */
  inspectorRev: number;
  /** Version at which the supervisor-owned fields last changed; 0 when never reviewed. */
  reviewRev: number;
}

export type ConflictReason = 'stale-version' | 'unknown-version' | 'reviewed';

export type Outcome =
  | { kind: 'unchanged'; state: StoredState }
  | { kind: 'write'; state: StoredState }
  | { kind: 'conflict'; reason: ConflictReason; state: StoredState };

export function isInspectorStatus(s: FindingStatus): s is InspectorStatus {
  return s === 'open' || s === 'confirmed' || s === 'dismissed';
}

/** Fields nobody edits directly: identity, derived status, server version, supervisor fields, edit time. */
const NOT_INSPECTOR_CONTENT = new Set<string>([
  'id',
  'inspector',
  'status',
  'version',
  'updatedAt',
  'reviewer',
  'reviewComment',
  'reviewedAt',
]);

/** Everything else in a Finding is the inspector's: what the scan found, note, screenshot, session. */
function inspectorContent(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) if (!NOT_INSPECTOR_CONTENT.has(k) && v !== undefined) out[k] = v;
  return out;
}

function reviewFields(f: Finding): Pick<Finding, 'reviewer' | 'reviewComment' | 'reviewedAt'> {
  const out: Pick<Finding, 'reviewer' | 'reviewComment' | 'reviewedAt'> = {};
  if (f.reviewer !== undefined) out.reviewer = f.reviewer;
  if (f.reviewComment !== undefined) out.reviewComment = f.reviewComment;
  if (f.reviewedAt !== undefined) out.reviewedAt = f.reviewedAt;
  return out;
}

function compose(
  content: Record<string, unknown>,
  parts: {
    id: string;
    inspector: string;
    inspectorStatus: InspectorStatus;
    reviewStatus: ReviewStatus | null;
    review: Pick<Finding, 'reviewer' | 'reviewComment' | 'reviewedAt'>;
    updatedAt: string;
    version: number;
  },
): Finding {
  return {
    ...(content as Omit<Finding, 'id' | 'status' | 'version' | 'updatedAt'>),
    id: parts.id,
    inspector: parts.inspector,
    status: parts.reviewStatus ?? parts.inspectorStatus,
    updatedAt: parts.updatedAt,
    ...parts.review,
    version: parts.version,
  };
}

/**
 * An inspector's push of one finding. The caller has checked that `owner` owns it and, for a new finding,
 * that its status is an inspector status. Supervisor fields in `incoming` are ignored; a supervisor status
 * there (the inspector's copy of a review) means "my status is unchanged".
 */
export function inspectorEdit(server: StoredState | undefined, incoming: Finding, owner: string): Outcome {
  const base = incoming.version;
  const content = inspectorContent(incoming);
  if (!server) {
    const status = incoming.status as InspectorStatus;
    const version = base + 1;
    const finding = compose(content, {
      id: incoming.id,
      inspector: owner,
      inspectorStatus: status,
      reviewStatus: null,
      review: {},
      updatedAt: incoming.updatedAt,
      version,
    });
    return {
      kind: 'write',
      state: { finding, owner, inspectorStatus: status, reviewStatus: null, inspectorRev: version, reviewRev: 0 },
    };
  }

  const wantedStatus = isInspectorStatus(incoming.status) ? incoming.status : server.inspectorStatus;
  const statusChanged = wantedStatus !== server.inspectorStatus;
  if (!statusChanged && isDeepStrictEqual(content, inspectorContent(server.finding))) {
    return { kind: 'unchanged', state: server };
  }
  const current = server.finding.version;
  if (base > current) return { kind: 'conflict', reason: 'unknown-version', state: server };
  if (base < server.inspectorRev) return { kind: 'conflict', reason: 'stale-version', state: server };
  // After a review the status is the supervisor's word; the inspector may still edit note and content.
  if (statusChanged && server.reviewStatus) return { kind: 'conflict', reason: 'reviewed', state: server };

  const version = current + 1;
  const finding = compose(content, {
    id: server.finding.id,
    inspector: owner,
    inspectorStatus: wantedStatus,
    reviewStatus: server.reviewStatus,
    review: reviewFields(server.finding),
    updatedAt: incoming.updatedAt,
    version,
  });
  return {
    kind: 'write',
    state: { ...server, finding, inspectorStatus: wantedStatus, inspectorRev: version },
  };
}

/**
 * A supervisor's decision on one finding. It must be based on the current version: a supervisor who
 * judged content the inspector has since changed, or a decision another supervisor has since replaced,
 * gets the current row back. Repeating the decision that stands changes nothing.
 */
export function reviewEdit(server: StoredState, item: ReviewItem, reviewer: string, now: string): Outcome {
  if (server.reviewStatus === item.decision && server.finding.reviewComment === item.comment) {
    return { kind: 'unchanged', state: server };
  }
  const current = server.finding.version;
  if (item.version > current) return { kind: 'conflict', reason: 'unknown-version', state: server };
  if (item.version < current) return { kind: 'conflict', reason: 'stale-version', state: server };

  const version = current + 1;
  const review: Pick<Finding, 'reviewer' | 'reviewComment' | 'reviewedAt'> = { reviewer, reviewedAt: now };
  if (item.comment !== undefined) review.reviewComment = item.comment;
  const finding = compose(inspectorContent(server.finding), {
    id: server.finding.id,
    inspector: server.owner,
    inspectorStatus: server.inspectorStatus,
    reviewStatus: item.decision,
    review,
    updatedAt: now,
    version,
  });
  return { kind: 'write', state: { ...server, finding, reviewStatus: item.decision, reviewRev: version } };
}
