import { describe, expect, test } from 'vitest';
import { PageInspector } from '@/lib/engine/inspector';
import { handleContentMessage, handleOwnPageMessage, type ContentMessageDeps, type PageToolMessage } from '@/lib/engine/content-messages';
import { isOwnDocument, OWN_PAGE_ANSWER, REPORT_GENERATOR } from '@/lib/engine/own-pages';
import { findingsToHtmlReport } from '@/lib/export/report';
import { RULES } from '@/lib/rules';
import { DEFAULT_RULE_PACK } from '@/lib/rule-pack/pack';
import { locate } from '@/lib/overlay/locate';
import type { ScanState } from '@/lib/messages';

/** A real inspector over the test document (rules run, no network: every probe answers nothing). */
function setup() {
  document.body.innerHTML = '<a id="empty" href="">空</a><nav hidden><a id="secret" href="/x">隐藏</a></nav>';
  const states: ScanState[] = [];
  const inspector = new PageInspector(document, { rules: RULES, pack: DEFAULT_RULE_PACK, probe: async () => [], onState: (s) => states.push(s) });
  const calls: string[] = [];
  const tools: PageToolMessage[] = [];
  const deps: ContentMessageDeps = {
    inspector,
    overlay: {
      reveal: (key) => (calls.push(`reveal ${key}`), key === 'known'),
      setCapturing: (on) => void calls.push(`capturing ${on}`),
    },
    tools: {
      handle: async (msg) => {
        tools.push(msg);
        return msg.type === 'mark-element' ? msg.selector === '#empty' : true;
      },
    },
    onPage: (selector) => !!locate(document, selector),
    revealWaitMs: 5_000,
  };
  return { inspector, deps, calls, tools, states };
}

describe('handleContentMessage', () => {
  test('what is not a content message is left to other listeners', () => {
    const { deps } = setup();
    expect(handleContentMessage({ type: 'probe-links', urls: [] }, deps)).toBeUndefined();
    expect(handleContentMessage('get-state', deps)).toBeUndefined();
    expect(handleContentMessage({ type: 'set-overlay', visible: 'no' }, deps)).toBeUndefined();
  });

  test('rescan runs the rules and answers the state; get-state answers it again', async () => {
    const { deps } = setup();
    const state = (await handleContentMessage({ type: 'rescan' }, deps)) as ScanState;
    expect(state.phase).toBe('done');
    expect(state.findings.some((f) => f.rule === 'link-empty' && f.selector === '#empty')).toBe(true);
    // The same scan answered again; only how long the page has been quiet moves on.
    const again = (await handleContentMessage({ type: 'get-state' }, deps)) as ScanState;
    expect({ ...again, quietForMs: 0 }).toEqual({ ...state, quietForMs: 0 });
    expect(again.scannedAt).toBe(state.scannedAt);
  });

  test('set-overlay goes into the inspector state; capture-mode and reveal go to the overlay', async () => {
    const { deps, calls } = setup();
    expect(((await handleContentMessage({ type: 'set-overlay', visible: false }, deps)) as ScanState).overlayVisible).toBe(false);
    expect(await handleContentMessage({ type: 'capture-mode', on: true }, deps)).toBe(true);
    expect(await handleContentMessage({ type: 'reveal', key: 'known' }, deps)).toBe(true);
    expect(await handleContentMessage({ type: 'reveal', key: 'other' }, deps)).toBe(false);
    expect(calls).toEqual(['capturing true', 'reveal known', 'reveal other']);
  });

  test('set-now sets the check date and rescans', async () => {
    const { deps, inspector } = setup();
    const state = (await handleContentMessage({ type: 'set-now', now: '2025-06-30' }, deps)) as ScanState;
    expect(state.phase).toBe('done');
    expect({ ...inspector.current, quietForMs: 0 }).toEqual({ ...state, quietForMs: 0 });
  });

  test('reveal-selector waits for the scan, then says shown, hidden (on the page, unseen) or missing', async () => {
    const { deps, tools, inspector } = setup();
    // The first scan is running (the page just opened): the answer comes once it is done.
    void inspector.rescan();
    expect(inspector.current.phase).not.toBe('done');
    expect(await handleContentMessage({ type: 'reveal-selector', selector: '#empty' }, deps)).toBe('shown');
    expect(inspector.current.phase).toBe('done');
    expect(await handleContentMessage({ type: 'reveal-selector', selector: '#secret' }, deps)).toBe('hidden');
    expect(await handleContentMessage({ type: 'reveal-selector', selector: '#gone' }, deps)).toBe('missing');
    expect(await handleContentMessage({ type: 'reveal-selector', selector: '#gone', key: 'known' }, deps)).toBe('shown');
    expect(tools.map((m) => m.type)).toEqual(['mark-element', 'mark-element', 'mark-element', 'mark-element']);
  });

  test('the page tools get their messages as sent', async () => {
    const { deps, tools } = setup();
    await handleContentMessage({ type: 'mark-element', selector: '#secret', detail: true }, deps);
    await handleContentMessage({ type: 'pick-element' }, deps);
    await handleContentMessage({ type: 'repost-checklist' }, deps);
    expect(tools).toEqual([{ type: 'mark-element', selector: '#secret', detail: true }, { type: 'pick-element' }, { type: 'repost-checklist' }]);
  });
});

describe('pages the extension made itself', () => {
  test('an exported report says what it is, and is recognised by it', () => {
    const html = findingsToHtmlReport({ findings: [] });
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(doc.querySelector('meta[name="generator"]')?.getAttribute('content')).toBe(REPORT_GENERATOR);
    expect(isOwnDocument(doc)).toBe(true);
  });

  test('a government page is not one; the extension\'s own address is', () => {
    document.head.innerHTML = '<meta name="generator" content="TRS WCM">';
    expect(isOwnDocument(document)).toBe(false);
    expect(isOwnDocument(document, 'chrome-extension://abc/')).toBe(false);
    expect(isOwnDocument(document, document.URL.slice(0, 10))).toBe(true);
    document.head.innerHTML = '';
  });

  test('there every content message gets the own-page answer, which is no scan state', async () => {
    expect(await handleOwnPageMessage({ type: 'get-state' })).toEqual(OWN_PAGE_ANSWER);
    expect(await handleOwnPageMessage({ type: 'rescan' })).toEqual(OWN_PAGE_ANSWER);
    expect(handleOwnPageMessage({ type: 'probe-links', urls: [] })).toBeUndefined();
  });
});
