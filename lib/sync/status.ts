import { z } from 'zod';
import { pendingCount } from '../store/outbox';
import { getMeta, setMeta, type InspectorStore } from '../store/db';

/** meta 'syncStatus': what the popup and the options page show about sync. */
export const SyncStatus = z.object({
  /** The last run that finished without an error. */
  lastSyncAt: z.string().optional(),
  /** The last run, whatever its outcome. */
  lastAttemptAt: z.string().optional(),
  /** The last run's error in words (Chinese first); absent when it succeeded. */
  lastError: z.string().optional(),
  /** Outbox entries still waiting after the last run. */
  pending: z.number().int().nonnegative(),
  /** No endpoint or token saved: sync is off. */
  configured: z.boolean().default(true),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** The saved status with the outbox counted now (recordings since the last run included). */
export async function readSyncStatus(db: InspectorStore): Promise<SyncStatus> {
  const saved = SyncStatus.safeParse(await getMeta(db, 'syncStatus'));
  const pending = await pendingCount(db);
  return { ...(saved.success ? saved.data : { configured: true }), pending };
}

export async function writeSyncStatus(db: InspectorStore, status: SyncStatus): Promise<void> {
  await setMeta(db, 'syncStatus', SyncStatus.parse(status));
}
