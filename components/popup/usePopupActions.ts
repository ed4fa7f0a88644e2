import { useEffect, useState } from 'preact/hooks';
import type { ContentMessage, ScanState } from '@/lib/messages';
import type { Finding } from '@/lib/findings';
import type { RulePack } from '@/lib/rule-pack/pack';
import { addSites, createSession, pageSite, setActiveSession } from '@/lib/store/sessions';
import { addManualFinding, editFindings, findingsForPage, pageUrlOfScan, recordLiveScan, type FindingEdit } from '@/lib/store/recording';
import { clearDraft, loadDraft, onDraftChange, saveDraft, type ManualDraft } from '@/lib/store/manual-draft';
import type { Translate } from '@/lib/i18n';
import type { StoreView } from './usePopupStore';
import type { NewSessionInput } from './NewSessionForm';
import { MARK_MS, WordedError, type FindingActions, type PopupEnv, type TabClient } from './types';

export interface PopupActionsInput {
  client: TabClient | null;
  env?: PopupEnv;
  /** The page's scan state; null until the content script has answered. */
  state: ScanState | null;
  store: StoreView;
  pack: RulePack | null;
  t: Translate;
  /** Runs a store write and says how it went (the popup's notice or error line). */
  write(action: () => Promise<string | void>): Promise<void>;
  /** Asks the content script and returns the state it answers with. */
  ask(message: ContentMessage): Promise<ScanState | null>;
  /** The popup's view follows a state a command answered with (null: the page no longer answers). */
  onState(next: ScanState | null): void;
}

/**
 * What the inspector can do in the popup, over the lib functions that do it: decide on findings (storing the
 * live scan first when the background has not yet), capture evidence, rescan, start a session or add the
 * page's site to it, select for bulk decisions, and write a manual finding (a draft per tab that survives the
 * popup closing while the inspector picks the element on the page).
 */
export function usePopupActions({ client, env, state, store, pack, t, write, ask, onState }: PopupActionsInput) {
  const db = env?.db ?? null;
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [capturing, setCapturing] = useState<string | null>(null);
  const [draft, setDraft] = useState<ManualDraft | null>(null);
  const { active } = store;

  useEffect(() => {
    const tabId = client?.id;
    if (tabId === undefined || !db) return;
    void loadDraft(tabId).then(setDraft, () => undefined);
    return onDraftChange(tabId, setDraft);
  }, [client, db]);

  const currentSite = state ? pageSite(state.url, pack?.sites) : null;

  /** Store the live scan (the background may not have yet) and return the stored ids of `keys`. */
  const storedIds = async (keys: readonly string[]): Promise<string[]> => {
    const byKey = new Map(store.stored.map((f) => [f.key, f.id]));
    if (state && active && keys.some((k) => !byKey.has(k))) {
      const store_ = await db!;
      await recordLiveScan(store_, active, state);
      for (const f of await findingsForPage(store_, active.id, pageUrlOfScan(state))) byKey.set(f.key, f.id);
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
    onState(next);
  };
  const toggle = async (visible: boolean) => {
    const next = await ask({ type: 'set-overlay', visible });
    if (next) onState(next);
  };
  const revealLive = async (key: string) => (await client?.send({ type: 'reveal', key }).catch(() => false)) === true;

  const recordNow = async (session: { id: string; inspector: string }) => {
    if (state?.phase === 'done') await recordLiveScan(await db!, session, state);
  };
  const create = (input: NewSessionInput) =>
    write(async () => {
      const session = await createSession(await db!, {
        name: input.name,
        quarter: input.quarter,
        inspector: input.inspector,
        sites: input.addCurrent && currentSite ? [{ name: currentSite.name, url: currentSite.url }] : [],
      });
      if (input.addCurrent) await recordNow(session);
    });
  const addSite = () =>
    write(async () => {
      if (!active || !currentSite) return;
      await addSites(await db!, active.id, [{ name: currentSite.name, url: currentSite.url }]);
      await recordNow(active);
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
  const clearSelection = () => setSelected(new Set());

  const changeDraft = (next: ManualDraft) => {
    setDraft(next);
    void saveDraft(next).catch(() => undefined);
  };
  const startManual = () => {
    if (client?.id === undefined || !state) return;
    changeDraft({ tabId: client.id, pageUrl: pageUrlOfScan(state), pageTitle: state.title, rule: 'wording-error', severity: 'deduct', category: '', label: '', note: '', target: null, picking: false });
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

  return {
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
  };
}
