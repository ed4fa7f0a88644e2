import { browser } from 'wxt/browser';
import { PopupBackgroundMessage, ScanState, type CaptureEvidenceResponse } from '../messages';
import { applyPick, clearDraft } from '../store/manual-draft';
import { captureEvidence, type CaptureDeps } from './capture';
import type { InspectorStore } from '../store/db';

/**
 * The popup's side of the service worker: the element picker's result (the popup is usually closed by
 * then) goes into the tab's manual-finding draft, and evidence is captured here, where it finishes even if
 * the popup closes meanwhile.
 */
export function setupPopupBackground(db: Promise<InspectorStore>): void {
  browser.runtime.onMessage.addListener((raw: unknown, sender) => {
    const parsed = PopupBackgroundMessage.safeParse(raw);
    if (!parsed.success) return undefined;
    const msg = parsed.data;
    if (msg.type === 'picked-element') {
      const tabId = sender.tab?.id;
      return tabId === undefined ? undefined : applyPick(tabId, msg.picked).then(() => true);
    }
    return captureEvidence(
      browserCaptureDeps(db),
      msg,
    ).then(
      ({ evidence, outlined, hidden }): CaptureEvidenceResponse => ({ ok: true, id: evidence.id, ...(outlined === false ? { outlined } : {}), ...(hidden ? { hidden } : {}) }),
      (error: unknown): CaptureEvidenceResponse => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  // A closed tab's draft is of no use any more.
  browser.tabs.onRemoved.addListener((tabId) => void clearDraft(tabId).catch(() => undefined));
}

/**
 * Capture through the browser's tabs: the overlay and its chip hidden while the visible tab is captured, the
 * element outlined by the content script. The popup's evidence and an account page's evidence both use it.
 */
export function browserCaptureDeps(db: Promise<InspectorStore>): CaptureDeps {
  return {
    db,
    getTab: (id) => browser.tabs.get(id),
    activate: (id) => browser.tabs.update(id, { active: true }),
    setOverlay: async (id, visible) => {
      const before = ScanState.safeParse(await browser.tabs.sendMessage(id, { type: 'get-state' }));
      await browser.tabs.sendMessage(id, { type: 'set-overlay', visible });
      return before.success ? before.data.overlayVisible : undefined;
    },
    mark: (id, selector) => browser.tabs.sendMessage(id, { type: 'mark-element', selector, ...(selector ? { detail: true } : {}) }),
    setCapturing: (id, on) => browser.tabs.sendMessage(id, { type: 'capture-mode', on }),
    captureVisibleTab: (windowId) => (windowId === undefined ? browser.tabs.captureVisibleTab({ format: 'png' }) : browser.tabs.captureVisibleTab(windowId, { format: 'png' })),
  };
}
