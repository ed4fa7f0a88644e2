import { type Finding } from '../findings';
import type { Translate } from '../i18n';
import type { ScanState } from '../messages';
import { Measurer } from './geometry';
import { groupAt, layoutBoxes, type DrawBox, type MeasuredGroup } from './layout';
import type { Placement } from './legend';
import { Locator, type Located } from './locate';
import { HOST_STYLE, OVERLAY_CSS } from './styles';
import { escapeRootFilter } from './top-layer';
import { adoptStyles, domFor } from './dom';
import { classify, containerCheck, GroupBuilder, spanOf, type Group, type Where } from './grouping';
import { BoxPainter, FlashPainter, TipPainter } from './painters';
import { LegendView } from './legend-view';
import { PositionTracker } from './positions';

export { LIST_LIMIT } from './legend-view';
export { ALWAYS_MEASURE } from './positions';

/** The host element's tag: a custom name no page stylesheet targets by type. */
export const HOST_TAG = 'gov-site-inspector-overlay';
// Work this long on re-finding elements before letting the page have the main thread.
const SLICE_MS = 8;
// An invisible element's container larger than this share of the viewport is not worth an outline.
const MAX_ANCHOR_SHARE = 0.4;
const FLASH_MS = 2000;
// Page mutations move boxes, but an animating page would otherwise remeasure on every frame.
const MUTATION_THROTTLE_MS = 250;

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
  /**
   * While evidence is captured nothing of the overlay shows, not the legend's 显示标注 chip either: the
   * screenshot is the page as the public sees it.
   */
  setCapturing(capturing: boolean): void;
  /** True for the overlay's own host, which the scan must not look into. */
  owns(node: Node): boolean;
  destroy(): void;
}

type TipSource = 'pointer' | 'focus' | 'reveal';

/** Everything the overlay knows between frames, in one place. */
interface OverlayState {
  t: Translate;
  scan: ScanState | null;
  visible: boolean;
  capturing: boolean;
  /** How each finding (by key) can be shown; complete once `placed`. */
  where: Map<string, Where>;
  placed: boolean;
  groups: Group[];
  /** The outlined (not marker) group of an element, for keyboard focus. */
  groupOfElement: Map<Element, number>;
  drawn: DrawBox[];
  capped: boolean;
  tip: { group: number; source: TipSource } | null;
  pointer: { x: number; y: number } | null;
  flash: { target: Located; rule: Finding['rule']; until: number } | null;
  /** Where each legend row's "next" button is in its rule's findings. */
  nextOfRule: Map<string, number>;
}

/**
 * Outlines every finding on the page in its rule's colour, with a legend, a tooltip and a flash for
 * `reveal`; findings on invisible elements get one dashed marker per visible container, with their count.
 * Everything lives in a closed shadow root on a host styled inline with `!important`, so page CSS cannot
 * reach it; only the legend takes pointer events. Page text is only ever set as textContent.
 *
 * The parts: the state (above), placement (re-finding and grouping in slices), the frame (measure, lay out,
 * paint with the painters), the legend view, and the page's events.
 */
export function createOverlay(doc: Document, opts: OverlayOptions): Overlay {
  const view = doc.defaultView!;
  const dom = domFor(doc);
  const s: OverlayState = {
    t: opts.t,
    scan: null,
    visible: true,
    capturing: false,
    where: new Map(),
    placed: false,
    groups: [],
    groupOfElement: new Map(),
    drawn: [],
    capped: false,
    tip: null,
    pointer: null,
    flash: null,
    nextOfRule: new Map(),
  };

  // ---- the shadow root and its painters ----

  const host = doc.createElement(HOST_TAG);
  for (const [prop, value] of Object.entries(HOST_STYLE)) host.style.setProperty(prop, value, 'important');
  const shadow = host.attachShadow({ mode: 'closed' });
  adoptStyles(shadow, OVERLAY_CSS);
  const root = dom.el('div', 'root');
  const boxLayer = dom.el('div', 'boxes');
  const flashBox = dom.el('div', 'flash');
  const tipBox = dom.el('div', 'tip');
  const legendBox = dom.el('section', 'legend');
  root.append(boxLayer, flashBox, tipBox, legendBox);
  shadow.append(root);
  const boxes = new BoxPainter(boxLayer, dom);
  const flash = new FlashPainter(flashBox);
  const tip = new TipPainter(tipBox, dom);
  const legend = new LegendView(legendBox, shadow, dom, { toggle, revealNext });
  const positions = new PositionTracker(view, schedule);
  const maxAnchorArea = () => view.innerWidth * view.innerHeight * MAX_ANCHOR_SHARE;

  // ---- placement: re-find each finding's element and group what one outline shows ----

  let placing = 0;
  /** Re-finds and places every finding in slices, then groups them. */
  function placeAll(findings: readonly Finding[]): void {
    const run = ++placing;
    s.placed = false;
    s.where.clear();
    const cache = new Map<string, Where>();
    const locator = new Locator(doc, opts.openClosedRoot);
    const builder = new GroupBuilder();
    const maxArea = maxAnchorArea();
    let i = 0;
    const step = () => {
      if (run !== placing) return;
      const deadline = performance.now() + SLICE_MS;
      while (i < findings.length && performance.now() < deadline) {
        const f = findings[i++];
        if (!f.selector) continue;
        let w = cache.get(f.selector);
        if (!w) cache.set(f.selector, (w = locateOne(f.selector, locator, maxArea)));
        s.where.set(f.key, w);
        builder.add(f, w);
      }
      if (i < findings.length) {
        setTimeout(step, 0);
        return;
      }
      useGroups(builder.build(containerCheck(maxArea)));
      s.placed = true;
      renderLegend();
      schedule();
    };
    step();
  }

  function locateOne(selector: string, locator = new Locator(doc, opts.openClosedRoot), maxArea = maxAnchorArea()): Where {
    const w = classify(locator, selector, maxArea);
    if (w.kind !== 'missing') listen(w.target.frames);
    return w;
  }

  function useGroups(next: Group[]): void {
    s.groups = next;
    s.groupOfElement.clear();
    next.forEach((g, i) => {
      if (!g.marker && !s.groupOfElement.has(g.target.element)) s.groupOfElement.set(g.target.element, i);
    });
    s.tip = null;
    positions.reset(next.map((g) => g.target));
  }

  // The legend lists invisible and vanished elements once all are placed, not growing while placing.
  function placementOf(f: Finding): Placement | undefined {
    if (!f.selector) return 'page';
    return s.placed ? s.where.get(f.key)?.kind : undefined;
  }

  // ---- the frame: all reads first, then all writes, one layout per frame however many boxes ----

  let rafId = 0;
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
    let layout: { boxes: DrawBox[]; capped: boolean } = { boxes: [], capped: false };
    if (s.visible && !s.capturing && s.groups.length) {
      const measured: MeasuredGroup[] = [];
      for (const i of positions.candidates()) {
        const g = s.groups[i];
        const rect = measurer.measure(g.target);
        if (rect) measured.push({ group: i, rect, marker: g.marker, findings: g.findings });
      }
      layout = layoutBoxes(measured, vp);
    }
    const now = performance.now();
    const flashRect = s.flash && now < s.flash.until ? measurer.measure(s.flash.target) : null;
    if (s.flash && !flashRect && now >= s.flash.until) s.flash = null;
    if (!s.flash && s.tip?.source === 'reveal') s.tip = null;
    if (s.pointer && s.tip?.source === 'pointer') {
      const g = groupAt(layout.boxes, s.pointer.x, s.pointer.y);
      s.tip = g === null ? null : { group: g, source: 'pointer' };
    }
    const tipGroup = s.tip && (s.visible || s.tip.source === 'reveal') && !s.capturing ? (s.groups[s.tip.group] ?? null) : null;
    const tipRect = tipGroup ? measurer.measure(tipGroup.target) : null;

    boxes.draw(layout.boxes, s.t);
    s.drawn = layout.boxes;
    if (layout.capped !== s.capped) {
      s.capped = layout.capped;
      renderLegend();
    }
    flash.draw(flashRect, s.flash?.rule ?? null);
    tip.draw(tipGroup, tipRect, vp, s.t);
    if (s.flash) schedule();
  }

  function renderLegend(): void {
    legend.render({ t: s.t, state: s.scan, visible: s.visible, capped: s.capped ? s.drawn.length : null, placement: placementOf });
  }

  // ---- what the inspector does: show/hide, reveal ----

  function toggle(next: boolean): void {
    if (opts.onToggle) opts.onToggle(next);
    else setVisible(next);
  }

  function setVisible(next: boolean): void {
    if (next === s.visible) return;
    s.visible = next;
    // Switched off, nothing the overlay drew stays: not a reveal's flash and tooltip either (evidence capture
    // switches the overlay off, and a tooltip left from a reveal would cover the outlined element). A reveal
    // asked for while the overlay is off still shows.
    if (!s.visible) {
      s.flash = null;
      s.tip = null;
    }
    renderLegend();
    schedule();
  }

  function revealNext(rule: string): void {
    const findings = (s.scan?.findings ?? []).filter((f) => f.rule === rule && f.selector);
    for (let tries = 0; tries < findings.length; tries++) {
      const i = (s.nextOfRule.get(rule) ?? 0) % findings.length;
      s.nextOfRule.set(rule, i + 1);
      if (reveal(findings[i].key)) return;
    }
  }

  function reveal(key: string): boolean {
    const f = s.scan?.findings.find((x) => x.key === key);
    if (!f?.selector) return false;
    let w = s.where.get(key);
    if (!w) {
      w = locateOne(f.selector);
      s.where.set(key, w);
    }
    if (w.kind === 'missing') return false;
    const target = w.kind === 'boxed' ? { ...w.target, text: spanOf(f) } : w.anchor;
    if (!target) return false;
    target.element.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' as ScrollBehavior });
    s.flash = { target, rule: f.rule, until: performance.now() + FLASH_MS };
    const g = s.groups.findIndex((x) => x.findings.some((y) => y.key === key));
    if (g >= 0) s.tip = { group: g, source: 'reveal' };
    schedule();
    return true;
  }

  // ---- the page's events ----

  const listened = new WeakSet<Document>();
  const frameChains = new Map<Document, HTMLIFrameElement[]>();
  // Whether the host was in the page once: going back in after that may follow a document.open().
  let attached = false;

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

  function removeListeners(d: Document): void {
    d.removeEventListener('scroll', schedule, { capture: true });
    d.removeEventListener('pointermove', onPointer, { capture: true });
    d.removeEventListener('focusin', onFocus, { capture: true });
    d.removeEventListener('focusout', onBlur, { capture: true });
    d.defaultView?.removeEventListener('resize', onResize);
  }

  function onPointer(e: PointerEvent): void {
    const d = e.currentTarget as Document;
    const chain = d === doc ? [] : frameChains.get(d);
    const offset = chain?.length ? new Measurer().origin(chain) : { x: 0, y: 0 };
    if (!offset) return;
    s.pointer = { x: e.clientX + offset.x, y: e.clientY + offset.y };
    const g = groupAt(s.drawn, s.pointer.x, s.pointer.y);
    if (s.tip?.source === 'pointer' && g === s.tip.group) return;
    if (g === null && s.tip?.source !== 'pointer') return;
    s.tip = g === null ? null : { group: g, source: 'pointer' };
    schedule();
  }

  function onFocus(e: FocusEvent): void {
    let target = e.composedPath()[0] as Element | undefined;
    for (let i = 0; target && i < 4; i++, target = target.parentElement ?? undefined) {
      const g = s.groupOfElement.get(target);
      if (g !== undefined) {
        s.tip = { group: g, source: 'focus' };
        schedule();
        return;
      }
    }
  }

  function onBlur(): void {
    if (s.tip?.source !== 'focus') return;
    s.tip = null;
    schedule();
  }

  let placeTimer: ReturnType<typeof setTimeout> | undefined;
  function onResize(): void {
    schedule();
    // What is hidden can change with the width (responsive menus): look again once resizing settles.
    clearTimeout(placeTimer);
    placeTimer = setTimeout(() => s.scan && placeAll(s.scan.findings), 300);
  }

  let lastMutationFrame = 0;
  let mutationTimer: ReturnType<typeof setTimeout> | undefined;
  function onMutation(): void {
    positions.requestRefresh();
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

  function onLoad(): void {
    positions.requestRefresh();
    schedule();
  }

  attach();
  listen([]);
  const mutations = new view.MutationObserver(onMutation);
  mutations.observe(doc, { childList: true, subtree: true, attributes: true, characterData: true });
  doc.addEventListener('load', onLoad, { capture: true, passive: true });

  return {
    render(next) {
      const findingsChanged = next.findings !== s.scan?.findings;
      s.scan = next;
      if (findingsChanged) {
        s.nextOfRule.clear();
        placeAll(next.findings);
      }
      if (next.overlayVisible !== s.visible) setVisible(next.overlayVisible);
      else renderLegend();
    },
    reveal,
    setTranslate(next) {
      s.t = next;
      tip.invalidate();
      boxes.invalidate();
      renderLegend();
      schedule();
    },
    setCapturing(capturing) {
      if (capturing === s.capturing) return;
      s.capturing = capturing;
      // Hidden at once, not on the next frame: the capture may be taken before it.
      root.style.display = capturing ? 'none' : '';
      if (capturing) {
        s.flash = null;
        s.tip = null;
      }
      schedule();
    },
    owns: (node) => node === host,
    destroy() {
      placing++;
      mutations.disconnect();
      positions.stop();
      clearTimeout(mutationTimer);
      clearTimeout(placeTimer);
      if (rafId) view.cancelAnimationFrame(rafId);
      for (const d of [doc, ...frameChains.keys()]) removeListeners(d);
      doc.removeEventListener('load', onLoad, { capture: true });
      host.remove();
    },
  };
}

