import { browser } from 'wxt/browser';
import { readAccountPage } from './reader';
import { ACCOUNT_READING_MESSAGE } from './account';

/**
 * The content script's answer to `account-reading`, kept out of the page inspector's own messages: the
 * background (browser checking) and the CLI (`--accounts`) ask the same question and get the same reading.
 */
export function listenForAccountReading(doc: Document): () => void {
  const listener = (raw: unknown) => {
    if ((raw as { type?: unknown } | null)?.type !== ACCOUNT_READING_MESSAGE) return undefined;
    return browser.storage.local.get('checkDate').then(({ checkDate }) => {
      const now = typeof checkDate === 'string' ? new Date(`${checkDate}T12:00:00`) : new Date();
      return readAccountPage(doc, doc.location?.href ?? doc.URL, now);
    });
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
