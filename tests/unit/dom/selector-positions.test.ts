import { expect, test } from 'vitest';
import { selectorFor } from '@/lib/dom/selector';

// selectorFor counts nth-of-type back to the last position it found under the same parent; these prove the
// shortcut never returns a selector for the wrong element.
const list = (n: number) => {
  document.body.innerHTML = `<ul>${Array.from({ length: n }, (_, i) => `<li><a href="/n/${i}.html">${i}</a>${i % 3 ? '<span>x</span>' : ''}</li>`).join('')}</ul>`;
  return [...document.querySelectorAll('a')];
};

test('in document order, out of order and repeated, every selector re-finds its element', () => {
  const links = list(300);
  const order = [...links, ...[...links].reverse(), links[150], links[7], links[299], links[0]];
  for (const a of order) expect(document.querySelector(selectorFor(a))).toBe(a);
  expect(selectorFor(links[150])).toBe('html > body > ul > li:nth-of-type(151) > a');
});

test('after the page inserts and removes items, selectors follow the new positions', async () => {
  const links = list(100);
  for (const a of links.slice(0, 51)) selectorFor(a);
  const ul = document.querySelector('ul')!;
  ul.prepend(document.createElement('li'), document.createElement('li'));
  await new Promise((r) => setTimeout(r, 0));
  // The last position found (item 50) moved by two: counting back to it must not reuse the old one.
  expect(selectorFor(links[60])).toBe('html > body > ul > li:nth-of-type(63) > a');
  ul.children[40].remove();
  await new Promise((r) => setTimeout(r, 0));
  for (const a of links.filter((a) => a.isConnected)) expect(document.querySelector(selectorFor(a))).toBe(a);
  expect(selectorFor(links[99])).toBe('html > body > ul > li:nth-of-type(101) > a');
});
