import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { openStore } from '@/lib/store/db';
import { SyncStatus as SyncStatusSchema, readSyncStatus, type SyncStatus as Status } from '@/lib/sync/status';
import { SyncStatusMessage, type SyncMessage } from '@/lib/sync/messages';
import { loadSyncSettings, onSyncSettingsChange } from '@/lib/sync/settings';
import { copyHeldAsOwn, dropHeld, heldRecords, type HeldRecord } from '@/lib/sync/held';
import { htmlLang, type MessageKey } from '@/lib/i18n';
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
  const [held, setHeld] = useState<HeldRecord[]>([]);
  const [actionError, setActionError] = useState('');
  const [refreshTick, setRefreshTick] = useState(0);

  useEffect(() => {
    let live = true;
    const db = openStore();
    // Whether sync is set up is the saved settings' word, not the last run's (it may predate them).
    const refresh = () =>
      void Promise.all([db.then(readSyncStatus), loadSyncSettings(), db.then(heldRecords)])
        .then(([s, settings, waiting]) => {
          if (!live) return;
          setStatus({ ...s, configured: settings !== null });
          setHeld(waiting);
        })
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
  }, [refreshTick]);

  /** The inspector's decision on a held record, written here; the background sends what it queued soon. */
  async function decide(ref: string, action: 'copy' | 'drop'): Promise<void> {
    setActionError('');
    const db = await openStore();
    try {
      if (action === 'copy') await copyHeldAsOwn(db, ref);
      else await dropHeld(db, ref);
      setHeld(await heldRecords(db));
      setStatus(await readSyncStatus(db).then((s) => ({ ...s, configured: status?.configured ?? true })));
      const msg: SyncMessage = { type: 'sync-soon' };
      void browser.runtime.sendMessage(msg).catch(() => undefined);
    } catch (error) {
      setActionError(t('sync_held_failed', String((error as Error)?.message ?? error)));
      setRefreshTick((n) => n + 1);
    } finally {
      db.close();
    }
  }

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
      {held.length > 0 && <HeldList held={held} onDecide={(ref, action) => void decide(ref, action)} />}
      {actionError && (
        <p class="gsi-sync-error" role="alert">
          {actionError}
        </p>
      )}
    </div>
  );
}

/** At most this many held records are listed at once: the popup footer stays short. */
const HELD_SHOWN = 5;

const HELD_REASON: Record<string, MessageKey> = {
  'not-owner': 'sync_held_not_owner',
  'invalid-status': 'sync_held_invalid_status',
  'duplicate-id': 'sync_held_duplicate_id',
  invalid: 'sync_held_invalid',
};

/** Records the server refused by name, each with the reason in plain words and the two ways out. */
function HeldList({ held, onDecide }: { held: HeldRecord[]; onDecide(ref: string, action: 'copy' | 'drop'): void }) {
  const { t } = useI18n();
  return (
    <div class="gsi-sync-held" data-testid="sync-held">
      <p class="gsi-sync-held-heading">{t('sync_held_heading', held.length)}</p>
      <ul>
        {held.slice(0, HELD_SHOWN).map((h) => (
          <li key={h.ref} data-testid="sync-held-item" data-id={h.id} data-code={h.code}>
            <strong class="gsi-sync-held-label">{h.label || h.pageUrl || h.id}</strong>
            <span class="gsi-sync-held-reason" data-testid="sync-held-reason">
              {t(HELD_REASON[h.code] ?? 'sync_held_other')}
            </span>
            <span class="gsi-sync-held-said">{t('sync_held_server_said', h.message)}</span>
            <span class="gsi-sync-held-help">{t('sync_held_what_to_do')}</span>
            <span class="gsi-sync-held-actions">
              {h.code !== 'invalid' && (
                <button type="button" data-testid="sync-held-copy" onClick={() => onDecide(h.ref, 'copy')}>
                  {t('sync_held_copy')}
                </button>
              )}
              <button type="button" data-testid="sync-held-drop" onClick={() => onDecide(h.ref, 'drop')}>
                {t('sync_held_drop')}
              </button>
            </span>
          </li>
        ))}
      </ul>
      {held.length > HELD_SHOWN && <p class="gsi-sync-held-more">{t('sync_held_more', held.length - HELD_SHOWN)}</p>}
    </div>
  );
}
