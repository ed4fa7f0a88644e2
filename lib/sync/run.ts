import { loadActiveRulePack, saveRulePack } from '../rule-pack/store';
import type { RulePack } from '../rule-pack/pack';
import { pendingCount } from '../store/outbox';
import type { InspectorStore } from '../store/db';
import { createApi, type FetchLike, type SyncApi } from './api';
import { SyncError, errorWords } from './errors';
import { pullChanges } from './pull';
import { pushOutbox, type PushReport } from './push';
import { DEFAULT_RETRY, realSleep, withRetry, type RetryOptions } from './retry';
import { loadSyncSettings, type SyncSettings } from './settings';
import { readSyncStatus, writeSyncStatus, type SyncStatus } from './status';

export interface SyncDeps {
  db: InspectorStore;
  /** The saved connection when absent. */
  settings?: SyncSettings | null;
  fetch?: FetchLike;
  /** Deadline of one request, answer and body (lib/sync/api DEFAULT_TIMEOUT_MS when absent). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  retry?: Partial<Omit<RetryOptions, 'sleep'>>;
  now?: () => Date;
  /** The local rule pack and how to replace it; the stored one (lib/rule-pack-store) by default. */
  rulePack?: { currentVersion(): Promise<number>; save(pack: RulePack): Promise<void> } | null;
}

export interface SyncOutcome {
  status: SyncStatus;
  push?: PushReport;
  pulled?: number;
  rulePackUpdated?: number;
  error?: SyncError | Error;
}

const storedRulePack = {
  currentVersion: async () => (await loadActiveRulePack()).pack.version,
  save: (pack: RulePack) => saveRulePack(pack, 'synced'),
};

/**
 * One sync run (server/API.md "For the extension's sync loop"): who am I, push the outbox (screenshots,
 * then findings in batches of 500), pull changed rows by checkpoint, take the team's rule pack when it is
 * newer. Every failure ends the run with the status saying why in words; nothing in the store is lost or
 * half-applied, and the next run starts where this one stopped.
 */
export async function runSync(deps: SyncDeps): Promise<SyncOutcome> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const settings = deps.settings === undefined ? await loadSyncSettings() : deps.settings;
  const previous = await readSyncStatus(db);
  const started = now().toISOString();
  if (!settings) {
    const status: SyncStatus = { ...previous, configured: false, lastError: undefined };
    await writeSyncStatus(db, status);
    return { status };
  }
  const api = createApi(settings, deps.fetch, { timeoutMs: deps.timeoutMs });
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...deps.retry, sleep: deps.sleep ?? realSleep };
  const outcome: SyncOutcome = { status: previous };
  try {
    const me = await withRetry(() => api.me(), retry);
    outcome.push = await pushOutbox(db, api, { user: me.name, retry, now });
    outcome.pulled = await pullChanges(db, api, { user: me.name, retry });
    const pack = deps.rulePack === undefined ? storedRulePack : deps.rulePack;
    if (pack) outcome.rulePackUpdated = await syncRulePack(api, pack, retry);
    if (outcome.push.refused) throw outcome.push.refused;
    outcome.status = { ...previous, configured: true, lastSyncAt: now().toISOString(), lastAttemptAt: started, lastError: undefined, pending: await pendingCount(db) };
  } catch (error) {
    outcome.error = error as Error;
    outcome.status = { ...previous, configured: true, lastAttemptAt: started, lastError: errorWords(error), pending: await pendingCount(db) };
  }
  await writeSyncStatus(db, outcome.status);
  return outcome;
}

/** The server's pack replaces the local one when its version is newer; returns the new version. */
async function syncRulePack(api: SyncApi, local: NonNullable<SyncDeps['rulePack']>, retry: RetryOptions): Promise<number | undefined> {
  const remote = await withRetry(() => api.rulePack(), retry);
  if (remote.version <= (await local.currentVersion())) return undefined;
  await local.save(remote);
  return remote.version;
}
