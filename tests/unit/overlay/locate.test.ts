import { afterEach, describe, expect, test } from 'vitest';
import { toFinding } from '@/lib/engine/scan';
import { collectRoots } from '@/lib/page/roots';
import { DEFAULT_RULE_PACK } from '@/lib/rule-pack/pack';
import type { Rule } from '@/lib/rules/types';
import type { ScanContext } from '@/lib/page/context';
import { composedParent, locate } from '@/lib/overlay/locate';

const rule: Rule = { id: 'link-empty', *run() {} };

/** The selector the scan engine writes for `el`: locate must read exactly that format back. */
function selectorOf(el: Element, openClosedRoot?: (el: Element) => ShadowRoot | null): string {
  const { roots } = collectRoots(document, openClosedRoot);
  const ctx: ScanContext = { doc: document, roots, pageUrl: new URL(document.URL), site: 'x', now: new Date(), pack: DEFAULT_RULE_PACK };
  return toFinding(rule, { element: el, severity: 'deduct', label: 'x', message: 'x' }, ctx, new Date().toISOString()).selector;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('locate', () => {
  test('an element of the document', () => {
    document.body.innerHTML = '<ul><li><a>1</a></li><li><a>2</a></li></ul>';
    const second = document.querySelectorAll('a')[1];
    const found = locate(document, selectorOf(second));
    expect(found?.element).toBe(second);
    expect(found?.frames).toEqual([]);
  });

  test('inside nested open shadow roots', () => {
    document.body.innerHTML = '<div id="outer"></div>';
    const outer = document.getElementById('outer')!.attachShadow({ mode: 'open' });
    outer.innerHTML = '<section><p>x</p><div class="inner"></div></section>';
    const inner = outer.querySelector('.inner')!.attachShadow({ mode: 'open' });
    inner.innerHTML = '<nav><a href="#">a</a><a href="#">b</a></nav>';
    const target = inner.querySelectorAll('a')[1];
    const selector = selectorOf(target);
    expect(selector.split(' >>> ')).toHaveLength(3);
    expect(locate(document, selector)?.element).toBe(target);
  });

  test('inside a closed shadow root only with the opener the scan used', () => {
    document.body.innerHTML = '<x-widget></x-widget>';
    const hostEl = document.querySelector('x-widget')!;
    const closed = hostEl.attachShadow({ mode: 'closed' });
    closed.innerHTML = '<a>in closed</a>';
    const opener = (el: Element) => (el === hostEl ? closed : null);
    const target = closed.querySelector('a')!;
    const selector = selectorOf(target, opener);
    expect(locate(document, selector, opener)?.element).toBe(target);
    expect(locate(document, selector)).toBeNull();
  });

  test('inside a same-origin frame, reporting the frame', async () => {
    document.body.innerHTML = '<iframe id="f" srcdoc="<p><a>framed</a></p>"></iframe>';
    const frame = document.getElementById('f') as HTMLIFrameElement;
    await expect.poll(() => frame.contentDocument?.querySelector('a')).toBeTruthy();
    const inner = frame.contentDocument!;
    const target = inner.querySelector('a')!;
    const selector = selectorOf(target);
    expect(selector).toBe('#f >>> html > body > p > a');
    const found = locate(document, selector);
    expect(found?.element).toBe(target);
    expect(found?.frames).toEqual([frame]);
  });

  test('null when the page changed, for page-level and for malformed selectors', () => {
    document.body.innerHTML = '<div id="f"><a>x</a></div>';
    expect(locate(document, '#gone > a')).toBeNull();
    expect(locate(document, '#f >>> a')).toBeNull(); // a hop that is neither a frame nor a shadow host
    expect(locate(document, '')).toBeNull();
    expect(locate(document, 'a[')).toBeNull();
  });
});

test('composedParent steps out of a shadow root to its host', () => {
  document.body.innerHTML = '<div id="h"></div>';
  const h = document.getElementById('h')!;
  const root = h.attachShadow({ mode: 'open' });
  root.innerHTML = '<span></span>';
  expect(composedParent(root.querySelector('span')!)).toBe(h);
  expect(composedParent(h)).toBe(document.body);
  expect(composedParent(document.documentElement)).toBeNull();
});
