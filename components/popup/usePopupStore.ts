import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Finding, Session } from '@/lib/findings';
import type { InspectorStore } from '@/lib/store';
import { getActiveSession, listSessions, siteOfPage } from '@/lib/session-store';
import { findingsForPage } from '@/lib/recording';

export interface StoreView {
  ready: boolean;
  sessions: Session[];
  active: Session | null;
  /** Whether the page's site is one of the active session's sites. */
  inSession: boolean;
  /** The active session's stored findings for this page. */
  stored: Finding[];
}

const EMPTY: StoreView = { ready: false, sessions: [], active: null, inSession: false, stored: [] };

/** The store as the popup shows it, re-read whenever `tick` changes (each poll of the scan) or on reload(). */
export function usePopupStore(db: Promise<InspectorStore> | null, pageUrl: string | null, tick: number): [StoreView, () => Promise<void>] {
  const [view, setView] = useState<StoreView>(EMPTY);
  const latest = useRef(0);
  const load = useCallback(async () => {
    if (!db) return;
    const run = ++latest.current;
    const store = await db;
    const [sessions, active] = await Promise.all([listSessions(store), getActiveSession(store)]);
    const inSession = !!(active && pageUrl && siteOfPage(active, pageUrl));
    const stored = active && pageUrl ? await findingsForPage(store, active.id, pageUrl) : [];
    if (run === latest.current) setView({ ready: true, sessions, active: active ?? null, inSession, stored });
  }, [db, pageUrl]);
  useEffect(() => {
    void load().catch(() => undefined);
  }, [load, tick]);
  return [view, load];
}
