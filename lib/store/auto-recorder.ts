import { ScanState } from '../messages';
import { recordLiveScan, type RecordScanResult } from './recording';
import { getActiveSession, siteOfPage } from './sessions';
import type { InspectorStore } from './db';

export interface AutoRecordDeps {
  db: Promise<InspectorStore>;
  /** Ask a tab's content script for its scan state. */
  stateOf(tabId: number): Promise<unknown>;
  onError?(error: unknown): void;
}

/**
 * Every settled scan of a page on one of the active session's sites is recorded into the session, so the
 * inspector never has to remember to save. Pages of other sites are left alone until the inspector adds
 * the site (the popup offers it).
 */
export function createAutoRecorder(deps: AutoRecordDeps) {
  // One recording per tab at a time; a newer scan waits for the one being written.
  const chains = new Map<number, Promise<unknown>>();
  return {
    scanSettled(tabId: number): Promise<RecordScanResult | null> {
      const run = (chains.get(tabId) ?? Promise.resolve()).then(() => recordTab(deps, tabId)).catch((error) => {
        deps.onError?.(error);
        return null;
      });
      chains.set(tabId, run);
      void run.finally(() => chains.get(tabId) === run && chains.delete(tabId));
      return run;
    },
  };
}

async function recordTab(deps: AutoRecordDeps, tabId: number): Promise<RecordScanResult | null> {
  const db = await deps.db;
  const session = await getActiveSession(db);
  if (!session) return null;
  const parsed = ScanState.safeParse(await deps.stateOf(tabId));
  if (!parsed.success || parsed.data.phase !== 'done') return null;
  const state = parsed.data;
  if (!siteOfPage(session, state.url)) return null;
  return recordLiveScan(db, session, state);
}
