import type { Finding, FindingStatus } from '../findings';
import type { Conflict } from './wire';

/** The fields only a supervisor changes (server/API.md "Versions and conflicts"). */
const SUPERVISOR_FIELDS = ['reviewer', 'reviewComment', 'reviewedAt'] as const;

/** What the inspector owns, besides the status: what a push can change. */
const INSPECTOR_FIELDS = [
  'key', 'rule', 'severity', 'pageUrl', 'pageTitle', 'site', 'selector', 'snippet', 'label', 'href',
  'detail', 'message', 'createdAt', 'sessionId', 'note', 'screenshotId',
] as const;

export const isReviewStatus = (s: FindingStatus) => s === 'accepted' || s === 'rejected';

/** JSON with object keys sorted: `detail` in another key order is the same detail. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

/** True when pushing `local` would change the inspector's side of `server`. */
export function inspectorSideDiffers(local: Finding, server: Finding): boolean {
  for (const field of INSPECTOR_FIELDS) if (stable(local[field]) !== stable(server[field])) return true;
  return !isReviewStatus(server.status) && local.status !== server.status;
}

/**
 * The local copy's inspector side on top of the server row: the server's version (the edit is now based
 * on it), its supervisor side and, once reviewed, its status (after a review the status is the
 * supervisor's word).
 */
export function carryLocalEdit(local: Finding, server: Finding): Finding {
  const out: Finding = { ...local, version: server.version };
  if (server.inspector !== undefined) out.inspector = server.inspector;
  for (const field of SUPERVISOR_FIELDS) {
    if (server[field] === undefined) delete out[field];
    else out[field] = server[field];
  }
  if (isReviewStatus(server.status)) out.status = server.status;
  else if (isReviewStatus(local.status)) out.status = server.status;
  return out;
}

export interface Resolution {
  /** What the local store keeps. */
  row: Finding;
  /** The local edit still has to reach the server (queued again, based on the returned version). */
  requeue: boolean;
}

/**
 * A push conflict: the local copy becomes the server row, and the local edit is put back on top of it
 * unless the server's inspector side is the later edit (another device of the same inspector changed it
 * after this one did: last writer wins, by `updatedAt`). A `reviewed` conflict keeps the supervisor's status.
 */
export function resolveConflict(local: Finding, conflict: Conflict): Resolution {
  const server = conflict.finding;
  if (conflict.reason !== 'reviewed' && Date.parse(server.updatedAt) > Date.parse(local.updatedAt)) return { row: server, requeue: false };
  const row = carryLocalEdit(local, server);
  return { row, requeue: inspectorSideDiffers(row, server) };
}
