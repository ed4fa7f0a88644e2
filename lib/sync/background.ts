import { browser } from 'wxt/browser';
import { runSync } from './run';
import type { InspectorStore } from '../store/db';
import { SyncMessage, type SyncStatusMessage } from './messages';
import { onSyncSettingsChange } from './settings';
import type { SyncStatus } from './status';

export const SYNC_ALARM = 'gsi-sync';
/** A change (a recorded scan, an edit) is sent this soon, several changes in a row together. */
const SOON_MS = 5_000;
/** Chromium stops an idle service worker after 30 s; an API call during a long backoff wait resets that. */
const KEEPALIVE_MS = 20_000;

async function keepAliveSleep(ms: number): Promise<void> {
  const ping = setInterval(() => void browser.runtime.getPlatformInfo(), KEEPALIVE_MS);
  try {
    await new Promise((r) => setTimeout(r, ms));
  } finally {
    clearInterval(ping);
  }
}

/**
 * Sync in the background service worker: every minute (an alarm, which also wakes a stopped worker),
 * soon after a change, when the connection settings change, and at once when a page asks. One run at a
 * time; a request during a run gets one more run after it.
 */
export function setupSyncBackground(db: Promise<InspectorStore>): void {
  let running: Promise<SyncStatus> | null = null;
  let queued: Promise<SyncStatus> | null = null;
  let soon: ReturnType<typeof setTimeout> | undefined;

  const once = async (): Promise<SyncStatus> => {
    const outcome = await runSync({ db: await db, sleep: keepAliveSleep });
    const msg: SyncStatusMessage = { type: 'sync-status', status: outcome.status };
    browser.runtime.sendMessage(msg).catch(() => undefined);
    if (outcome.error) console.warn('[gsi] sync', outcome.status.lastError);
    return outcome.status;
  };
  const run = (): Promise<SyncStatus> => {
    if (!running) {
      running = once().finally(() => (running = null));
      return running;
    }
    queued ??= running.catch(() => undefined).then(() => {
      queued = null;
      return run();
    });
    return queued;
  };
  const runSoon = (ms = SOON_MS) => {
    clearTimeout(soon);
    soon = setTimeout(() => void run().catch(() => undefined), ms);
  };

  void browser.alarms.create(SYNC_ALARM, { periodInMinutes: 1, delayInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void run().catch(() => undefined);
  });
  onSyncSettingsChange(() => runSoon(500));
  browser.runtime.onMessage.addListener((raw: unknown) => {
    // A settled scan is recorded into the session by the background: send it soon after.
    if ((raw as { type?: unknown; phase?: unknown })?.type === 'scan-summary' && (raw as { phase?: unknown }).phase === 'done') {
      runSoon();
      return undefined;
    }
    const parsed = SyncMessage.safeParse(raw);
    if (!parsed.success) return undefined;
    if (parsed.data.type === 'sync-now') return run();
    runSoon();
    return undefined;
  });
  runSoon();
}
