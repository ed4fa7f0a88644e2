import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ScanState, RepostChecklistResponse, type CaptureEvidenceMessage, type CaptureEvidenceResponse, type ContentMessage } from '@/lib/messages';
import { htmlLang } from '@/lib/i18n';
import { phaseText } from '@/lib/overlay/legend';
import type { Finding } from '@/lib/findings';
import type { RulePack } from '@/lib/rule-pack/pack';
import type { InspectorStore } from '@/lib/store/db';
import { addSites, createSession, quarterOf, setActiveSession, siteHost } from '@/lib/store/sessions';
import { addManualFinding, editFindings, findingsForPage, recordScan, type FindingEdit } from '@/lib/store/recording';
import { clearDraft, loadDraft, onDraftChange, saveDraft, type ManualDraft } from '@/lib/store/manual-draft';
import { LanguageSwitch, useI18n } from './i18n';
import { RuleCounts } from './RuleCounts';
import { UnscannedList } from './UnscannedList';
import { NetworkNotice } from './NetworkNotice';
import { usePopupStore, type InitialStore } from './popup/usePopupStore';
import { SessionBar } from './popup/SessionBar';
import { NewSessionForm, type NewSessionInput } from './popup/NewSessionForm';
import { FindingList } from './popup/FindingList';
import type { FindingActions, ListItem } from './popup/types';
import { listItems } from './popup/list-items';
import { BulkBar } from './popup/BulkBar';
import { ManualFindingForm } from './popup/ManualFindingForm';
import { RepostChecklist } from './popup/RepostChecklist';
import { StorageFooter } from './popup/StorageFooter';
import { SweepPanel } from './SweepPanel';
import { SyncStatus } from './SyncStatus';
import { pageKey } from '@/lib/page/key';
import { findSite } from '@/lib/sites/match';

/** How the popup reaches the content script of one tab. */
export interface TabClient {
  /** The tab's id: the manual-finding draft and evidence capture are per tab. */
  id?: number;
  /** The tab's address, to explain why a page cannot be inspected. */
  url?: string;
  send(message: ContentMessage): Promise<unknown>;
}

/** Ask the tab's content script and read its scan state; null when the page cannot answer or answers nonsense. */
export async function askState(client: TabClient, message: ContentMessage): Promise<ScanState | null> {
  try {
    const parsed = ScanState.safeParse(await client.send(message));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** What the popup needs besides the tab: the store and the browser's side of capture and navigation. */
export interface PopupEnv {
  db: Promise<InspectorStore> | null;
  now?(): Date;
  /** 截图取证 through the background (it finishes even if the popup closes). */
  capture?(req: Omit<CaptureEvidenceMessage, 'type'>): Promise<CaptureEvidenceResponse>;
  /** Open the sessions page. */
  openSessions?(): void;
  /** Close the popup so the inspector can pick on the page (not when the popup is opened as a page). */
  close?(): void;
  loadPack?(): Promise<RulePack>;
}

/** While the popup is open the state is re-read this often: phases and counts change as links are probed. */
export const POLL_MS = 700;
/** How long a reveal by selector (a manual finding the overlay does not know) stays outlined. */
const MARK_MS = 2000;

/** An error already worded for the inspector: shown as it is. */
class WordedError extends Error {
  readonly worded = true;
}

type View = { kind: 'loading' } | { kind: 'ready'; state: ScanState } | { kind: 'unreachable' };

/** Pages the browser never lets an extension script into. */
export function isInternalUrl(url: string | undefined): boolean {
  if (!url) return true;
  if (/^(chrome|edge|about|devtools|chrome-extension|moz-extension|view-source|chrome-search):/i.test(url)) return true;
  return /^https:\/\/(chrome\.google\.com\/webstore|chromewebstore\.google\.com|microsoftedge\.microsoft\.com\/addons)\b/i.test(url);
}

/** The page key findings are stored under: the address without its fragment. */
export function pageUrlOf(state: ScanState): string {
  return state.findings[0]?.pageUrl ?? pageKey(state.url);
}

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) ? `${u.origin}/` : null;
  } catch {
    return null;
  }
}

/**
 * What the popup's entry point read before the first render, in parallel: the page's scan state and the
 * store for that page. The first render then shows the page's findings at once instead of after two more
 * round trips (popup open → findings shown is a measured target: bench/store.ts).
 */
export interface PopupInitial {
  state: ScanState;
  store?: InitialStore;
}

/**
 * The inspector's popup: the active session, this page's findings (stored with the inspector's decisions,
 * grouped by rule) with confirm / dismiss / note / evidence one by one or in bulk, manual findings, the
 * repost checklist, scan phase, rescan and the overlay switch.
 */
export function PopupApp({ client, env, initial }: { client: TabClient | null; env?: PopupEnv; initial?: PopupInitial }) {
  const { t, lang } = useI18n();
  const db = env?.db ?? null;
  const [view, setView] = useState<View>(initial ? { kind: 'ready', state: initial.state } : { kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [capturing, setCapturing] = useState<string | null>(null);
  const [draft, setDraft] = useState<ManualDraft | null>(null);
  const [reposts, setReposts] = useState<RepostChecklistResponse | null>(null);
  const [pack, setPack] = useState<RulePack | null>(null);
  const [writes, setWrites] = useState(0);

  const state = view.kind === 'ready' ? view.state : null;
  const pageUrl = state ? pageUrlOf(state) : null;
  const [store, reload] = usePopupStore(db, pageUrl, tick, initial?.store);

  const ask = useCallback(
    async (message: ContentMessage): Promise<ScanState | null> => (client ? askState(client, message) : null),
    [client],
  );

  const refresh = useCallback(async () => {
    const next = await ask({ type: 'get-state' });
    setView(next ? { kind: 'ready', state: next } : { kind: 'unreachable' });
    setTick((n) => n + 1);
    return next;
  }, [ask]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loop = async () => {
      const next = await refresh();
      if (!stopped && next) timer = setTimeout(loop, POLL_MS);
    };
    // Opened with the state already read: the next read is the next poll.
    if (initial) timer = setTimeout(loop, POLL_MS);
    else void loop();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [refresh]);

  // The manual-finding draft of this tab survives the popup closing while the inspector picks on the page.
  useEffect(() => {
    const tabId = client?.id;
    if (tabId === undefined || !db) return;
    void loadDraft(tabId).then(setDraft, () => undefined);
    return onDraftChange(tabId, setDraft);
  }, [client, db]);

  useEffect(() => {
    void env?.loadPack?.().then(setPack, () => undefined);
  }, [env]);

  const settledAt = state?.phase === 'done' ? state.scannedAt : undefined;
  useEffect(() => {
    if (!client || !settledAt) return;
    void client.send({ type: 'repost-checklist' }).then(
      (raw) => {
        const parsed = RepostChecklistResponse.safeParse(raw);
        setReposts(parsed.success ? parsed.data : null);
      },
      () => undefined,
    );
  }, [client, settledAt]);

  /** Run a store write: a full disk (StoreFullError) or any failure is shown in words; nothing stored is lost. */
  const write = useCallback(
    async (action: () => Promise<string | void>) => {
      setError(null);
      try {
        const done = await action();
        setNotice(done || null);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const worded = (e as { code?: string }).code === 'store-full' || e instanceof WordedError;
        setError(worded ? message : t('pop_saving_failed', message));
      } finally {
        setWrites((n) => n + 1);
        await reload().catch(() => undefined);
      }
    },
    [reload, t],
  );

  const items = useMemo<ListItem[]>(() => {
    if (!state || !store.active || !store.inSession) return [];
    return listItems(state, store.stored);
  }, [state, store]);

  const header = (
    <header class="gsi-header">
      <img src="/icon/32.png" alt="" width={20} height={20} />
      <h1>{t('appName')}</h1>
      <LanguageSwitch />
    </header>
  );

  if (view.kind === 'loading' || !state) {
    return (
      <main class="gsi-popup">
        {header}
        {view.kind === 'loading' ? (
          <p class="gsi-muted" role="status">
            {t('popupLoading')}
          </p>
        ) : (
          <section class="gsi-cannot" role="status">
            <h2>{t('popupCannotInspect')}</h2>
            <p>{isInternalUrl(client?.url) ? t('popupCannotInspectInternal') : t('popupCannotInspectReload')}</p>
            {client?.url && <p class="gsi-url">{client.url}</p>}
          </section>
        )}
      </main>
    );
  }

  const { active, inSession } = store;
  const origin = originOf(state.url);
  const host = origin ? siteHost(origin) : '';
  const registered = pack ? findSite(pack.sites, host) : undefined;
  const currentSite = origin ? { name: registered?.name ?? host, host, url: origin } : null;
  const working = state.phase === 'scanning' || state.phase === 'probing' || busy;

  /** Store the live scan (the background may not have yet) and return the stored ids of `keys`. */
  const storedIds = async (keys: readonly string[]): Promise<string[]> => {
    const store_ = await db!;
    const byKey = new Map(store.stored.map((f) => [f.key, f.id]));
    if (keys.some((k) => !byKey.has(k)) && active) {
      await recordScan(store_, { sessionId: active.id, inspector: active.inspector, pageUrl: pageUrlOf(state), pageTitle: state.title, findings: state.findings });
      for (const f of await findingsForPage(store_, active.id, pageUrlOf(state))) byKey.set(f.key, f.id);
    }
    return keys.flatMap((k) => byKey.get(k) ?? []);
  };

  const actions: FindingActions = {
    reveal: async (f: Finding) => {
      if (!client || !f.selector) return false;
      const shown = await client.send({ type: 'reveal', key: f.key }).catch(() => false);
      if (shown === true) return true;
      // Not in the overlay (a manual finding, or one the latest scan did not find again): outline it by selector.
      return (await client.send({ type: 'mark-element', selector: f.selector, clearAfterMs: MARK_MS }).catch(() => false)) === true;
    },
    edit: (keys: string[], edit: FindingEdit) =>
      write(async () => {
        await editFindings(await db!, await storedIds(keys), edit);
      }),
    capture: (f: Finding | null) =>
      write(async () => {
        if (!env?.capture || client?.id === undefined) return;
        const key = f?.key ?? '';
        setCapturing(f ? key : '*page*');
        try {
          const ids = await storedIds(f ? [key] : [...selected]);
          const res = await env.capture({ tabId: client.id, selector: f?.selector ?? '', findingIds: ids, ...(active ? { sessionId: active.id } : {}) });
          if (!res.ok) throw new WordedError(t('pop_evidence_failed', res.error));
          return t(res.outlined === false ? 'pop_evidence_done_unmarked' : 'pop_evidence_done');
        } finally {
          setCapturing(null);
        }
      }),
  };

  const rescan = async () => {
    setBusy(true);
    // The scan takes seconds; polling shows its phases meanwhile, the reply is the settled state.
    const next = await ask({ type: 'rescan' });
    setBusy(false);
    setView(next ? { kind: 'ready', state: next } : { kind: 'unreachable' });
  };
  const toggle = async (visible: boolean) => {
    const next = await ask({ type: 'set-overlay', visible });
    if (next) setView({ kind: 'ready', state: next });
  };
  const revealLive = async (key: string) => (await client?.send({ type: 'reveal', key }).catch(() => false)) === true;

  const recordNow = async (sessionId: string, inspector: string) => {
    if (state.phase === 'done') await recordScan(await db!, { sessionId, inspector, pageUrl: pageUrlOf(state), pageTitle: state.title, findings: state.findings });
  };
  const create = (input: NewSessionInput) =>
    write(async () => {
      const session = await createSession(await db!, {
        name: input.name,
        quarter: input.quarter,
        inspector: input.inspector,
        sites: input.addCurrent && currentSite ? [{ name: currentSite.name, url: currentSite.url }] : [],
      });
      if (input.addCurrent) await recordNow(session.id, session.inspector);
    });
  const addSite = () =>
    write(async () => {
      if (!active || !currentSite) return;
      await addSites(await db!, active.id, [{ name: currentSite.name, url: currentSite.url }]);
      await recordNow(active.id, active.inspector);
    });
  const switchSession = (id: string) =>
    write(async () => {
      setSelected(new Set());
      await setActiveSession(await db!, id);
    });

  const select = (keys: string[], on: boolean) => {
    const next = new Set(selected);
    for (const k of keys) {
      if (on) next.add(k);
      else next.delete(k);
    }
    setSelected(next);
  };

  const changeDraft = (next: ManualDraft) => {
    setDraft(next);
    void saveDraft(next).catch(() => undefined);
  };
  const startManual = () => {
    if (client?.id === undefined) return;
    changeDraft({ tabId: client.id, pageUrl: pageUrlOf(state), pageTitle: state.title, rule: 'wording-error', severity: 'deduct', category: '', label: '', note: '', target: null, picking: false });
  };
  const pick = async () => {
    if (!draft || !client) return;
    const next = { ...draft, picking: true };
    setDraft(next);
    await saveDraft(next);
    const started = await client.send({ type: 'pick-element' }).catch(() => false);
    if (started !== true) changeDraft({ ...next, picking: false });
    else env?.close?.();
  };
  const saveManual = () =>
    write(async () => {
      if (!draft || !active) return;
      const finding = await addManualFinding(await db!, {
        sessionId: active.id,
        inspector: active.inspector,
        rule: draft.rule,
        severity: draft.severity,
        pageUrl: draft.pageUrl,
        pageTitle: draft.pageTitle,
        selector: draft.target?.selector ?? '',
        snippet: draft.target?.snippet ?? '',
        label: draft.label.trim() || draft.target?.label || '',
        note: draft.note,
        category: draft.category.trim(),
      });
      await clearDraft(draft.tabId);
      setDraft(null);
      return t('pop_manual_saved', finding.label);
    });
  const cancelManual = () => {
    if (draft) void clearDraft(draft.tabId);
    setDraft(null);
  };

  return (
    <main class="gsi-popup">
      {header}
      {store.ready && active && <SessionBar sessions={store.sessions} active={active} onSwitch={switchSession} onManage={() => env?.openSessions?.()} />}
      {store.ready && !active && db && <NewSessionForm quarter={quarterOf(env?.now?.() ?? new Date())} site={currentSite} onCreate={create} />}
      <section class="gsi-page">
        <p class="gsi-title" title={state.title}>
          {state.title || state.url}
        </p>
        <p class="gsi-url" title={state.url}>
          {state.url}
        </p>
      </section>
      {store.ready && active && !inSession && currentSite && (
        <section class="gsi-not-in-session">
          <p>{t('pop_site_not_in_session')}</p>
          <button type="button" class="gsi-primary" onClick={addSite}>
            {t('pop_add_site')}
          </button>
        </section>
      )}
      <section class="gsi-scanbar">
        <div>
          <p class="gsi-total">{t('popupTotal', state.findings.length)}</p>
          <p class="gsi-phase" role="status" data-phase={state.phase}>
            {phaseText(t, state)}
          </p>
        </div>
        <button type="button" class="gsi-primary" onClick={rescan} disabled={working}>
          {working ? t('popupRescanning') : t('popupRescan')}
        </button>
      </section>
      <NetworkNotice items={state.unscanned} />
      <div class="gsi-tools">
        <label class="gsi-toggle">
          <input type="checkbox" role="switch" checked={state.overlayVisible} onChange={(e) => toggle((e.currentTarget as HTMLInputElement).checked)} />
          {t('popupOverlayToggle')}
        </label>
        {inSession && !draft && client?.id !== undefined && (
          <button type="button" class="gsi-small" onClick={startManual}>
            {t('pop_manual_add')}
          </button>
        )}
        {inSession && env?.capture && client?.id !== undefined && (
          <button type="button" class="gsi-small" disabled={capturing !== null} onClick={() => void actions.capture(null)}>
            {capturing === '*page*' ? t('pop_evidence_busy') : t('pop_evidence_page')}
          </button>
        )}
      </div>
      {error && (
        <p class="gsi-error" role="alert">
          {error}
        </p>
      )}
      {notice && !error && (
        <p class="gsi-notice" aria-live="polite">
          {notice}
        </p>
      )}
      {draft && inSession && <ManualFindingForm draft={draft} onChange={changeDraft} onPick={() => void pick()} onSave={saveManual} onCancel={cancelManual} />}
      {inSession ? (
        <>
          <BulkBar count={selected.size} onEdit={(edit) => void actions.edit([...selected], edit)} onClear={() => setSelected(new Set())} />
          <FindingList items={items} selected={selected} onSelect={select} actions={actions} db={db} pack={pack} capturing={capturing} />
        </>
      ) : (
        // Until the store is read the list would flash from counts to the session's list: wait for it.
        (store.ready || !db) && <RuleCounts findings={state.findings} onReveal={revealLive} />
      )}
      <RepostChecklist list={reposts} />
      <UnscannedList items={state.unscanned} />
      {db && <SweepPanel tabUrl={client?.url ?? state.url} />}
      <StorageFooter refresh={writes}>
        {state.scannedAt && <p>{t('popupScannedAt', new Date(state.scannedAt).toLocaleString(htmlLang(lang)))}</p>}
        {db && <SyncStatus compact />}
      </StorageFooter>
    </main>
  );
}
