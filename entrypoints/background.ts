import { BackgroundMessage } from '@/lib/messages';
import { createProber, type ProbePage } from '@/lib/links/prober';
import { idbProbeCache, pruneProbeCache } from '@/lib/links/cache';
import { watchOwnRequests } from '@/lib/links/web-request';
import { openStore } from '@/lib/store/db';
import { setupEmblemBackground } from '@/lib/emblem/background';
import { createAutoRecorder } from '@/lib/store/auto-recorder';
import { setupSyncBackground } from '@/lib/sync/background';
import { setupPopupBackground } from '@/lib/evidence/background';
import { setupSweepBackground } from '@/lib/sweep/background';
import { setupTabSessionCleanup } from '@/lib/store/session-area';
import { createAccountRecorder } from '@/lib/accounts/background';

/** Chromium stops an idle service worker after 30 s; an extension API call during long probing resets that. */
const KEEPALIVE_MS = 20_000;

export default defineBackground(() => {
  setupEmblemBackground();
  setupTabSessionCleanup();
  const db = openStore();
  setupPopupBackground(db);
  setupSweepBackground(db);
  void db.then((store) => pruneProbeCache(store)).catch(() => undefined);
  setupSyncBackground(db);
  const requests = watchOwnRequests(browser.webRequest, new URL(browser.runtime.getURL('/')).origin);
  const recorder = createAutoRecorder({
    db,
    stateOf: (tabId) => browser.tabs.sendMessage(tabId, { type: 'get-state' }),
    onError: (error) => console.warn('[gsi] recording a scan failed', error),
  });
  const accounts = createAccountRecorder(db, (error) => console.warn('[gsi] recording an account failed', error));
  browser.tabs.onRemoved.addListener((tabId) => accounts.forgetTab(tabId));
  const prober = createProber({ cache: idbProbeCache(db), describeFailure: requests.failureOf });

  let probing = 0;
  let keepalive: ReturnType<typeof setInterval> | undefined;
  const probe = async (urls: string[], page: ProbePage) => {
    if (probing++ === 0) keepalive = setInterval(() => void browser.runtime.getPlatformInfo(), KEEPALIVE_MS);
    try {
      return { results: await prober.probe(urls, page) };
    } finally {
      if (--probing === 0) clearInterval(keepalive);
    }
  };

  browser.runtime.onMessage.addListener((raw: unknown, sender) => {
    const parsed = BackgroundMessage.safeParse(raw);
    if (!parsed.success) return undefined;
    const msg = parsed.data;
    switch (msg.type) {
      case 'probe-links': {
        // The frame's address as the browser reports it, not as the message claims: the address policy
        // and the budget are the background's, whatever runs in the page.
        const documentId = (sender as { documentId?: string }).documentId;
        const url = sender.url ?? msg.pageUrl;
        return probe(msg.urls, { key: documentId ?? `${sender.tab?.id}:${sender.frameId}:${url}`, url });
      }
      case 'scan-summary': {
        const tabId = sender.tab?.id;
        if (tabId === undefined) return undefined;
        const text = msg.phase === 'done' || msg.total > 0 ? String(msg.total) : '…';
        void browser.action.setBadgeText({ tabId, text });
        void browser.action.setBadgeBackgroundColor({ tabId, color: msg.total > 0 ? '#d93025' : '#188038' });
        if (msg.phase === 'done') void recorder.scanSettled(tabId);
        if (msg.phase === 'done') void accounts.scanSettled(tabId);
        return undefined;
      }
    }
  });
});
