import type { Evidence } from '../findings';
import { saveEvidence } from '../store/evidence';
import type { InspectorStore } from '../store/db';
import type { CaptureEvidenceMessage } from '../messages';
import { HIDDEN_NOTES, stampImage } from './stamp';
import { pageKey } from '../page/key';

/** What capture needs from the browser: the service worker passes `browser.tabs` and the content script. */
export interface CaptureDeps {
  db: Promise<InspectorStore>;
  getTab(tabId: number): Promise<{ windowId?: number; active?: boolean; url?: string; title?: string }>;
  activate(tabId: number): Promise<unknown>;
  /** Show or hide the page's overlay; resolves whether it was shown before (undefined: no answer). */
  setOverlay(tabId: number, visible: boolean): Promise<boolean | undefined>;
  /**
   * Outline the element (or clear the outline with ''); resolves a MarkResult ('shown', 'container' for an
   * invisible element's visible container, 'none'), or true/false from a content script that says no more.
   */
  mark(tabId: number, selector: string): Promise<unknown>;
  /** Hide everything of the overlay, its 显示标注 chip too, while capturing. */
  setCapturing?(tabId: number, on: boolean): Promise<unknown>;
  captureVisibleTab(windowId: number | undefined): Promise<string>;
  now?(): Date;
}

export interface CaptureResult {
  evidence: Evidence;
  /** Whether the element was outlined; null when the whole page was captured (no selector). */
  outlined: boolean | null;
  /** The finding's element is invisible: the stamp says so, and where it sits is outlined if it could be. */
  hidden: boolean;
}

/**
 * 截图取证: outline the finding's element, capture the visible tab, stamp the address and the capture time
 * under the image, store it and point the findings at it. The overlay's boxes and tooltips are hidden for the
 * capture (the evidence shows the page as the public sees it, with the one element outlined) and come back,
 * with the outline cleared, whatever happens.
 */
export async function captureEvidence(deps: CaptureDeps, req: CaptureEvidenceMessage): Promise<CaptureResult> {
  let tab = await deps.getTab(req.tabId);
  // captureVisibleTab takes the window's active tab; the popup's tab is that tab, but a popup opened as a page is not.
  if (!tab.active) {
    await deps.activate(req.tabId);
    tab = await deps.getTab(req.tabId);
  }
  const url = tab.url ?? '';
  let dataUrl: string;
  let outlined: boolean | null = null;
  let hidden = false;
  const overlayWasShown = await deps.setOverlay(req.tabId, false).catch(() => undefined);
  await deps.setCapturing?.(req.tabId, true).catch(() => undefined);
  try {
    // An element the page does not show (a hidden link, a closed menu) is outlined at the visible container
    // it sits in, when that says where; else the page is captured all the same, and the stamp and the
    // inspector are told.
    if (req.selector) {
      const result = await deps.mark(req.tabId, req.selector).catch(() => false);
      outlined = result === true || result === 'shown' || result === 'container';
      hidden = result === 'container' || result === 'none';
    }
    dataUrl = await deps.captureVisibleTab(tab.windowId);
  } finally {
    if (req.selector) await deps.mark(req.tabId, '').catch(() => undefined);
    await deps.setCapturing?.(req.tabId, false).catch(() => undefined);
    if (overlayWasShown) await deps.setOverlay(req.tabId, true).catch(() => undefined);
  }
  const capturedAt = deps.now?.() ?? new Date();
  const bitmap = await createImageBitmap(await (await fetch(dataUrl)).blob());
  const note = hidden ? HIDDEN_NOTES[outlined ? 'container' : 'none'] : undefined;
  const canvas = stampImage(bitmap, url, capturedAt, note);
  bitmap.close();
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  const evidence = await saveEvidence(
    await deps.db,
    {
      ...(req.sessionId ? { sessionId: req.sessionId } : {}),
      findingIds: req.findingIds,
      pageUrl: pageKey(url),
      pageTitle: tab.title ?? '',
      blob,
      width: canvas.width,
      height: canvas.height,
    },
    capturedAt,
  );
  return { evidence, outlined, hidden };
}
