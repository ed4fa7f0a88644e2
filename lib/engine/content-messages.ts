import { ContentMessage } from '../messages';
import type { ScanState } from '../messages';
import { OWN_PAGE_ANSWER } from './own-pages';

/** Messages the page tools answer (picker, evidence outline, repost checklist). */
export type PageToolMessage = Extract<ContentMessage, { type: 'pick-element' | 'mark-element' | 'repost-checklist' }>;

/** How long opening a finding on its page waits for the page's first scan before looking for the element. */
export const REVEAL_WAIT_MS = 30_000;

/** What the content script's message handler acts on: the page's inspector, its overlay and the page tools. */
export interface ContentMessageDeps {
  inspector: {
    readonly current: ScanState;
    rescan(): Promise<void>;
    setOverlayVisible(visible: boolean): void;
    setCheckDate(date: Date | null): void;
    settled(timeoutMs: number): Promise<void>;
  };
  overlay: {
    reveal(key: string): boolean;
    setCapturing(capturing: boolean): void;
  };
  tools: { handle(msg: PageToolMessage): Promise<unknown> };
  /** Whether the selector's element is on the page at all, seen or not. */
  onPage(selector: string): boolean;
  revealWaitMs?: number;
}

/**
 * The content script's answer to a message from the popup, the service worker or the CLI; undefined for
 * what is not a content message (another listener may answer it).
 */
export function handleContentMessage(raw: unknown, deps: ContentMessageDeps): Promise<unknown> | undefined {
  const parsed = ContentMessage.safeParse(raw);
  if (!parsed.success) return undefined;
  const msg = parsed.data;
  const { inspector, overlay } = deps;
  switch (msg.type) {
    case 'get-state':
      return Promise.resolve(inspector.current);
    case 'rescan':
      return inspector.rescan().then(() => inspector.current);
    case 'set-overlay':
      inspector.setOverlayVisible(msg.visible);
      return Promise.resolve(inspector.current);
    case 'capture-mode':
      overlay.setCapturing(msg.on);
      return Promise.resolve(true);
    case 'reveal':
      return Promise.resolve(overlay.reveal(msg.key));
    case 'set-now':
      inspector.setCheckDate(new Date(msg.now));
      return inspector.rescan().then(() => inspector.current);
    case 'reveal-selector':
      // A page opened from the review page: its scripts may still be building the element, and the
      // overlay has nothing to flash until the first scan is done.
      return inspector.settled(deps.revealWaitMs ?? REVEAL_WAIT_MS).then(async () => {
        const flashed = msg.key ? overlay.reveal(msg.key) : false;
        const marked = await deps.tools.handle({ type: 'mark-element', selector: msg.selector, clearAfterMs: 20_000 });
        if (marked === true || flashed) return 'shown';
        // On the page but nothing a visitor sees (a closed menu, a collapsed drawer): not "gone".
        return deps.onPage(msg.selector) ? 'hidden' : 'missing';
      });
    case 'pick-element':
    case 'mark-element':
    case 'repost-checklist':
      return deps.tools.handle(msg);
  }
}

/**
 * On a page the extension made (an exported report): every content message gets OWN_PAGE_ANSWER, which is
 * no scan state, so nothing waits for a scan that will not come and the popup says it cannot inspect it.
 */
export function handleOwnPageMessage(raw: unknown): Promise<unknown> | undefined {
  return ContentMessage.safeParse(raw).success ? Promise.resolve(OWN_PAGE_ANSWER) : undefined;
}
