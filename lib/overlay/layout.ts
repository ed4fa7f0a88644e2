import type { RuleId } from '../findings';
import { RULE_IDS } from '../rule-catalog';
import type { Rect } from './geometry';

/** Boxes further than this outside the viewport are not drawn; scrolling redraws them in time. */
export const NEAR_VIEWPORT_PX = 200;
/** Upper bound on outlines drawn at once, so a page with thousands of findings in view stays responsive. */
export const MAX_BOXES = 2000;
/** Gap between an element and its outline, and between nested outlines of several findings on it. */
export const OUTLINE_GAP_PX = 2;
export const OUTLINE_STEP_PX = 3;

/** The element (or, for an invisible one, its marked ancestor) and the findings on it, measured. */
export interface MeasuredGroup {
  /** Index of the group, so a drawn box leads back to its findings. */
  group: number;
  rect: Rect;
  /** The outline stands for invisible elements inside `rect`. */
  marker: boolean;
  findings: readonly { key: string; rule: RuleId }[];
}

export interface DrawBox extends Rect {
  key: string;
  rule: RuleId;
  group: number;
  marker: boolean;
  /** Findings the box stands for: 1 for an outline, all of a container's invisible elements for a marker. */
  count: number;
}

export interface Layout {
  boxes: DrawBox[];
  /** More outlines were near the viewport than MAX_BOXES. */
  capped: boolean;
}

/**
 * One outline per finding, nested outward when several findings share an element so each rule's colour
 * shows; one dashed marker per container of invisible elements, in its most frequent rule's colour, with
 * the count; only groups in or near the viewport; at most `max` boxes.
 */
export function layoutBoxes(
  groups: readonly MeasuredGroup[],
  viewport: { w: number; h: number },
  max = MAX_BOXES,
  near = NEAR_VIEWPORT_PX,
): Layout {
  const boxes: DrawBox[] = [];
  const area: Rect = { x: -near, y: -near, w: viewport.w + 2 * near, h: viewport.h + 2 * near };
  for (const g of groups) {
    const { rect } = g;
    if (rect.x > area.x + area.w || rect.y > area.y + area.h || rect.x + rect.w < area.x || rect.y + rect.h < area.y) continue;
    if (g.marker) {
      if (boxes.length + 1 > max) return { boxes, capped: true };
      const pad = OUTLINE_GAP_PX;
      const rule = dominantRule(g.findings);
      const key = g.findings.find((f) => f.rule === rule)!.key;
      boxes.push({ key, rule, group: g.group, marker: true, count: g.findings.length, x: rect.x - pad, y: rect.y - pad, w: rect.w + 2 * pad, h: rect.h + 2 * pad });
      continue;
    }
    if (boxes.length + g.findings.length > max) return { boxes, capped: true };
    g.findings.forEach((f, i) => {
      const pad = OUTLINE_GAP_PX + i * OUTLINE_STEP_PX;
      boxes.push({
        key: f.key,
        rule: f.rule,
        group: g.group,
        marker: false,
        count: 1,
        x: rect.x - pad,
        y: rect.y - pad,
        w: rect.w + 2 * pad,
        h: rect.h + 2 * pad,
      });
    });
  }
  return { boxes, capped: false };
}

/** The rule most of the findings are of; a tie goes to the rule listed first. */
export function dominantRule(findings: readonly { rule: RuleId }[]): RuleId {
  const counts = new Map<RuleId, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  let best = findings[0].rule;
  let most = 0;
  for (const id of RULE_IDS) {
    const n = counts.get(id) ?? 0;
    if (n > most) [best, most] = [id, n];
  }
  return best;
}

/** The smallest drawn group under the point: the most specific element wins over its containers. */
export function groupAt(boxes: readonly DrawBox[], x: number, y: number): number | null {
  let best: number | null = null;
  let bestArea = Infinity;
  for (const b of boxes) {
    if (x < b.x || y < b.y || x > b.x + b.w || y > b.y + b.h) continue;
    const area = b.w * b.h;
    if (area < bestArea) {
      bestArea = area;
      best = b.group;
    }
  }
  return best;
}

/**
 * Where the tooltip goes: below the box when it fits, else above, else inside the viewport's bottom;
 * never past the viewport's sides.
 */
export function placeTooltip(
  box: Rect,
  tip: { w: number; h: number },
  viewport: { w: number; h: number },
  gap = 6,
): { x: number; y: number } {
  const x = Math.max(4, Math.min(box.x, viewport.w - tip.w - 4));
  const below = box.y + box.h + gap;
  if (below + tip.h <= viewport.h) return { x, y: Math.max(4, below) };
  const above = box.y - gap - tip.h;
  if (above >= 0) return { x, y: above };
  return { x, y: Math.max(4, viewport.h - tip.h - 4) };
}
