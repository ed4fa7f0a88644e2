import { type Finding } from '../findings';
import { RULE_CATALOG } from '../rule-catalog';
import { ruleName, severityName, type Translate } from '../i18n';
import type { ScanState } from '../messages';
import { framesShown, isShown, Measurer, visibleAnchor, type Rect } from './geometry';
import { groupAt, layoutBoxes, NEAR_VIEWPORT_PX, placeTooltip, type DrawBox, type MeasuredGroup } from './layout';
import { legendModel, phaseText, type Placement } from './legend';
import { composedParent, Locator, type Located, type TextSpan } from './locate';
import { PositionIndex } from './cull';
import { HOST_STYLE, OVERLAY_CSS } from './styles';
import { escapeRootFilter } from './top-layer';

/** The host element's tag: a custom name no page stylesheet targets by type. */
export const HOST_TAG = 'gov-site-inspector-overlay';
/** Findings listed by name in the legend's sections, beyond which only the count is given. */
export const LIST_LIMIT = 50;
// Work this long on re-finding elements before letting the page have the main thread.
const SLICE_MS = 8;
// An invisible element's ancestor larger than this share of the viewport is not worth an outline.
const MAX_ANCHOR_SHARE = 0.4;
const FLASH_MS = 2000;
// Page mutations move boxes, but an animating page would otherwise remeasure on every frame.
const MUTATION_THROTTLE_MS = 250;
// Up to this many outlined elements every one is measured on each frame; above, a position index culls first.
export const ALWAYS_MEASURE = 250;
// Re-measuring thousands of positions costs a few hundred ms of sliced work: not more often than this.
const REFRESH_MIN_MS = 1000;

export interface OverlayOptions {
  t: Translate;
  /** The legend's show/hide button; the caller owns the visibility (it comes back through render). */
  onToggle?(visible: boolean): void;
  /** Looks into closed shadow roots on the path of a finding's selector. */
  openClosedRoot?(el: Element): ShadowRoot | null;
}

export interface Overlay {
  render(state: ScanState): void;
  /** Scrolls to the finding's element (or its shown ancestor) and flashes it; false when it cannot be shown. */
  reveal(key: string): boolean;
  setTranslate(t: Translate): void;
  /** True for the overlay's own host, which the scan must not look into. */
  owns(node: Node): boolean;
  destroy(): void;
}

interface Group {
  target: Located;
  marker: boolean;
  findings: Finding[];
}

/** A finding about words (wording-error) carries where they are in the element's text. */
function spanOf(f: Finding): TextSpan | undefined {
  const { offset, length } = f.detail;
  return typeof offset === 'number' && typeof length === 'number' && length > 0 ? { offset, length } : undefined;
}

type Where = { kind: 'boxed'; target: Located } | { kind: 'hidden'; target: Located; anchor: Located | null } | { kind: 'missing' };

/**
 * Outlines every finding on the page in its rule's colour, with a legend, a tooltip and a flash for
 * `reveal`. Everything lives in a closed shadow root on a host styled inline with `!important`, so page
 * CSS cannot reach it; only the legend takes pointer events. Page text is only ever set as textContent.
 */
export function createOverlay(doc: Document, opts: OverlayOptions): Overlay {
  const view = doc.defaultView!;
  let t = opts.t;
  let state: ScanState | null = null;
  let visible = true;
  let collapsed = false;
  // Page-level findings show nowhere else on the page: their list starts open; the others start closed.
  const sectionsOpen: Record<string, boolean> = { page: true };
  const where = new Map<string, Where>();
  let groups: Group[] = [];
  const groupOfElement = new Map<Element, number>();
  let drawn: DrawBox[] = [];
  let capped = false;
  let classifying = 0;
  let placed = false;
  let rafId = 0;
  let lastMutationFrame = 0;
  let mutationTimer: ReturnType<typeof setTimeout> | undefined;
  let tipGroup: number | null = null;
  let tipSource: 'pointer' | 'focus' | 'reveal' | null = null;
  let pointer: { x: number; y: number } | null = null;
  let flash: { target: Located; rule: Finding['rule']; until: number } | null = null;
  const nextOfRule = new Map<string, number>();
  let index: PositionIndex | null = null;
  let floatingGroups: number[] = [];
  let positioning = 0;
  const listened = new WeakSet<Document>();
  const frameChains = new Map<Document, HTMLIFrameElement[]>();

  const host = doc.createElement(HOST_TAG);
  for (const [prop, value] of Object.entries(HOST_STYLE)) host.style.setProperty(prop, value, 'important');
  const shadow = host.attachShadow({ mode: 'closed' });
  adoptStyles(shadow, OVERLAY_CSS);
  const root = el('div', 'root');
  const boxLayer = el('div', 'boxes');
  const flashBox = el('div', 'flash');
  const tip = el('div', 'tip');
  tip.setAttribute('role', 'tooltip');
  const legend = el('section', 'legend');
  root.append(boxLayer, flashBox, tip, legend);
  shadow.append(root);
  const pool: HTMLDivElement[] = [];
  const applied = new WeakMap<HTMLDivElement, string>();
  // Whether the host was in the page once: going back in after that may follow a document.open().
  let attached = false;

  attach();

  // Last child of <html>, fixed, at the highest z-index: above the page, outside <body>'s stacking and
  // overflow. Not the top layer (popover): a page's `::backdrop` rule would then dim the whole page; only
  // under a root element with a filter (mourning grey) does it go there (escapeRootFilter, in frame()).
  function attach(): void {
    // Between a document.open() and the write of its new <html> there is no root to go in.
    if (host.isConnected || !doc.documentElement) return;
    doc.documentElement.append(host);
    if (attached) relisten();
    attached = true;
  }

  /**
   * The host was taken out of the page. When document.open() did it (a document.write after load, as old
   * sites do to rebuild a page), it also erased every event listener of the document and its window, ours
   * too: without this the outlines stayed where they were when the page scrolled, and the tooltip no longer
   * followed the pointer. Adding a listener that is already there adds nothing, so a host merely moved out by
   * a page script costs nothing.
   */
  function relisten(): void {
    for (const d of frameChains.keys()) addListeners(d);
    doc.addEventListener('load', onLoad, { capture: true, passive: true });
  }

  // ---- classification: re-find each finding's element and decide how it can be shown ----

  /** Re-finds and places every finding in slices, grouping findings by the element they outline. */
  function classifyAll(findings: readonly Finding[]): void {
    const run = ++classifying;
    placed = false;
    where.clear();
    const cache = new Map<string, Where>();
    const locator = new Locator(doc, opts.openClosedRoot);
    const byElement = new Map<Element, Group>();
    const byAnchor = new Map<Element, Group>();
    const byText = new Map<string, Group>();
    let i = 0;
    const step = () => {
      if (run !== classifying) return;
      const deadline = performance.now() + SLICE_MS;
      while (i < findings.length && performance.now() < deadline) {
        const f = findings[i++];
        if (!f.selector) continue;
        let w = cache.get(f.selector);
        if (!w) cache.set(f.selector, (w = classify(f.selector, locator)));
        where.set(f.key, w);
        if (w.kind === 'boxed' && spanOf(f)) {
          // Words in a paragraph: outline the words, each finding on its own.
          byText.set(f.key, { target: { ...w.target, text: spanOf(f) }, marker: false, findings: [f] });
          continue;
        }
        const target = w.kind === 'boxed' ? w.target : w.kind === 'hidden' ? w.anchor : null;
        if (!target) continue;
        const map = w.kind === 'boxed' ? byElement : byAnchor;
        const g = map.get(target.element);
        if (g) g.findings.push(f);
        else map.set(target.element, { target, marker: w.kind === 'hidden', findings: [f] });
      }
      if (i < findings.length) {
        setTimeout(step, 0);
        return;
      }
      useGroups([...byElement.values(), ...byText.values(), ...byAnchor.values()]);
      placed = true;
      renderLegend();
      schedule();
    };
    step();
  }

  function classify(selector: string, locator = new Locator(doc, opts.openClosedRoot)): Where {
    const target = locator.locate(selector);
    if (!target) return { kind: 'missing' };
    listen(target.frames);
    if (isShown(target.element) && framesShown(target.frames)) return { kind: 'boxed', target };
    const maxArea = view.innerWidth * view.innerHeight * MAX_ANCHOR_SHARE;
    return { kind: 'hidden', target, anchor: visibleAnchor(target, maxArea) };
  }

  function useGroups(next: Group[]): void {
    groups = next;
    groupOfElement.clear();
    groups.forEach((g, i) => {
      if (!g.marker && !groupOfElement.has(g.target.element)) groupOfElement.set(g.target.element, i);
    });
    tipGroup = null;
    index = null;
    floatingGroups = [];
    positioning++;
    if (groups.length > ALWAYS_MEASURE) {
      lastRefresh = performance.now();
      refreshPositions();
    }
  }

  /**
   * Document positions of every group, measured in slices, for culling in large mode. Elements that do
   * not scroll with the document (fixed, sticky, inside an inner scroller or a frame) are measured on
   * every frame instead.
   */
  function refreshPositions(): void {
    const run = ++positioning;
    const floatMemo = new Map<Element, boolean>();
    const floats = (el: Element | null): boolean => {
      if (!el || el === doc.documentElement || el === doc.body) return false;
      const memo = floatMemo.get(el);
      if (memo !== undefined) return memo;
      const s = view.getComputedStyle(el);
      const scrolls = /auto|scroll/.test(s.overflowX + s.overflowY) && (el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth);
      const result = s.position === 'fixed' || s.position === 'sticky' || scrolls || floats(composedParent(el));
      floatMemo.set(el, result);
      return result;
    };
    const positioned: { group: number; pos: Rect }[] = [];
    const floating: number[] = [];
    let i = 0;
    const step = () => {
      if (run !== positioning) return;
      const deadline = performance.now() + SLICE_MS;
      const measurer = new Measurer();
      while (i < groups.length && performance.now() < deadline) {
        const g = groups[i];
        if (g.target.frames.length || floats(g.target.element)) floating.push(i);
        else {
          const r = measurer.measure(g.target);
          if (r) positioned.push({ group: i, pos: { x: r.x + view.scrollX, y: r.y + view.scrollY, w: r.w, h: r.h } });
        }
        i++;
      }
      if (i < groups.length) {
        setTimeout(step, 0);
        return;
      }
      index = new PositionIndex(positioned, view.innerHeight);
      floatingGroups = floating;
      schedule();
    };
    step();
  }

  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let lastRefresh = 0;
  /** Layout moved (mutations, loads, resize): positions are stale in large mode; refresh at most once a second. */
  function requestRefresh(): void {
    if (groups.length <= ALWAYS_MEASURE || refreshTimer) return;
    const wait = Math.max(0, lastRefresh + REFRESH_MIN_MS - performance.now());
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      lastRefresh = performance.now();
      refreshPositions();
    }, wait);
  }

  /** The groups worth measuring this frame. */
  function candidates(): number[] {
    if (groups.length <= ALWAYS_MEASURE) return groups.map((_, i) => i);
    if (!index) return [];
    const slack = NEAR_VIEWPORT_PX + view.innerHeight;
    const found = index.near(view.scrollY - slack, view.scrollY + view.innerHeight + slack);
    return [...found, ...floatingGroups].sort((a, b) => a - b);
  }

  // The legend lists invisible and vanished elements once all are placed, not growing while placing.
  function placementOf(f: Finding): Placement | undefined {
    if (!f.selector) return 'page';
    return placed ? where.get(f.key)?.kind : undefined;
  }

  // ---- drawing, once per animation frame ----

  function schedule(): void {
    if (!rafId) rafId = view.requestAnimationFrame(frame);
  }

  function frame(): void {
    rafId = 0;
    attach();
    // Out of a mourning-grey root's filter (see escapeRootFilter).
    escapeRootFilter(host);
    const vp = { w: view.innerWidth, h: view.innerHeight };
    const measurer = new Measurer();
    // All reads first, then all writes: one layout per frame however many boxes.
    let layout: { boxes: DrawBox[]; capped: boolean } = { boxes: [], capped: false };
    if (visible && groups.length) {
      const measured: MeasuredGroup[] = [];
      for (const i of candidates()) {
        const g = groups[i];
        const rect = measurer.measure(g.target);
        if (rect) measured.push({ group: i, rect, marker: g.marker, findings: g.findings });
      }
      layout = layoutBoxes(measured, vp);
    }
    const flashRect = flash && performance.now() < flash.until ? measurer.measure(flash.target) : null;
    if (flash && !flashRect && performance.now() >= flash.until) flash = null;
    if (!flash && tipSource === 'reveal') {
      tipGroup = null;
      tipSource = null;
    }
    if (pointer && tipSource === 'pointer') {
      const g = groupAt(layout.boxes, pointer.x, pointer.y);
      tipGroup = g;
      if (g === null) tipSource = null;
    }
    const tipRect = tipGroup !== null && groups[tipGroup] ? measurer.measure(groups[tipGroup].target) : null;

    drawBoxes(layout.boxes);
    drawn = layout.boxes;
    if (layout.capped !== capped) {
      capped = layout.capped;
      renderLegend();
    }
    drawFlash(flashRect);
    drawTip(tipRect, vp);
    if (flash) schedule();
  }

  function drawBoxes(boxes: DrawBox[]): void {
    while (pool.length < boxes.length) {
      const box = el('div', 'box');
      pool.push(box);
      boxLayer.append(box);
    }
    for (let i = 0; i < pool.length; i++) {
      const div = pool[i];
      const b = boxes[i];
      const css = b
        ? `${b.key}|${b.marker}|${Math.round(b.x)},${Math.round(b.y)},${Math.round(b.w)},${Math.round(b.h)}`
        : 'none';
      if (applied.get(div) === css) continue;
      applied.set(div, css);
      if (!b) {
        div.style.display = 'none';
        div.removeAttribute('data-key');
        continue;
      }
      div.style.display = 'block';
      div.style.transform = `translate(${Math.round(b.x)}px, ${Math.round(b.y)}px)`;
      div.style.width = `${Math.round(b.w)}px`;
      div.style.height = `${Math.round(b.h)}px`;
      div.style.setProperty('--c', RULE_CATALOG[b.rule].color);
      div.dataset.key = b.key;
      div.dataset.rule = b.rule;
      div.classList.toggle('marker', b.marker);
      if (b.marker) div.dataset.badge = t('overlayMarkerHidden');
      else delete div.dataset.badge;
    }
  }

  function drawFlash(rect: Rect | null): void {
    if (!rect || !flash) {
      flashBox.style.display = 'none';
      return;
    }
    const pad = 6;
    if (flashBox.style.display !== 'block') {
      flashBox.style.display = 'block';
      // Restart the pulse for each reveal.
      flashBox.style.animation = 'none';
      void flashBox.offsetWidth;
      flashBox.style.animation = '';
    }
    flashBox.style.setProperty('--c', RULE_CATALOG[flash.rule].color);
    flashBox.style.transform = `translate(${Math.round(rect.x - pad)}px, ${Math.round(rect.y - pad)}px)`;
    flashBox.style.width = `${Math.round(rect.w + 2 * pad)}px`;
    flashBox.style.height = `${Math.round(rect.h + 2 * pad)}px`;
  }

  let tipFor: number | null = null;
  function drawTip(rect: Rect | null, vp: { w: number; h: number }): void {
    if (tipGroup === null || !rect || (!visible && tipSource !== 'reveal')) {
      tip.style.display = 'none';
      tipFor = null;
      return;
    }
    if (tipFor !== tipGroup) {
      tipFor = tipGroup;
      fillTip(groups[tipGroup]);
    }
    tip.style.display = 'block';
    const r = tip.getBoundingClientRect();
    const at = placeTooltip(rect, { w: r.width, h: r.height }, vp);
    tip.style.transform = `translate(${Math.round(at.x)}px, ${Math.round(at.y)}px)`;
  }

  function fillTip(g: Group): void {
    tip.replaceChildren();
    for (const f of g.findings.slice(0, 5)) {
      const item = el('div', 'item');
      const head = el('div', 'head');
      const dot = el('span', 'dot');
      dot.style.setProperty('--c', RULE_CATALOG[f.rule].color);
      head.append(dot, text('span', '', ruleName(t, f.rule)), text('span', 'sev', severityName(t, f.severity)));
      item.append(head);
      if (f.label) item.append(text('div', 'label', `“${f.label}”`));
      item.append(text('div', 'msg', f.message));
      if (f.href) item.append(text('div', 'href', t('tooltipLink', f.href)));
      tip.append(item);
    }
    if (g.findings.length > 5) tip.append(text('div', 'note', t('popupMore', g.findings.length - 5)));
    if (g.marker) tip.append(text('div', 'note', t('tooltipHidden')));
  }

  // ---- legend ----

  function renderLegend(): void {
    const focused = (shadow.activeElement as HTMLElement | null)?.dataset?.focus;
    legend.replaceChildren();
    legend.className = 'legend';
    legend.setAttribute('aria-label', t('overlayTitle'));
    const findings = state?.findings ?? [];
    const model = legendModel(findings, placementOf);

    const header = el('header');
    const mark = text('span', 'mark', '检');
    mark.setAttribute('aria-hidden', 'true');
    if (!visible) {
      legend.classList.add('pill');
      header.append(mark, button(t('overlayShowCount', model.total), 'toggle', () => toggle(true)));
      legend.append(header);
      restoreFocus(focused);
      return;
    }
    const titleBox = el('div', 'grow');
    titleBox.append(
      text('div', 'title', `${t('overlayTitle')} · ${t('totalFindings', model.total)}`),
      text('div', 'sub', state ? phaseText(t, state) : t('phase_idle')),
    );
    header.append(
      mark,
      titleBox,
      button(t('overlayHide'), 'toggle', () => toggle(false)),
      button(collapsed ? t('overlayExpand') : t('overlayCollapse'), 'collapse', () => {
        collapsed = !collapsed;
        renderLegend();
      }),
    );
    legend.append(header);
    if (collapsed) {
      legend.classList.add('collapsed');
      restoreFocus(focused);
      return;
    }

    const body = el('div', 'body');
    if (!model.total) body.append(text('div', 'none', t('overlayNone')));
    if (capped) body.append(text('div', 'warn', t('overlayCapped', drawn.length)));
    for (const row of model.rows) {
      const name = ruleName(t, row.rule);
      const b = button('', `rule:${row.rule}`, () => revealNext(row.rule));
      b.className = 'row';
      b.dataset.rule = row.rule;
      b.setAttribute('aria-label', `${name} ${row.count}，${t('overlayNext', name)}`);
      const dot = el('span', 'dot');
      dot.style.setProperty('--c', row.color);
      b.append(dot, text('span', 'name', name), text('span', 'count', String(row.count)));
      body.append(b);
    }
    if (model.pageLevel.length) body.append(section(t('overlayPageLevel'), model.pageLevel, 'page', (f) => f.message));
    if (model.hidden.length) body.append(section(t('overlayHiddenElements'), model.hidden, 'hidden', (f) => f.label || f.message, t('overlayHiddenHint')));
    if (model.missing.length) body.append(section(t('overlayMissingElements'), model.missing, 'missing', (f) => f.label || f.message));
    legend.append(body);
    restoreFocus(focused);
  }

  function section(title: string, findings: Finding[], id: string, line: (f: Finding) => string, hint?: string): HTMLElement {
    const s = el('details', 'section');
    s.dataset.section = id;
    s.open = sectionsOpen[id] ?? false;
    s.addEventListener('toggle', () => {
      sectionsOpen[id] = s.open;
    });
    const summary = text('summary', '', `${title}（${findings.length}）`);
    summary.dataset.focus = `section:${id}`;
    s.append(summary);
    if (hint) s.append(text('div', 'hint', hint));
    s.append(list(findings, line));
    return s;
  }

  function list(findings: Finding[], line: (f: Finding) => string): HTMLElement {
    const ul = el('ul');
    for (const f of findings.slice(0, LIST_LIMIT)) {
      const li = el('li');
      li.dataset.key = f.key;
      const dot = el('span', 'dot');
      dot.style.setProperty('--c', RULE_CATALOG[f.rule].color);
      li.append(dot, text('span', '', `${ruleName(t, f.rule)}：${line(f)}`));
      ul.append(li);
    }
    if (findings.length > LIST_LIMIT) ul.append(text('li', 'hint', t('popupMore', findings.length - LIST_LIMIT)));
    return ul;
  }

  function button(label: string, focusId: string, onClick: () => void): HTMLButtonElement {
    const b = text('button', '', label) as HTMLButtonElement;
    b.type = 'button';
    b.dataset.focus = focusId;
    b.addEventListener('click', onClick);
    return b;
  }

  function restoreFocus(id: string | undefined): void {
    if (!id) return;
    const target = [...legend.querySelectorAll<HTMLElement>('[data-focus]')].find((e) => e.dataset.focus === id);
    target?.focus();
  }

  function toggle(next: boolean): void {
    if (opts.onToggle) opts.onToggle(next);
    else setVisible(next);
  }

  function setVisible(next: boolean): void {
    if (next === visible) return;
    visible = next;
    // Switched off, nothing the overlay drew stays: not a reveal's flash and tooltip either (evidence capture
    // switches the overlay off, and a tooltip left from a reveal would cover the outlined element). A reveal
    // asked for while the overlay is off still shows.
    if (!visible) {
      flash = null;
      tipGroup = null;
      tipSource = null;
    }
    renderLegend();
    schedule();
  }

  function revealNext(rule: string): void {
    const findings = (state?.findings ?? []).filter((f) => f.rule === rule && f.selector);
    for (let tries = 0; tries < findings.length; tries++) {
      const i = (nextOfRule.get(rule) ?? 0) % findings.length;
      nextOfRule.set(rule, i + 1);
      if (reveal(findings[i].key)) return;
    }
  }

  function reveal(key: string): boolean {
    const f = state?.findings.find((x) => x.key === key);
    if (!f?.selector) return false;
    let w = where.get(key);
    if (!w) {
      w = classify(f.selector);
      where.set(key, w);
    }
    if (w.kind === 'missing') return false;
    const target = w.kind === 'boxed' ? { ...w.target, text: spanOf(f) } : w.anchor;
    if (!target) return false;
    target.element.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' as ScrollBehavior });
    flash = { target, rule: f.rule, until: performance.now() + FLASH_MS };
    const g = groups.findIndex((x) => x.findings.some((y) => y.key === key));
    if (g >= 0) {
      tipGroup = g;
      tipSource = 'reveal';
    }
    schedule();
    return true;
  }

  // ---- page events ----

  function listen(frames: readonly HTMLIFrameElement[]): void {
    for (let i = 0; i <= frames.length; i++) {
      const d = i === 0 ? doc : frames[i - 1].contentDocument;
      if (!d || listened.has(d)) continue;
      listened.add(d);
      frameChains.set(d, frames.slice(0, i));
      addListeners(d);
    }
  }

  function addListeners(d: Document): void {
    d.addEventListener('scroll', schedule, { capture: true, passive: true });
    d.addEventListener('pointermove', onPointer, { capture: true, passive: true });
    d.addEventListener('focusin', onFocus, { capture: true });
    d.addEventListener('focusout', onBlur, { capture: true });
    d.defaultView?.addEventListener('resize', onResize, { passive: true });
  }

  function onPointer(e: PointerEvent): void {
    const d = e.currentTarget as Document;
    const chain = d === doc ? [] : frameChains.get(d);
    const offset = chain?.length ? new Measurer().origin(chain) : { x: 0, y: 0 };
    if (!offset) return;
    pointer = { x: e.clientX + offset.x, y: e.clientY + offset.y };
    const g = groupAt(drawn, pointer.x, pointer.y);
    if (g === tipGroup && tipSource === 'pointer') return;
    if (g === null && tipSource !== 'pointer') return;
    tipGroup = g;
    tipSource = g === null ? null : 'pointer';
    schedule();
  }

  function onFocus(e: FocusEvent): void {
    let target = e.composedPath()[0] as Element | undefined;
    for (let i = 0; target && i < 4; i++, target = target.parentElement ?? undefined) {
      const g = groupOfElement.get(target);
      if (g !== undefined) {
        tipGroup = g;
        tipSource = 'focus';
        schedule();
        return;
      }
    }
  }

  function onBlur(): void {
    if (tipSource !== 'focus') return;
    tipGroup = null;
    tipSource = null;
    schedule();
  }

  let classifyTimer: ReturnType<typeof setTimeout> | undefined;
  function onResize(): void {
    schedule();
    // What is hidden can change with the width (responsive menus): look again once resizing settles.
    clearTimeout(classifyTimer);
    classifyTimer = setTimeout(() => state && classifyAll(state.findings), 300);
  }

  function onMutation(): void {
    requestRefresh();
    const now = performance.now();
    if (now - lastMutationFrame >= MUTATION_THROTTLE_MS) {
      lastMutationFrame = now;
      schedule();
    } else if (!mutationTimer) {
      mutationTimer = setTimeout(() => {
        mutationTimer = undefined;
        lastMutationFrame = performance.now();
        schedule();
      }, MUTATION_THROTTLE_MS);
    }
  }

  listen([]);
  const mutations = new view.MutationObserver(onMutation);
  mutations.observe(doc, { childList: true, subtree: true, attributes: true, characterData: true });
  const onLoad = () => {
    requestRefresh();
    schedule();
  };
  doc.addEventListener('load', onLoad, { capture: true, passive: true });

  return {
    render(next) {
      const findingsChanged = next.findings !== state?.findings;
      state = next;
      if (findingsChanged) {
        nextOfRule.clear();
        classifyAll(next.findings);
      }
      if (next.overlayVisible !== visible) setVisible(next.overlayVisible);
      else renderLegend();
    },
    reveal,
    setTranslate(next) {
      t = next;
      tipFor = null;
      for (const div of pool) applied.delete(div);
      renderLegend();
      schedule();
    },
    owns: (node) => node === host,
    destroy() {
      classifying++;
      mutations.disconnect();
      positioning++;
      clearTimeout(refreshTimer);
      clearTimeout(mutationTimer);
      clearTimeout(classifyTimer);
      if (rafId) view.cancelAnimationFrame(rafId);
      for (const d of [doc, ...[...frameChains.keys()]]) {
        d.removeEventListener('scroll', schedule, { capture: true });
        d.removeEventListener('pointermove', onPointer, { capture: true });
        d.removeEventListener('focusin', onFocus, { capture: true });
        d.removeEventListener('focusout', onBlur, { capture: true });
        d.defaultView?.removeEventListener('resize', onResize);
      }
      doc.removeEventListener('load', onLoad, { capture: true });
      host.remove();
    },
  };

  function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string): HTMLElementTagNameMap[K] {
    const e = doc.createElement(tag);
    if (className) e.className = className;
    return e;
  }

  function text<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, content: string): HTMLElementTagNameMap[K] {
    const e = el(tag, className || undefined);
    e.textContent = content;
    return e;
  }
}

/**
 * A constructed sheet is not an inline style, so a page CSP without 'unsafe-inline' cannot block it;
 * where a content script cannot adopt one (Firefox's wrappers), a <style> element does.
 */
function adoptStyles(shadow: ShadowRoot, css: string): void {
  const win = shadow.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  try {
    const sheet = new (win?.CSSStyleSheet ?? CSSStyleSheet)();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet];
    return;
  } catch {
    const style = shadow.ownerDocument.createElement('style');
    style.textContent = css;
    shadow.append(style);
  }
}
