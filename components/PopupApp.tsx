import { useCallback, useEffect, useState } from 'preact/hooks';
import { ScanState, type ContentMessage } from '@/lib/messages';
import { htmlLang } from '@/lib/i18n';
import { phaseText } from '@/lib/overlay/legend';
import { LanguageSwitch, useI18n } from './i18n';
import { RuleCounts } from './RuleCounts';
import { UnscannedList } from './UnscannedList';

/** How the popup reaches the content script of one tab. */
export interface TabClient {
  /** The tab's address, to explain why a page cannot be inspected. */
  url?: string;
  send(message: ContentMessage): Promise<unknown>;
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

/** The popup's first version: this page's counts per rule, scan phase, rescan, overlay toggle, what was not scanned. */
export function PopupApp({ client }: { client: TabClient | null }) {
  const { t, lang } = useI18n();
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);

  const ask = useCallback(
    async (message: ContentMessage): Promise<ScanState | null> => {
      if (!client) return null;
      try {
        const parsed = ScanState.safeParse(await client.send(message));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    [client],
  );

  const refresh = useCallback(async () => {
    const state = await ask({ type: 'get-state' });
    setView(state ? { kind: 'ready', state } : { kind: 'unreachable' });
    return state;
  }, [ask]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loop = async () => {
      const state = await refresh();
      if (!stopped && state) timer = setTimeout(loop, POLL_MS);
    };
    void loop();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [refresh]);

  const header = (
    <header class="gsi-header">
      <img src="/icon/32.png" alt="" width={20} height={20} />
      <h1>{t('appName')}</h1>
      <LanguageSwitch />
    </header>
  );

  if (view.kind === 'loading') {
    return (
      <main class="gsi-popup">
        {header}
        <p class="gsi-muted" role="status">
          {t('popupLoading')}
        </p>
      </main>
    );
  }
  if (view.kind === 'unreachable') {
    return (
      <main class="gsi-popup">
        {header}
        <section class="gsi-cannot" role="status">
          <h2>{t('popupCannotInspect')}</h2>
          <p>{isInternalUrl(client?.url) ? t('popupCannotInspectInternal') : t('popupCannotInspectReload')}</p>
          {client?.url && <p class="gsi-url">{client.url}</p>}
        </section>
      </main>
    );
  }

  const { state } = view;
  const working = state.phase === 'scanning' || state.phase === 'probing' || busy;
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
  const reveal = async (key: string) => (await client?.send({ type: 'reveal', key }).catch(() => false)) === true;

  return (
    <main class="gsi-popup">
      {header}
      <section class="gsi-page">
        <p class="gsi-title" title={state.title}>
          {state.title || state.url}
        </p>
        <p class="gsi-url" title={state.url}>
          {state.url}
        </p>
      </section>
      <section class="gsi-status">
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
      <label class="gsi-toggle">
        <input type="checkbox" role="switch" checked={state.overlayVisible} onChange={(e) => toggle((e.currentTarget as HTMLInputElement).checked)} />
        {t('popupOverlayToggle')}
      </label>
      <RuleCounts findings={state.findings} onReveal={reveal} />
      <UnscannedList items={state.unscanned} />
      {state.scannedAt && (
        <footer class="gsi-footer">{t('popupScannedAt', new Date(state.scannedAt).toLocaleString(htmlLang(lang)))}</footer>
      )}
    </main>
  );
}
