import { browser } from 'wxt/browser';
import { isWebUrl, type Finding } from '@/lib/findings';
import type { ContentMessage } from '@/lib/messages';

export type OpenResult = 'shown' | 'hidden' | 'not-found' | 'page' | 'no-script' | 'not-web';

const READY_TIMEOUT_MS = 45_000;

/** The content script answers `get-state` once it runs in the tab's current document. */
async function waitForContentScript(tabId: number): Promise<boolean> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const tab = await browser.tabs.get(tabId).catch(() => null);
    if (!tab) return false;
    if (tab.status === 'complete') {
      const msg: ContentMessage = { type: 'get-state' };
      const state = await browser.tabs.sendMessage(tabId, msg).catch(() => null);
      if (state) return true;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** Opens the live page in a new tab and, once the extension runs there, highlights the finding's element. */
export async function openOnPage(finding: Finding): Promise<OpenResult> {
  // Checked again here, not only by the schema: whatever reached the store, only a web page is opened.
  if (!isWebUrl(finding.pageUrl)) return 'not-web';
  const tab = await browser.tabs.create({ url: finding.pageUrl, active: true });
  if (tab.id === undefined) return 'no-script';
  if (!finding.selector) return 'page';
  if (!(await waitForContentScript(tab.id))) return 'no-script';
  const msg: ContentMessage = { type: 'reveal-selector', selector: finding.selector, key: finding.key };
  const found = await browser.tabs.sendMessage(tab.id, msg).catch(() => 'missing');
  return found === 'shown' ? 'shown' : found === 'hidden' ? 'hidden' : 'not-found';
}
