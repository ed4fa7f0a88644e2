import type { Finding } from '../findings';
import { RULE_CATALOG } from '../rule-catalog';
import { ruleName, severityName, type Translate } from '../i18n';
import type { Rect } from './geometry';
import type { Group } from './grouping';
import { placeTooltip, type DrawBox } from './layout';
import type { Dom } from './dom';

/** Findings a tooltip over an outline details; a marker's tooltip lists this many more briefly. */
const TIP_DETAILS = 5;
const TIP_MARKER_LINES = 12;

/**
 * The outlines: a pool of absolutely placed divs reused frame after frame, each rewritten only when what
 * it shows changed (moving a few hundred boxes must not rebuild them).
 */
export class BoxPainter {
  private readonly pool: HTMLDivElement[] = [];
  private applied = new WeakMap<HTMLDivElement, string>();

  constructor(
    private readonly layer: HTMLElement,
    private readonly dom: Dom,
  ) {}

  draw(boxes: readonly DrawBox[], t: Translate): void {
    while (this.pool.length < boxes.length) {
      const box = this.dom.el('div', 'box');
      this.pool.push(box);
      this.layer.append(box);
    }
    for (let i = 0; i < this.pool.length; i++) {
      const div = this.pool[i];
      const b = boxes[i];
      const css = b ? `${b.key}|${b.marker}|${b.count}|${Math.round(b.x)},${Math.round(b.y)},${Math.round(b.w)},${Math.round(b.h)}` : 'none';
      if (this.applied.get(div) === css) continue;
      this.applied.set(div, css);
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
      if (b.marker) {
        div.dataset.badge = t('overlayMarkerCount', b.count);
        div.dataset.count = String(b.count);
      } else {
        delete div.dataset.badge;
        delete div.dataset.count;
      }
    }
  }

  /** The language changed: every box's badge is rewritten on the next draw. */
  invalidate(): void {
    this.applied = new WeakMap();
  }
}

/** The pulse around a revealed element. */
export class FlashPainter {
  constructor(private readonly box: HTMLElement) {}

  draw(rect: Rect | null, rule: Finding['rule'] | null): void {
    const box = this.box;
    if (!rect || !rule) {
      box.style.display = 'none';
      return;
    }
    const pad = 6;
    if (box.style.display !== 'block') {
      box.style.display = 'block';
      // Restart the pulse for each reveal.
      box.style.animation = 'none';
      void box.offsetWidth;
      box.style.animation = '';
    }
    box.style.setProperty('--c', RULE_CATALOG[rule].color);
    box.style.transform = `translate(${Math.round(rect.x - pad)}px, ${Math.round(rect.y - pad)}px)`;
    box.style.width = `${Math.round(rect.w + 2 * pad)}px`;
    box.style.height = `${Math.round(rect.h + 2 * pad)}px`;
  }
}

/** The tooltip: the reasons of an outline's findings, or the list of a marker's invisible elements. */
export class TipPainter {
  private filledFor: Group | null = null;

  constructor(
    private readonly tip: HTMLElement,
    private readonly dom: Dom,
  ) {
    tip.setAttribute('role', 'tooltip');
  }

  draw(group: Group | null, rect: Rect | null, vp: { w: number; h: number }, t: Translate): void {
    const tip = this.tip;
    if (!group || !rect) {
      tip.style.display = 'none';
      this.filledFor = null;
      return;
    }
    if (this.filledFor !== group) {
      this.filledFor = group;
      if (group.marker) this.fillMarker(group, t);
      else this.fillOutline(group, t);
    }
    tip.style.display = 'block';
    const r = tip.getBoundingClientRect();
    const at = placeTooltip(rect, { w: r.width, h: r.height }, vp);
    tip.style.transform = `translate(${Math.round(at.x)}px, ${Math.round(at.y)}px)`;
  }

  invalidate(): void {
    this.filledFor = null;
  }

  private fillOutline(g: Group, t: Translate): void {
    const { el, text } = this.dom;
    this.tip.replaceChildren();
    for (const f of g.findings.slice(0, TIP_DETAILS)) {
      const item = el('div', 'item');
      const head = el('div', 'head');
      head.append(this.dot(f), text('span', '', ruleName(t, f.rule)), text('span', 'sev', severityName(t, f.severity)));
      item.append(head);
      if (f.label) item.append(text('div', 'label', `“${f.label}”`));
      item.append(text('div', 'msg', f.message));
      if (f.href) item.append(text('div', 'href', t('tooltipLink', f.href)));
      this.tip.append(item);
    }
    if (g.findings.length > TIP_DETAILS) this.tip.append(text('div', 'note', t('popupMore', g.findings.length - TIP_DETAILS)));
  }

  /** Many invisible elements under one marker: one line each, so the list fits beside the page. */
  private fillMarker(g: Group, t: Translate): void {
    const { el, text } = this.dom;
    this.tip.replaceChildren(text('div', 'head', t('tooltipHiddenCount', g.findings.length)));
    const ul = el('ul', 'lines');
    for (const f of g.findings.slice(0, TIP_MARKER_LINES)) {
      const li = el('li');
      li.append(this.dot(f), text('span', '', `${ruleName(t, f.rule)}（${severityName(t, f.severity)}）：${f.label || f.message}`));
      ul.append(li);
    }
    this.tip.append(ul);
    if (g.findings.length > TIP_MARKER_LINES) this.tip.append(text('div', 'note', t('popupMore', g.findings.length - TIP_MARKER_LINES)));
    this.tip.append(text('div', 'note', t('tooltipHidden')));
  }

  private dot(f: Finding): HTMLElement {
    const dot = this.dom.el('span', 'dot');
    dot.style.setProperty('--c', RULE_CATALOG[f.rule].color);
    return dot;
  }
}
