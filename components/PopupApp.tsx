import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ScanState, RepostChecklistResponse, type CaptureEvidenceMessage, type CaptureEvidenceResponse, type ContentMessage } from '@/lib/messages';
import { htmlLang } from '@/lib/i18n';
import { phaseText } from '@/lib/overlay/legend';
import type { RulePack } from '@/lib/rule-pack/pack';
import type { InspectorStore } from '@/lib/store/db';
import { quarterOf } from '@/lib/store/sessions';
import { LanguageSwitch, useI18n } from './i18n';
import { RuleCounts } from './RuleCounts';
import { UnscannedList } from './UnscannedList';
import { NetworkNotice } from './NetworkNotice';
import { usePopupStore, type InitialStore } from './popup/usePopupStore';
import { SessionBar } from './popup/SessionBar';
import { NewSessionForm } from './popup/NewSessionForm';
import { FindingList } from './popup/FindingList';
import { WordedError, type ListItem, type PopupEnv, type TabClient } from './popup/types';
import { usePopupActions } from './popup/usePopupActions';
import { listItems } from './popup/list-items';
import { BulkBar } from './popup/BulkBar';
import { ManualFindingForm } from './popup/ManualFindingForm';
import { RepostChecklist } from './popup/RepostChecklist';
import { StorageFooter } from './popup/StorageFooter';
import { SweepPanel } from './SweepPanel';
import { SyncStatus } from './SyncStatus';
import { pageUrlOfScan } from '@/lib/store/recording';

/** Ask the tab's content script and read its scan state; null when the page cannot answer or answers nonsense. */
export async function askState(client: TabClient, message: ContentMessage): Promise<ScanState | null> {
  try {
    const parsed = ScanState.safeParse(await client.send(message));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** While the popup is open the state is re-read this often: phases and counts change as links are probed. */
export const POLL_MS = 700;
type View = { kind: 'loading' } | { kind: 'ready'; state: ScanState } | { kind: 'unreachable' };

/** Pages the browser never lets an extension script into. */
export function isInternalUrl(url: string | undefined): boolean {
  if (!url) return true;
  if (/^(chrome|edge|about|devtools|chrome-extension|moz-extension|view-source|chrome-search):/i.test(url)) return true;
  return /^https:\/\/(chrome\.google\.com\/webstore|chromewebstore\.google\.com|microsoftedge\.microsoft\.com\/addons)\b/i.test(url);
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
  const [tick, setTick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reposts, setReposts] = useState<RepostChecklistResponse | null>(null);
  const [pack, setPack] = useState<RulePack | null>(null);
  const [writes, setWrites] = useState(0);

  const state = view.kind === 'ready' ? view.state : null;
  const pageUrl = state ? pageUrlOfScan(state) : null;
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

  const {
    busy,
    selected,
    capturing,
    draft,
    currentSite,
    actions,
    rescan,
    toggle,
    revealLive,
    create,
    addSite,
    switchSession,
    select,
    clearSelection,
    changeDraft,
    startManual,
    pick,
    saveManual,
    cancelManual,
  } = usePopupActions({ client, env, state, store, pack, t, write, ask, onState: (next) => setView(next ? { kind: 'ready', state: next } : { kind: 'unreachable' }) });

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
  const working = state.phase === 'scanning' || state.phase === 'probing' || busy;
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
          <BulkBar count={selected.size} onEdit={(edit) => void actions.edit([...selected], edit)} onClear={clearSelection} />
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
