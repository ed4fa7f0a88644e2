import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { translator } from '@/lib/i18n';
import type { ScanState } from '@/lib/messages';
import { createOverlay, HOST_TAG, LIST_LIMIT, type Overlay } from '@/lib/overlay/overlay';
import { makeFinding } from '../../factories';
import type { Finding } from '@/lib/findings';

// happy-dom has no layout: every element measures 0×0, so every located finding counts as invisible here.
// Outlines and geometry are tested in Chromium (tests/e2e/overlay.test.ts).

let overlay: Overlay;
let shadow: ShadowRoot;

function state(findings: Finding[], patch: Partial<ScanState> = {}): ScanState {
  const counts: ScanState['counts'] = {};
  for (const f of findings) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
  return { url: document.URL, title: '', phase: 'done', findings, unscanned: [], counts, linksTotal: 0, linksProbed: 0, overlayVisible: true, ...patch };
}

function open(opts: { onToggle?: (v: boolean) => void; lang?: 'zh_CN' | 'en' } = {}) {
  const attach = vi.spyOn(Element.prototype, 'attachShadow');
  overlay = createOverlay(document, { t: translator(opts.lang ?? 'zh_CN'), onToggle: opts.onToggle });
  shadow = attach.mock.results[0].value as ShadowRoot;
  attach.mockRestore();
}

const legendText = () => shadow.querySelector('.legend')!.textContent;
/** Findings are placed in slices that yield to the page; wait for a legend section to appear. */
const section = (id: string) => vi.waitFor(() => shadow.querySelector(`[data-section="${id}"]`) ?? Promise.reject(new Error(`no ${id} section yet`)));

beforeEach(() => {
  document.body.innerHTML = '<p id="p1"><a id="a1" href="#">一</a></p><a id="a2" href="">二</a>';
});
afterEach(() => {
  overlay?.destroy();
  vi.restoreAllMocks();
});

describe('host', () => {
  test('one host on <html>, in a closed shadow root, styled inline with !important', () => {
    open();
    const hosts = document.querySelectorAll(HOST_TAG);
    expect(hosts).toHaveLength(1);
    const host = hosts[0] as HTMLElement;
    expect(host.parentElement).toBe(document.documentElement);
    expect(host.shadowRoot).toBeNull();
    expect(shadow.mode).toBe('closed');
    expect(host.style.getPropertyPriority('display')).toBe('important');
    expect(host.style.getPropertyValue('pointer-events')).toBe('none');
    expect(host.style.getPropertyValue('z-index')).toBe('2147483647');
    expect(overlay.owns(host)).toBe(true);
    expect(overlay.owns(document.body)).toBe(false);
  });

  test('destroy removes it', () => {
    open();
    overlay.destroy();
    expect(document.querySelector(HOST_TAG)).toBeNull();
  });
});

describe('legend', () => {
  test('counts per rule with Chinese names, the total and the phase', () => {
    open();
    overlay.render(
      state(
        [
          makeFinding({ rule: 'link-empty', selector: '#a1' }),
          makeFinding({ rule: 'link-empty', selector: '#a2' }),
          makeFinding({ rule: 'link-dead', selector: '#a2' }),
        ],
        { phase: 'probing', linksProbed: 2, linksTotal: 5 },
      ),
    );
    const rows = [...shadow.querySelectorAll<HTMLElement>('.legend .row')].map((r) => [r.dataset.rule, r.querySelector('.name')!.textContent, r.querySelector('.count')!.textContent]);
    expect(rows).toEqual([
      ['link-dead', '错链（断链）', '1'],
      ['link-empty', '空链', '2'],
    ]);
    expect(legendText()).toContain('共 3 项');
    expect(legendText()).toContain('检测链接 2/5');
  });

  test('English when the inspector chose it, and switching language re-renders', () => {
    open({ lang: 'en' });
    overlay.render(state([makeFinding({ rule: 'link-empty', selector: '#a1' })]));
    expect(shadow.querySelector('.row .name')!.textContent).toBe('Empty link');
    overlay.setTranslate(translator('zh_CN'));
    expect(shadow.querySelector('.row .name')!.textContent).toBe('空链');
  });

  test('page-level findings are listed with their message; elements that cannot be seen or found are counted', async () => {
    open();
    overlay.render(
      state([
        makeFinding({ rule: 'filing-missing', selector: '', label: '网站标识码', message: '页面底部缺少网站标识码' }),
        makeFinding({ rule: 'link-hidden', selector: '#a1', label: '隐藏的链接' }),
        makeFinding({ rule: 'link-dead', selector: '#removed > a', label: '已删除' }),
      ]),
    );
    const page = await section('page');
    expect(page.textContent).toContain('页面级问题（1）');
    expect(page.textContent).toContain('备案信息缺失：页面底部缺少网站标识码');
    const hidden = await section('hidden');
    expect(hidden.querySelector('summary')!.textContent).toBe('不可见元素（1）');
    expect(hidden.textContent).toContain('暗链：隐藏的链接');
    const missing = await section('missing');
    expect(missing.querySelector('summary')!.textContent).toBe('页面已变化，无法定位（1）');
  });

  test('long lists stop at the limit and say how many more there are', async () => {
    open();
    const many = Array.from({ length: LIST_LIMIT + 7 }, (_, i) => makeFinding({ rule: 'link-hidden', selector: '#a1', label: `x${i}` }));
    overlay.render(state(many));
    const items = (await section('hidden')).querySelectorAll('li');
    expect(items).toHaveLength(LIST_LIMIT + 1);
    expect(items[LIST_LIMIT].textContent).toBe('另有 7 项未列出');
  });

  test('a clean page says so', () => {
    open();
    overlay.render(state([]));
    expect(legendText()).toContain('本页未发现问题');
  });

  test('page-level findings start open, the other lists closed; what the inspector opens or closes stays so', async () => {
    open();
    const findings = [makeFinding({ rule: 'link-hidden', selector: '#a1' }), makeFinding({ rule: 'filing-missing', selector: '' })];
    overlay.render(state(findings, { phase: 'probing' }));
    await section('hidden');
    const details = (id: string) => shadow.querySelector(`[data-section="${id}"]`) as HTMLDetailsElement;
    expect([details('page').open, details('hidden').open]).toEqual([true, false]);
    details('hidden').open = true;
    details('page').open = false;
    await new Promise((r) => setTimeout(r, 0));
    overlay.render(state(findings, { phase: 'done' }));
    expect([details('page').open, details('hidden').open]).toEqual([false, true]);
  });
});

describe('toggle', () => {
  test('the legend button asks the owner, and the state it sends back hides the outlines', () => {
    const onToggle = vi.fn();
    open({ onToggle });
    const findings = [makeFinding({ rule: 'link-empty', selector: '#a1' })];
    overlay.render(state(findings));
    const hide = shadow.querySelector<HTMLButtonElement>('[data-focus="toggle"]')!;
    expect(hide.textContent).toBe('隐藏标注');
    hide.click();
    expect(onToggle).toHaveBeenCalledWith(false);
    // Nothing changes until the owner's state says so.
    expect(shadow.querySelector('.legend')!.classList.contains('pill')).toBe(false);
    overlay.render(state(findings, { overlayVisible: false }));
    const show = shadow.querySelector<HTMLButtonElement>('[data-focus="toggle"]')!;
    expect(show.textContent).toBe('显示标注（1 项）');
    expect(shadow.querySelector('.legend')!.classList.contains('pill')).toBe(true);
    expect(shadow.querySelectorAll('.legend .row')).toHaveLength(0);
    show.click();
    expect(onToggle).toHaveBeenLastCalledWith(true);
  });

  test('without an owner the overlay toggles itself', () => {
    open();
    overlay.render(state([makeFinding({ rule: 'link-empty', selector: '#a1' })]));
    shadow.querySelector<HTMLButtonElement>('[data-focus="toggle"]')!.click();
    expect(shadow.querySelector('.legend')!.classList.contains('pill')).toBe(true);
  });

  test('collapse keeps the header only', () => {
    open();
    overlay.render(state([makeFinding({ rule: 'link-empty', selector: '#a1' })]));
    shadow.querySelector<HTMLButtonElement>('[data-focus="collapse"]')!.click();
    expect(shadow.querySelector('.legend .body')).toBeNull();
    expect(shadow.querySelector('[data-focus="collapse"]')!.textContent).toBe('展开');
  });
});

describe('page text is never markup', () => {
  test('labels, messages and URLs with HTML and scripts show as text', async () => {
    open();
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    overlay.render(
      state([
        makeFinding({ rule: 'link-hidden', selector: '#a1', label: evil, message: `含 ${evil}` }),
        makeFinding({ rule: 'filing-missing', selector: '', label: evil, message: evil }),
      ]),
    );
    expect((await section('hidden')).querySelector('li')!.textContent).toBe(`暗链：${evil}`);
    expect(shadow.querySelectorAll('img, script')).toHaveLength(0);
    expect(shadow.querySelector('[data-section="page"] li')!.textContent).toBe(`备案信息缺失：${evil}`);
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });
});

test('reveal is false for what cannot be shown', () => {
  open();
  overlay.render(
    state([
      makeFinding({ key: 'page', rule: 'filing-missing', selector: '' }),
      makeFinding({ key: 'gone', rule: 'link-dead', selector: '#nothing' }),
    ]),
  );
  expect(overlay.reveal('page')).toBe(false);
  expect(overlay.reveal('gone')).toBe(false);
  expect(overlay.reveal('unknown')).toBe(false);
});

describe('the uncertain ones apart', () => {
  test('a rule row counts what the machine is sure of and shows what a person must verify beside it', () => {
    open();
    overlay.render(
      state([
        makeFinding({ rule: 'link-dead', selector: '#a1', severity: 'deduct' }),
        makeFinding({ rule: 'link-dead', selector: '#a2', severity: 'review' }),
        makeFinding({ rule: 'link-dead', selector: '#a2', severity: 'review' }),
      ]),
    );
    const row = shadow.querySelector<HTMLElement>('.legend .row[data-rule="link-dead"]')!;
    expect(row.querySelector('.count')!.textContent).toBe('1');
    expect(row.querySelector('.review')!.textContent).toBe('需人工判断 2');
    expect(row.getAttribute('aria-label')).toContain('错链（断链）：1 项，另有需人工判断 2 项');
    expect(legendText()).toContain('共 3 项');
  });
});

describe('capture and print', () => {
  test('while evidence is captured nothing of the overlay shows, not the 显示标注 chip either', () => {
    open();
    overlay.render(state([makeFinding({ rule: 'link-empty', selector: '#a1' })], { overlayVisible: false }));
    const root = shadow.querySelector<HTMLElement>('.root')!;
    expect(root.style.display).toBe('');
    overlay.setCapturing(true);
    expect(root.style.display).toBe('none');
    overlay.setCapturing(false);
    expect(root.style.display).toBe('');
    expect(shadow.querySelector('.legend')!.classList.contains('pill')).toBe(true);
  });
});
