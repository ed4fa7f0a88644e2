import type { Finding } from '../findings';
import { boxOf, framesShown, isShown, visibleAnchor } from './geometry';
import { composedParent, Locator, type Located, type TextSpan } from './locate';

/** The findings one outline (or one hidden-element marker) stands for. */
export interface Group {
  target: Located;
  /** The outline stands for invisible elements inside `target`, not for `target` itself. */
  marker: boolean;
  findings: Finding[];
}

/** How a finding's element can be shown: outlined itself, marked at a visible container, or not at all. */
export type Where = { kind: 'boxed'; target: Located } | { kind: 'hidden'; target: Located; anchor: Located | null } | { kind: 'missing' };

/** A finding about words (wording-error) carries where they are in the element's text. */
export function spanOf(f: Finding): TextSpan | undefined {
  const { offset, length } = f.detail;
  return typeof offset === 'number' && typeof length === 'number' && length > 0 ? { offset, length } : undefined;
}

/** Re-finds a finding's element; an invisible one gets the nearest visible ancestor no larger than `maxArea`. */
export function classify(locator: Locator, selector: string, maxArea: number): Where {
  const target = locator.locate(selector);
  if (!target) return { kind: 'missing' };
  if (isShown(target.element) && framesShown(target.frames)) return { kind: 'boxed', target };
  return { kind: 'hidden', target, anchor: visibleAnchor(target, maxArea) };
}

/**
 * Collects findings into groups as they are placed: one per outlined element, one per outlined stretch
 * of words, and one marker per visible container of invisible elements (see mergeMarkers).
 */
export class GroupBuilder {
  private readonly byElement = new Map<Element, Group>();
  private readonly byText: Group[] = [];
  private readonly byAnchor = new Map<Element, Group>();

  add(f: Finding, w: Where): void {
    if (w.kind === 'boxed' && spanOf(f)) {
      // Words in a paragraph: outline the words, each finding on its own.
      this.byText.push({ target: { ...w.target, text: spanOf(f) }, marker: false, findings: [f] });
      return;
    }
    const target = w.kind === 'boxed' ? w.target : w.kind === 'hidden' ? w.anchor : null;
    if (!target) return;
    const map = w.kind === 'boxed' ? this.byElement : this.byAnchor;
    const g = map.get(target.element);
    if (g) g.findings.push(f);
    else map.set(target.element, { target, marker: w.kind === 'hidden', findings: [f] });
  }

  build(canHold: (el: Element) => boolean): Group[] {
    return [...this.byElement.values(), ...this.byText, ...mergeMarkers([...this.byAnchor.values()], canHold)];
  }
}

// Each round lifts sibling markers one level; a footer's menus are a few levels deep at most.
const MAX_ROUNDS = 6;

/**
 * One marker per visible container, however many invisible elements it holds: markers inside another
 * marker's container join it, and markers of sibling elements (each item of a list holding a hidden link)
 * join at their common parent when `canHold` it (shown, not the page, not too large). Stacked dashed boxes
 * made footers and menus unreadable on pages where most findings are on invisible elements.
 */
export function mergeMarkers(markers: readonly Group[], canHold: (el: Element) => boolean): Group[] {
  let groups = [...markers];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    groups = mergeNested(groups);
    const byParent = new Map<Element, Group[]>();
    for (const g of groups) {
      const parent = composedParent(g.target.element);
      if (!parent) continue;
      const list = byParent.get(parent);
      if (list) list.push(g);
      else byParent.set(parent, [g]);
    }
    const lifted = new Map<Group, Group>();
    for (const [parent, siblings] of byParent) {
      if (siblings.length < 2 || !canHold(parent)) continue;
      const merged: Group = { target: { element: parent, frames: siblings[0].target.frames }, marker: true, findings: siblings.flatMap((g) => g.findings) };
      for (const g of siblings) lifted.set(g, merged);
    }
    if (!lifted.size) break;
    const next: Group[] = [];
    const seen = new Set<Group>();
    for (const g of groups) {
      const m = lifted.get(g) ?? g;
      if (!seen.has(m)) {
        seen.add(m);
        next.push(m);
      }
    }
    groups = next;
  }
  return groups;
}

/** A marker inside another marker's container joins the outermost one. */
function mergeNested(groups: Group[]): Group[] {
  const byElement = new Map(groups.map((g) => [g.target.element, g]));
  const into = new Map<Group, Group>();
  for (const g of groups) {
    let outer: Group | undefined;
    for (let p = composedParent(g.target.element); p; p = composedParent(p)) {
      const h = byElement.get(p);
      if (h) outer = h;
    }
    if (outer) into.set(g, outer);
  }
  if (!into.size) return groups;
  const root = (g: Group): Group => {
    let r = g;
    while (into.has(r)) r = into.get(r)!;
    return r;
  };
  const out = new Map<Group, Group>();
  for (const g of groups) {
    const r = root(g);
    let m = out.get(r);
    if (!m) out.set(r, (m = { ...r, findings: [] }));
    m.findings.push(...g.findings);
  }
  return [...out.values()];
}

/** Whether a marker may go on `el`: shown, not the page itself, and small enough to point at something. */
export function containerCheck(maxArea: number): (el: Element) => boolean {
  return (el) => {
    if (el.localName === 'body' || el.localName === 'html' || !isShown(el)) return false;
    const box = boxOf(el);
    return !!box && box.w * box.h <= maxArea;
  };
}
