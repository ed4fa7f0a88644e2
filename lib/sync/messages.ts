import { z } from 'zod';
import { SyncStatus } from './status';

/** Extension pages → background: sync now (answers with the status) or soon (after a change). */
export const SyncMessage = z.discriminatedUnion('type', [z.object({ type: z.literal('sync-now') }), z.object({ type: z.literal('sync-soon') })]);
export type SyncMessage = z.infer<typeof SyncMessage>;

/** Background → extension pages, after every run. */
export const SyncStatusMessage = z.object({ type: z.literal('sync-status'), status: SyncStatus });
export type SyncStatusMessage = z.infer<typeof SyncStatusMessage>;
