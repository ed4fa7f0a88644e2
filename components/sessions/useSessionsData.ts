import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Finding, Session } from '@/lib/findings';
import { findingsOfSession } from '@/lib/store/recording';
import { getActiveSession, listSessions, siteProgress, type SiteProgress } from '@/lib/store/sessions';
import { storageUse, type StorageUse } from '@/lib/store/health';
import type { InspectorStore } from '@/lib/store/db';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** The table (and so the exports) read site by site, page by page. */
function bySitePageRule(a: Finding, b: Finding): number {
  return cmp(a.site, b.site) || cmp(a.pageUrl, b.pageUrl) || cmp(a.rule, b.rule) || cmp(a.createdAt, b.createdAt);
}

export interface SessionsData {
  sessions: Session[];
  active?: Session;
  progress: SiteProgress[];
  /** The active session's findings. */
  findings: Finding[];
  storage?: StorageUse;
}

/**
 * Everything the sessions page shows, read from the store. `reload` reads it again (after an action, or when
 * the inspector comes back to the tab: the background records scans meanwhile); `patchFindings` swaps in
 * edited findings without rereading a big session.
 */
export function useSessionsData(db: Promise<InspectorStore>) {
  const [data, setData] = useState<SessionsData | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  const reload = useCallback(async () => {
    try {
      const store = await db;
      const [sessions, active, storage] = await Promise.all([listSessions(store), getActiveSession(store), storageUse()]);
      const [progress, findings] = active ? await Promise.all([siteProgress(store, active), findingsOfSession(store, active.id)]) : [[], []];
      setData({ sessions, active, progress, findings: findings.sort(bySitePageRule), storage });
      setLoadError(null);
    } catch (error) {
      setLoadError(error);
    }
  }, [db]);

  useEffect(() => {
    void reload();
    const onVisible = () => document.visibilityState === 'visible' && void reload();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [reload]);

  const patchFindings = useCallback((edited: readonly Finding[]) => {
    const byId = new Map(edited.map((f) => [f.id, f]));
    setData((d) => d && { ...d, findings: d.findings.map((f) => byId.get(f.id) ?? f) });
  }, []);

  return { data, loadError, reload, patchFindings };
}
