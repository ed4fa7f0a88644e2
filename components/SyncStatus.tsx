import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { openStore } from '@/lib/store/db';
import { SyncStatus as SyncStatusSchema, readSyncStatus, type SyncStatus as Status } from '@/lib/sync/status';
import { SyncStatusMessage, type SyncMessage } from '@/lib/sync/messages';
import { loadSyncSettings, onSyncSettingsChange } from '@/lib/sync/settings';
import { htmlLang } from '@/lib/i18n';
import { useI18n } from './i18n';

/** The outbox grows while the inspector works (scans recorded in the background): look again this often. */
const REFRESH_MS = 3_000;

/**
 * Sync at a glance, for the popup footer (`compact`) and the options page: what is waiting, when the last sync
 * finished, the last error in words, and a button that syncs now (the background runs it).
 */
export function SyncStatus({ compact = false }: { compact?: boolean }) {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState<Status | null>(null);
  const [syncing, setSyncing] = useState(false);

  useEffect(() => {
    let live = true;
    const db = openStore();
    // Whether sync is set up is the saved settings' word, not the last run's (it may predate them).
    const refresh = () =>
      void Promise.all([db.then(readSyncStatus), loadSyncSettings()])
        .then(([s, settings]) => live && setStatus({ ...s, configured: settings !== null }))
        .catch(() => undefined);
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    const onMessage = (raw: unknown) => {
      if (SyncStatusMessage.safeParse(raw).success) refresh();
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    const stopSettings = onSyncSettingsChange(refresh);
    return () => {
      live = false;
      stopSettings();
      clearInterval(timer);
      browser.runtime.onMessage.removeListener(onMessage);
      void db.then((d) => d.close());
    };
  }, []);

  async function syncNow(): Promise<void> {
    setSyncing(true);
    try {
      const msg: SyncMessage = { type: 'sync-now' };
      const answer = SyncStatusSchema.safeParse(await browser.runtime.sendMessage(msg));
      if (answer.success) setStatus(answer.data);
    } catch (error) {
      setStatus((s) => ({ ...(s ?? { pending: 0, configured: true }), lastError: t('sync_background_unreachable', String((error as Error)?.message ?? error)) }));
    } finally {
      setSyncing(false);
    }
  }

  const time = (iso?: string) => (iso ? new Date(iso).toLocaleString(htmlLang(lang), { hour12: false }) : t('sync_never'));

  if (status && !status.configured) {
    return (
      <div class={`gsi-sync${compact ? ' compact' : ''}`} data-testid="sync-status">
        <span class="gsi-sync-line">{t('sync_not_configured', status.pending)}</span>
        {/* The full form is the options page's own: there, a link to it would only reopen the page. */}
        {compact && (
          <button type="button" class="gsi-sync-link" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('sync_open_settings')}
          </button>
        )}
      </div>
    );
  }
  return (
    <div class={`gsi-sync${compact ? ' compact' : ''}`} data-testid="sync-status" aria-live="polite">
      <span class="gsi-sync-line">
        <span data-testid="sync-pending">{t('sync_pending', status?.pending ?? 0)}</span>
        <span class="gsi-sync-sep"> · </span>
        <span data-testid="sync-last">{t('sync_last', time(status?.lastSyncAt))}</span>
      </span>
      <button type="button" onClick={() => void syncNow()} disabled={syncing} data-testid="sync-now">
        {syncing ? t('sync_running') : t('sync_now')}
      </button>
      {status?.lastError && (
        <p class="gsi-sync-error" role="alert" data-testid="sync-error">
          {status.lastError}
        </p>
      )}
    </div>
  );
}
