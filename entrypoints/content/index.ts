import { ProbeLinksResponse, type BackgroundMessage } from '@/lib/messages';
import { loadRulePack, onRulePackChange } from '@/lib/rule-pack/store';
import { RULES } from '@/lib/rules';
import { PageInspector } from '@/lib/engine/inspector';
import { pageImageDeps } from '@/lib/emblem/page-images';
import { createOverlay } from './overlay';
import { createPopupContent } from '@/lib/engine/page-tools';
import { locate } from '@/lib/overlay/locate';
import { handleContentMessage, handleOwnPageMessage } from '@/lib/engine/content-messages';
import { isOwnDocument } from '@/lib/engine/own-pages';
import { listenForAccountReading } from '@/lib/accounts/content';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  async main(ctx) {
    // The extension's own pages and the reports it exports are not inspected (no scan, no overlay).
    if (isOwnDocument(document, browser.runtime.getURL('/'))) {
      browser.runtime.onMessage.addListener((raw: unknown) => handleOwnPageMessage(raw));
      return;
    }
    // chrome.dom.openOrClosedShadowRoot throws for anything but an HTMLElement (an inline <svg>, MathML).
    const openOrClosed = (el: Element) =>
      el instanceof HTMLElement
        ? ((globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?(e: Element): ShadowRoot | null } } }).chrome?.dom?.openOrClosedShadowRoot?.(el) ?? null)
        : null;
    const overlay = createOverlay(document, {
      onToggle: (visible) => inspector.setOverlayVisible(visible),
      openClosedRoot: openOrClosed,
    });
    let lastPhase = '';
    const inspector = new PageInspector(document, {
      rules: RULES,
      pack: await loadRulePack(),
      probe: async (urls) => {
        const msg: BackgroundMessage = { type: 'probe-links', urls, pageUrl: location.href };
        return ProbeLinksResponse.parse(await browser.runtime.sendMessage(msg)).results;
      },
      onState: (state) => {
        overlay.render(state);
        if (state.phase !== lastPhase) {
          lastPhase = state.phase;
          const msg: BackgroundMessage = { type: 'scan-summary', phase: state.phase, total: state.findings.length };
          browser.runtime.sendMessage(msg).catch(() => undefined);
        }
      },
      // The overlay's own closed root holds finding messages that quote page text: never scan it.
      openClosedRoot: (el) => (overlay.owns(el) ? null : openOrClosed(el)),
      images: pageImageDeps(document, (msg) => browser.runtime.sendMessage(msg)),
    });
    const popupSide = createPopupContent(document, { openClosedRoot: (el) => (overlay.owns(el) ? null : openOrClosed(el)), ignore: (el) => overlay.owns(el) });

    browser.runtime.onMessage.addListener((raw: unknown) =>
      handleContentMessage(raw, { inspector, overlay, tools: popupSide, onPage: (selector) => !!locate(document, selector, openOrClosed) }),
    );

    const stopAccountReading = listenForAccountReading(document);
    const { checkDate } = await browser.storage.local.get('checkDate');
    if (typeof checkDate === 'string') inspector.setCheckDate(new Date(checkDate));
    const stopPackWatch = onRulePackChange((active) => {
      inspector.setPack(active.pack);
      void inspector.rescan();
    });
    ctx.onInvalidated(() => {
      stopPackWatch();
      stopAccountReading();
      popupSide.destroy();
      inspector.stop();
      overlay.destroy();
    });
    // Watch before the first scan: spam injected while it runs (it takes seconds with link probing) would
    // otherwise never be scanned.
    inspector.watch();
    await inspector.rescan();
  },
});
