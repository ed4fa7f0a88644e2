import { describe, expect, test } from 'vitest';
import { RULE_CATALOG, RULE_IDS, type RuleId } from '../../../lib/rule-catalog';
import { contrastOnWhite, deltaE2000, DICHROMACY, difference } from './color-vision';

const VISIONS = { normal: undefined, ...DICHROMACY };
// The lines the palette keeps (the old one: normal 8.1 for 错链/非法链接, protanopia 3.4 for 国徽/重点信息).
const MIN_NORMAL = 20;
const MIN_DICHROMAT = 10;
// The four link rules sit on the same links and in the same menus: they must differ most.
const LINK_RULES: RuleId[] = ['link-dead', 'link-hidden', 'link-empty', 'link-illegal'];
const MIN_LINK_FAMILY = 15;

function pairs<T>(items: readonly T[]): [T, T][] {
  return items.flatMap((a, i) => items.slice(i + 1).map((b) => [a, b] as [T, T]));
}

describe('rule colours', () => {
  test('CIEDE2000 matches the published test pairs (Sharma, Wu & Dalal 2005)', () => {
    expect(deltaE2000([50, 2.6772, -79.7751], [50, 0, -82.7485])).toBeCloseTo(2.0425, 3);
    expect(deltaE2000([50, -1, 2], [50, 0, 0])).toBeCloseTo(2.3669, 3);
    expect(deltaE2000([60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387])).toBeCloseTo(1.2644, 3);
    expect(deltaE2000([2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514])).toBeCloseTo(0.9082, 3);
  });

  test('every outline colour stands out on a white page (WCAG non-text contrast 3:1)', () => {
    const weak = RULE_IDS.filter((id) => contrastOnWhite(RULE_CATALOG[id].color) < 3);
    expect(weak).toEqual([]);
  });

  test('every two rules differ for normal, deuteranope and protanope eyes', () => {
    for (const [vision, matrix] of Object.entries(VISIONS)) {
      const min = vision === 'normal' ? MIN_NORMAL : MIN_DICHROMAT;
      const close = pairs(RULE_IDS)
        .map(([a, b]) => ({ a, b, d: difference(RULE_CATALOG[a].color, RULE_CATALOG[b].color, matrix) }))
        .filter((p) => p.d < min)
        .map((p) => `${p.a}/${p.b} ${p.d.toFixed(1)}`);
      expect(close, vision).toEqual([]);
    }
  });

  test('the link rules differ most, whatever the vision', () => {
    for (const [vision, matrix] of Object.entries(VISIONS)) {
      for (const [a, b] of pairs(LINK_RULES)) {
        expect(difference(RULE_CATALOG[a].color, RULE_CATALOG[b].color, matrix), `${vision} ${a}/${b}`).toBeGreaterThanOrEqual(MIN_LINK_FAMILY);
      }
    }
  });

  test('no two rules share a colour', () => {
    const colors = RULE_IDS.map((id) => RULE_CATALOG[id].color.toLowerCase());
    expect(new Set(colors).size).toBe(colors.length);
  });
});
