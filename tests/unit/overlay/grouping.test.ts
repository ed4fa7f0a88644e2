import { describe, expect, test } from 'vitest';
import { mergeMarkers, type Group } from '@/lib/overlay/grouping';
import { dominantRule, layoutBoxes, OUTLINE_GAP_PX } from '@/lib/overlay/layout';
import { makeFinding } from '../../factories';
import type { RuleId } from '@/lib/findings';

// happy-dom has no layout, so which elements may hold a marker is given; the tree is real.
function marker(el: Element, n: number, rule: RuleId = 'link-hidden'): Group {
  return { target: { element: el, frames: [] }, marker: true, findings: Array.from({ length: n }, (_, i) => makeFinding({ key: `${el.id || el.localName}-${i}`, rule })) };
}

describe('mergeMarkers: one marker per visible container', () => {
  test('200 list items, each holding a hidden link, make one marker on the list', () => {
    document.body.innerHTML = `<footer id="foot"><ul id="menu">${'<li><a href="#" hidden>x</a></li>'.repeat(200)}</ul><p id="note">版权所有</p></footer>`;
    const items = [...document.querySelectorAll('li')].map((li) => marker(li, 1));
    const merged = mergeMarkers(items, (el) => el.id === 'menu' || el.id === 'foot');
    expect(merged).toHaveLength(1);
    expect(merged[0].target.element.id).toBe('menu');
    expect(merged[0].findings).toHaveLength(200);
    expect(merged[0].marker).toBe(true);
  });

  test('a marker inside another marker\'s container joins it, keeping the findings in order', () => {
    document.body.innerHTML = '<div id="outer"><div id="inner"><span id="deep"></span></div></div>';
    const outer = marker(document.getElementById('outer')!, 1);
    const deep = marker(document.getElementById('deep')!, 2);
    const merged = mergeMarkers([outer, deep], () => false);
    expect(merged.map((g) => [g.target.element.id, g.findings.map((f) => f.key)])).toEqual([['outer', ['outer-0', 'deep-0', 'deep-1']]]);
  });

  test('siblings stay apart when their parent cannot hold a marker (the page itself, too large, not shown)', () => {
    document.body.innerHTML = '<section id="a"></section><section id="b"></section>';
    const merged = mergeMarkers([marker(document.getElementById('a')!, 1), marker(document.getElementById('b')!, 1)], () => false);
    expect(merged.map((g) => g.target.element.id)).toEqual(['a', 'b']);
  });

  test('lifting goes up level by level while the containers can hold it', () => {
    document.body.innerHTML = '<nav id="nav"><ul id="u1"><li id="l1"></li><li id="l2"></li></ul><ul id="u2"><li id="l3"></li><li id="l4"></li></ul></nav>';
    const lis = ['l1', 'l2', 'l3', 'l4'].map((id) => marker(document.getElementById(id)!, 1));
    expect(mergeMarkers(lis, (el) => el.localName === 'ul').map((g) => g.target.element.id)).toEqual(['u1', 'u2']);
    expect(mergeMarkers(lis, (el) => el.localName === 'ul' || el.id === 'nav').map((g) => g.target.element.id)).toEqual(['nav']);
  });
});

describe('a marker is one box with a count', () => {
  test('drawn once, not once per finding, in the colour of the rule most of its findings are of', () => {
    const findings = [
      { key: 'a', rule: 'link-dead' as const },
      { key: 'b', rule: 'link-hidden' as const },
      { key: 'c', rule: 'link-hidden' as const },
    ];
    const { boxes } = layoutBoxes([{ group: 0, rect: { x: 10, y: 10, w: 200, h: 50 }, marker: true, findings }], { w: 1000, h: 800 });
    expect(boxes).toEqual([
      { key: 'b', rule: 'link-hidden', group: 0, marker: true, count: 3, x: 10 - OUTLINE_GAP_PX, y: 10 - OUTLINE_GAP_PX, w: 200 + 2 * OUTLINE_GAP_PX, h: 50 + 2 * OUTLINE_GAP_PX },
    ]);
  });

  test('a tie goes to the rule listed first', () => {
    expect(dominantRule([{ rule: 'link-empty' }, { rule: 'link-dead' }])).toBe('link-dead');
  });
});
