import { render } from 'preact';
import { I18nProvider } from '@/components/i18n';
import { PopupApp, type TabClient } from '@/components/PopupApp';
import './style.css';

/**
 * The tab the popup reports on: the active tab of its window, or `?tabId=<n>` when the popup is opened as a
 * page (end-to-end tests open it in a tab of its own, where "active tab" would be the popup itself).
 */
async function targetTab(): Promise<TabClient | null> {
  const param = new URLSearchParams(location.search).get('tabId');
  const tab = param ? await browser.tabs.get(Number(param)).catch(() => undefined) : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  if (tab?.id === undefined) return null;
  const tabId = tab.id;
  return { url: tab.url, send: (message) => browser.tabs.sendMessage(tabId, message) };
}

void targetTab().then((client) =>
  render(
    <I18nProvider>
      <PopupApp client={client} />
    </I18nProvider>,
    document.getElementById('app')!,
  ),
);
