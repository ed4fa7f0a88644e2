import { render } from 'preact';
import { I18nProvider } from '@/components/i18n';
import { PopupApp, type PopupEnv, type TabClient } from '@/components/PopupApp';
import { CaptureEvidenceResponse, type CaptureEvidenceMessage } from '@/lib/messages';
import { openStore } from '@/lib/store';
import { loadRulePack } from '@/lib/rule-pack-store';
import './style.css';

const tabParam = new URLSearchParams(location.search).get('tabId');

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

const env: PopupEnv = {
  db: openStore(),
  capture: async (req) => {
    const msg: CaptureEvidenceMessage = { type: 'capture-evidence', ...req };
    return CaptureEvidenceResponse.parse(await browser.runtime.sendMessage(msg));
  },
  openSessions: () => void browser.tabs.create({ url: browser.runtime.getURL('/sessions.html') }),
  // Opened as a page (tests), the popup stays; as the real popup it closes so the inspector can pick on the page.
  close: () => (tabParam ? undefined : window.close()),
  loadPack: loadRulePack,
};

void targetTab().then((client) =>
  render(
    <I18nProvider>
      <PopupApp client={client} env={env} />
    </I18nProvider>,
    document.getElementById('app')!,
  ),
);
