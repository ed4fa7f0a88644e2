import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Finding, Session } from '@/lib/findings';
import type { InspectorStore } from '@/lib/store/db';
import { getActiveSession, listSessions, siteOfPage } from '@/lib/store/sessions';
import { findingsForPage } from '@/lib/store/recording';

export interface StoreView {
  ready: boolean;
  sessions: Session[];
  active: Session | null;
  /** Whether the page's site is one of the active session's sites. */
  inSession: boolean;
  /** The active session's stored findings for this page. */
  stored: Finding[];
}

/** The store read before the popup's first render, for the page it was read for. */
export interface InitialStore {
  pageUrl: string;
  view: StoreView;
}

const EMPTY: StoreView = { ready: false, sessions: [], active: null, inSession: false, stored: [] };

/** The store as the popup shows it, re-read whenever `tick` changes (each poll of the scan) or on reload(). */
export function usePopupStore(db: Promise<InspectorStore> | null, pageUrl: string | null, tick: number, initial?: InitialStore): [StoreView, () => Promise<void>] {
  const [view, setView] = useState<StoreView>(initial && initial.pageUrl === pageUrl ? initial.view : EMPTY);
  const latest = useRef(0);
  const load = useCallback(async () => {
    if (!db) return;
    const run = ++latest.current;
    const next = await readStoreView(await db, pageUrl);
    if (run === latest.current) setView(next);
  }, [db, pageUrl]);
  const first = useRef(initial?.pageUrl === pageUrl);
  useEffect(() => {
    // Opened with the store already read for this page (entrypoints/popup/main.tsx): no second read at once.
    if (first.current) {
      first.current = false;
      return;
    }
    void load().catch(() => undefined);
  }, [load, tick]);
  return [view, load];
}

/** The store as the popup shows it for `pageUrl` (null: the page is not known yet). */
export async function readStoreView(store: InspectorStore, pageUrl: string | null): Promise<StoreView> {
  const [sessions, active] = await Promise.all([listSessions(store), getActiveSession(store)]);
  const inSession = !!(active && pageUrl && siteOfPage(active, pageUrl));
  const stored = active && pageUrl ? await findingsForPage(store, active.id, pageUrl) : [];
  return { ready: true, sessions, active: active ?? null, inSession, stored };
}
