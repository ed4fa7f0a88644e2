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
