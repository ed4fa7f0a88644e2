import { describe, expect, test } from 'vitest';
import {
  groupAt,
  layoutBoxes,
  MAX_BOXES,
  NEAR_VIEWPORT_PX,
  OUTLINE_GAP_PX,
  OUTLINE_STEP_PX,
  placeTooltip,
  type MeasuredGroup,
} from '@/lib/overlay/layout';

const vp = { w: 1000, h: 800 };
const group = (i: number, x: number, y: number, w = 100, h = 20, rules: string[] = ['link-empty']): MeasuredGroup => ({
  group: i,
  rect: { x, y, w, h },
  marker: false,
  findings: rules.map((rule, n) => ({ key: `g${i}-${n}`, rule: rule as MeasuredGroup['findings'][number]['rule'] })),
});

describe('layoutBoxes', () => {
  test('draws one outline per finding, nested outward when findings share an element', () => {
    const { boxes, capped } = layoutBoxes([group(0, 100, 100, 50, 10, ['link-dead', 'link-empty', 'link-hidden'])], vp);
    expect(capped).toBe(false);
    expect(boxes.map((b) => [b.key, b.rule, b.x, b.y, b.w, b.h])).toEqual([
      ['g0-0', 'link-dead', 100 - OUTLINE_GAP_PX, 100 - OUTLINE_GAP_PX, 50 + 2 * OUTLINE_GAP_PX, 10 + 2 * OUTLINE_GAP_PX],
      ['g0-1', 'link-empty', 100 - OUTLINE_GAP_PX - OUTLINE_STEP_PX, 100 - OUTLINE_GAP_PX - OUTLINE_STEP_PX, 50 + 2 * (OUTLINE_GAP_PX + OUTLINE_STEP_PX), 10 + 2 * (OUTLINE_GAP_PX + OUTLINE_STEP_PX)],
      ['g0-2', 'link-hidden', 100 - OUTLINE_GAP_PX - 2 * OUTLINE_STEP_PX, 100 - OUTLINE_GAP_PX - 2 * OUTLINE_STEP_PX, 50 + 2 * (OUTLINE_GAP_PX + 2 * OUTLINE_STEP_PX), 10 + 2 * (OUTLINE_GAP_PX + 2 * OUTLINE_STEP_PX)],
    ]);
  });

  test('draws what is in or near the viewport and skips what is far from it', () => {
    const groups = [
      group(0, 10, 10), // in view
      group(1, 10, vp.h + NEAR_VIEWPORT_PX - 1), // just inside the margin below
      group(2, 10, vp.h + NEAR_VIEWPORT_PX + 50), // far below
      group(3, 10, -NEAR_VIEWPORT_PX - 21 - 5), // far above (bottom edge above the margin)
      group(4, -NEAR_VIEWPORT_PX - 50 - 101, 10, 100), // far left
      group(5, vp.w + NEAR_VIEWPORT_PX + 1, 10), // far right
      group(6, -150, -150, 5000, 5000), // a huge element covering the viewport
    ];
    expect(layoutBoxes(groups, vp).boxes.map((b) => b.group)).toEqual([0, 1, 6]);
  });

  test('stops at the cap without splitting a group, and says so', () => {
    const groups = Array.from({ length: 10 }, (_, i) => group(i, 10, i * 30, 100, 20, ['link-dead', 'link-empty']));
    const { boxes, capped } = layoutBoxes(groups, vp, 7);
    expect(capped).toBe(true);
    expect(boxes).toHaveLength(6);
    expect(new Set(boxes.map((b) => b.group))).toEqual(new Set([0, 1, 2]));
    expect(MAX_BOXES).toBeGreaterThanOrEqual(1000);
  });
});

describe('groupAt', () => {
  const { boxes } = layoutBoxes([group(0, 0, 0, 600, 400), group(1, 100, 100, 50, 20), group(2, 700, 700, 10, 10)], vp);
  test('the smallest outline under the pointer wins', () => {
    expect(groupAt(boxes, 120, 110)).toBe(1);
    expect(groupAt(boxes, 300, 300)).toBe(0);
  });
  test('nothing under the pointer', () => {
    expect(groupAt(boxes, 650, 650)).toBeNull();
  });
  test('the outline gap counts as the box', () => {
    expect(groupAt(boxes, 700 - OUTLINE_GAP_PX, 700)).toBe(2);
  });
});

describe('placeTooltip', () => {
  const tip = { w: 200, h: 80 };
  test('below the box when it fits', () => {
    expect(placeTooltip({ x: 100, y: 100, w: 50, h: 20 }, tip, vp)).toEqual({ x: 100, y: 126 });
  });
  test('above the box near the bottom of the viewport', () => {
    expect(placeTooltip({ x: 100, y: 750, w: 50, h: 20 }, tip, vp)).toEqual({ x: 100, y: 750 - 6 - 80 });
  });
  test('kept inside the viewport on the right and for boxes taller than the viewport', () => {
    expect(placeTooltip({ x: 950, y: -10, w: 50, h: 2000 }, tip, vp)).toEqual({ x: vp.w - 200 - 4, y: vp.h - 80 - 4 });
  });
  test('never left of the viewport', () => {
    expect(placeTooltip({ x: -300, y: 100, w: 50, h: 20 }, tip, vp).x).toBe(4);
  });
});
