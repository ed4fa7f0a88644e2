import { ContentMessage, ProbeLinksResponse, type BackgroundMessage } from '@/lib/messages';
import { loadRulePack, onRulePackChange } from '@/lib/rule-pack/store';
import { RULES } from '@/lib/rules';
import { PageInspector } from '@/lib/engine/inspector';
import { pageImageDeps } from '@/lib/emblem/page-images';
import { createOverlay } from './overlay';
import { createPopupContent } from '@/lib/engine/page-tools';
import { locate } from '@/lib/overlay/locate';
import { listenForAccountReading } from '@/lib/accounts/content';

/** How long opening a finding on its page waits for the page's first scan before looking for the element. */
const REVEAL_WAIT_MS = 30_000;

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  async main(ctx) {
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

    browser.runtime.onMessage.addListener((raw: unknown) => {
      const parsed = ContentMessage.safeParse(raw);
      if (!parsed.success) return undefined;
      const msg = parsed.data;
      switch (msg.type) {
        case 'get-state':
          return Promise.resolve(inspector.current);
        case 'rescan':
          return inspector.rescan().then(() => inspector.current);
        case 'set-overlay':
          inspector.setOverlayVisible(msg.visible);
          return Promise.resolve(inspector.current);
        case 'reveal':
          return Promise.resolve(overlay.reveal(msg.key));
        case 'set-now':
          inspector.setCheckDate(new Date(msg.now));
          return inspector.rescan().then(() => inspector.current);
        case 'reveal-selector':
          // A page opened from the review page: its scripts may still be building the element, and the
          // overlay has nothing to flash until the first scan is done.
          return inspector.settled(REVEAL_WAIT_MS).then(async () => {
            const flashed = msg.key ? overlay.reveal(msg.key) : false;
            const marked = await popupSide.handle({ type: 'mark-element', selector: msg.selector, clearAfterMs: 20_000 });
            if (marked === true || flashed) return 'shown';
            // On the page but nothing a visitor sees (a closed menu, a collapsed drawer): not "gone".
            return locate(document, msg.selector, openOrClosed) ? 'hidden' : 'missing';
          });
        case 'pick-element':
        case 'mark-element':
        case 'repost-checklist':
          return popupSide.handle(msg);
      }
    });

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
