import { describe, expect, it } from 'vitest';
import { snippetOf } from '@/lib/dom/selector';

describe('snippetOf', () => {
  it('writes the start of a big element exactly as its outerHTML begins, without serialising all of it', () => {
    const items = Array.from({ length: 2000 }, (_, i) => `<li class="x"><a href="/a/${i}.html?x=1&amp;y=2">第${i}条 &lt;通知&gt;&nbsp;</a><span>2025-06-01</span></li>`).join('');
    document.body.innerHTML = `<section id="col"><div class="title"><h2>通知公告</h2><!-- 栏目 --><a class="more" href="/more/">更多</a></div><ul>${items}</ul></section>`;
    const section = document.getElementById('col')!;
    const full = section.outerHTML;
    for (const max of [40, 120, 300, 1000]) {
      expect(snippetOf(section, max)).toBe(`${full.slice(0, max - 1)}…`);
      expect(snippetOf(section.querySelector('ul')!, max)).toBe(`${section.querySelector('ul')!.outerHTML.slice(0, max - 1)}…`);
    }
  });

  it('keeps a small element whole', () => {
    document.body.innerHTML = '<p><a href="#">空链</a></p>';
    expect(snippetOf(document.querySelector('p')!)).toBe('<p><a href="#">空链</a></p>');
  });
});

describe('snippetOf on big elements with few children', () => {
  it('does not serialise a long list whole because its wrapper has only two children', () => {
    const items = Array.from({ length: 500 }, (_, i) => `<li><a href="/a/${i}.html">第${i}条</a><span>2025-06-01</span></li>`).join('');
    document.body.innerHTML = `<section id="col2"><div class="title"><h2>要闻</h2></div><ul>${items}</ul></section>`;
    const section = document.getElementById('col2')!;
    const ul = section.querySelector('ul')!;
    const full = section.outerHTML;
    // Every serialisation snippetOf asks for is recorded: none may be the whole section or list.
    let proto: object | null = ul;
    while (proto && !Object.getOwnPropertyDescriptor(proto, 'outerHTML')) proto = Object.getPrototypeOf(proto);
    const descriptor = Object.getOwnPropertyDescriptor(proto!, 'outerHTML')!;
    const lengths: number[] = [];
    Object.defineProperty(proto!, 'outerHTML', { ...descriptor, get(this: Element) { const html = descriptor.get!.call(this) as string; lengths.push(html.length); return html; } });
    try {
      expect(snippetOf(section)).toBe(`${full.slice(0, 299)}…`);
    } finally {
      Object.defineProperty(proto!, 'outerHTML', descriptor);
    }
    expect(lengths.length).toBeGreaterThan(0);
    expect(Math.max(...lengths)).toBeLessThan(300);
  });

  it('cuts a long text without escaping all of it, exactly as outerHTML begins', () => {
    document.body.innerHTML = `<div id="t"><p>${'a&b<c>\u00a0'.repeat(300)}</p><b>x</b></div>`;
    const div = document.getElementById('t')!;
    for (const max of [10, 300]) expect(snippetOf(div, max)).toBe(`${div.outerHTML.slice(0, max - 1)}…`);
    expect(snippetOf(div.querySelector('p')!)).toBe(`${div.querySelector('p')!.outerHTML.slice(0, 299)}…`);
  });

  it('writes a template with its content, as outerHTML does', () => {
    document.body.innerHTML = '<div id="tp"><template><a href="#">模板</a></template><i>y</i></div>';
    const div = document.getElementById('tp')!;
    expect(snippetOf(div, 1000)).toBe(div.outerHTML);
  });
});
