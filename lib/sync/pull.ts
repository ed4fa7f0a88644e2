import type { Finding } from '../findings';
import { getMeta, setMeta, writeTx, type InspectorStore } from '../store/db';
import type { SyncApi } from './api';
import { SyncError } from './errors';
import { carryLocalEdit } from './merge';
import { withRetry, type RetryOptions } from './retry';

const PAGE = 1000;
/**
 * Pages per run: a long backlog is pulled over several runs (the checkpoint is saved after each page),
 * and a server whose checkpoint keeps moving without ever coming back empty cannot hold a run forever.
 */
export const MAX_PAGES_PER_RUN = 20;

/** meta 'syncCheckpoint': the checkpoint belongs to one server and one user; another one starts over. */
export interface SavedCheckpoint {
  endpoint: string;
  user: string;
  since: string;
}

/**
 * Pull this user's changed rows by checkpoint until a page comes back empty (or the checkpoint stops
 * moving, or MAX_PAGES_PER_RUN pages came), saving `next` after each page. Rows newer than the local copy (a supervisor's decision) are applied; a copy with an edit still
 * waiting in the outbox keeps that edit on top. Rows this device never had are not added: the local store
 * holds this device's work, the review page reads the server. A checkpoint the server does not know
 * (409 checkpoint-ahead after a restore, 400 invalid-checkpoint) starts over from the beginning.
 */
export async function pullChanges(db: InspectorStore, api: SyncApi, opts: { user: string; retry: RetryOptions }): Promise<number> {
  const saved = await getMeta<SavedCheckpoint>(db, 'syncCheckpoint');
  let since = saved && saved.endpoint === api.endpoint && saved.user === opts.user ? saved.since : undefined;
  let applied = 0;
  let restarted = false;
  for (let pages = 0; pages < MAX_PAGES_PER_RUN; pages++) {
    let page;
    try {
      const from = since;
      page = await withRetry(() => api.pullFindings({ since: from, limit: PAGE, inspector: [opts.user] }), opts.retry);
    } catch (error) {
      if (since !== undefined && !restarted && error instanceof SyncError && (error.code === 'checkpoint-ahead' || error.code === 'invalid-checkpoint')) {
        since = undefined;
        restarted = true;
        continue;
      }
      throw error;
    }
    if (page.findings.length) applied += await applyPulled(db, page.findings);
    await setMeta(db, 'syncCheckpoint', { endpoint: api.endpoint, user: opts.user, since: page.next } satisfies SavedCheckpoint);
    if (!page.findings.length || page.next === since) return applied;
    since = page.next;
  }
  return applied;
}

export async function applyPulled(db: InspectorStore, rows: readonly Finding[]): Promise<number> {
  return writeTx(db, ['findings', 'outbox'], async (tx) => {
    const findings = tx.objectStore('findings');
    const outbox = tx.objectStore('outbox');
    const changed = await Promise.all(
      rows.map(async (row) => {
        const [local, pending] = await Promise.all([findings.get(row.id), outbox.getKey(`finding:${row.id}`)]);
        if (!local || row.version <= local.version) return 0;
        await findings.put(pending ? carryLocalEdit(local, row) : { ...row, ...(local.sessionId && !row.sessionId ? { sessionId: local.sessionId } : {}) });
        return 1;
      }),
    );
    return changed.reduce<number>((a, b) => a + b, 0);
  });
}
