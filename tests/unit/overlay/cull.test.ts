import { expect, test } from 'vitest';
import { PositionIndex } from '@/lib/overlay/cull';

const at = (group: number, y: number, h = 20) => ({ group, pos: { x: 0, y, w: 100, h } });

test('returns the groups whose vertical extent meets the range, edges included', () => {
  const index = new PositionIndex([at(0, 0), at(1, 100), at(2, 480, 30), at(3, 1000), at(4, 5000)], 900);
  expect(index.near(90, 500).sort()).toEqual([1, 2]);
  expect(index.near(120, 120)).toEqual([1]); // bottom edge of group 1
  expect(index.near(20, 20)).toEqual([0]);
  expect(index.near(21, 99)).toEqual([]);
});

test('a box that starts above the range but reaches into it is found', () => {
  const index = new PositionIndex([at(0, 0, 800), at(1, 2000)], 900);
  expect(index.near(700, 750)).toEqual([0]);
});

test('boxes taller than the limit are always candidates', () => {
  const index = new PositionIndex([at(0, 0, 50_000), at(1, 100)], 900);
  expect(index.near(40_000, 41_000)).toEqual([0]);
  expect(index.near(90, 110).sort()).toEqual([0, 1]);
});

test('order of input does not matter', () => {
  const entries = Array.from({ length: 1000 }, (_, i) => at(i, ((i * 7919) % 1000) * 20));
  const index = new PositionIndex(entries, 900);
  const expected = entries.filter((e) => e.pos.y + e.pos.h >= 5000 && e.pos.y <= 6000).map((e) => e.group);
  expect(index.near(5000, 6000).sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
});
