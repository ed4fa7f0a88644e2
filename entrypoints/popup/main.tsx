import { render } from 'preact';
import { I18nProvider } from '@/components/i18n';
import { PopupApp, askState, type PopupInitial } from '@/components/PopupApp';
import type { PopupEnv, TabClient } from '@/components/popup/types';
import { pageUrlOfScan } from '@/lib/store/recording';
import { readStoreView } from '@/components/popup/usePopupStore';
import { CaptureEvidenceResponse, type CaptureEvidenceMessage } from '@/lib/messages';
import { openStore, type InspectorStore } from '@/lib/store/db';
import { loadLanguage, type Language } from '@/lib/i18n';
import './style.css';
import { pageKey } from '@/lib/page/key';

performance.mark('popup:script');
const tabParam = new URLSearchParams(location.search).get('tabId');
/** How long the first render waits for the page's state and the store; past it the popup shows "loading". */
const FIRST_VIEW_WAIT_MS = 500;

/**
 * The tab the popup reports on: the active tab of its window, or `?tabId=<n>` when the popup is opened as a
 * page (end-to-end tests open it in a tab of its own, where "active tab" would be the popup itself).
 */
async function targetTab(): Promise<TabClient | null> {
  const tab = tabParam ? await browser.tabs.get(Number(tabParam)).catch(() => undefined) : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  if (tab?.id === undefined) return null;
  const tabId = tab.id;
  return { id: tabId, url: tab.url, send: (message) => browser.tabs.sendMessage(tabId, message) };
}

/**
 * The page's scan state and the store for that page, read at the same time: the store is read for the tab's
 * address (what the page's findings are stored under, but for a page that changed its address since the scan),
 * and read again for the scanned address when the two differ.
 */
async function firstView(client: TabClient, db: Promise<InspectorStore>): Promise<PopupInitial | undefined> {
  const guess = client.url ? pageKey(client.url) : null;
  const early = guess ? db.then((store) => readStoreView(store, guess)).catch(() => null) : Promise.resolve(null);
  const state = await askState(client, { type: 'get-state' });
  performance.mark('popup:state');
  if (!state) return undefined;
  const pageUrl = pageUrlOfScan(state);
  const view = pageUrl === guess ? await early : await readStoreView(await db, pageUrl).catch(() => null);
  performance.mark('popup:store');
  return { state, ...(view ? { store: { pageUrl, view } } : {}) };
}

const db = openStore();
const language = loadLanguage().catch((): Language | undefined => undefined);
const env: PopupEnv = {
  db,
  capture: async (req) => {
    const msg: CaptureEvidenceMessage = { type: 'capture-evidence', ...req };
    return CaptureEvidenceResponse.parse(await browser.runtime.sendMessage(msg));
  },
  openSessions: () => void browser.tabs.create({ url: browser.runtime.getURL('/sessions.html') }),
  // Opened as a page (tests), the popup stays; as the real popup it closes so the inspector can pick on the page.
  close: () => (tabParam ? undefined : window.close()),
  // The rule pack (for site names and emblem references) is not needed for the first render: its parser loads after.
  loadPack: () => import('@/lib/rule-pack/store').then((m) => m.loadRulePack()),
};

void targetTab().then(async (client) => {
  performance.mark('popup:tab');
  const [initial, lang] = await Promise.race([
    Promise.all([client ? firstView(client, db).catch(() => undefined) : undefined, language]),
    new Promise<[undefined, undefined]>((done) => setTimeout(() => done([undefined, undefined]), FIRST_VIEW_WAIT_MS)),
  ]);
  render(
    <I18nProvider initial={lang}>
      <PopupApp client={client} env={env} initial={initial} />
    </I18nProvider>,
    document.getElementById('app')!,
  );
});
