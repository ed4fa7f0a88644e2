import { describe, expect, test } from 'vitest';
import { contrastRatio, createVisibilityJudge, findUrlsInText, linksInHiddenMarkup, parseColor } from '@/lib/dom/visibility';
import { pageContext } from '../../fixtures/link-rules/harness';

// happy-dom has no layout: these tests cover the style-based judgements and the markup parsing. Geometry
// (zero size, off-screen, clipping, covering, colour against the background) is proven in Chromium by
// tests/e2e/link-rules.test.ts.
describe('style-based visibility (no layout)', () => {
  const techniquesOf = (html: string) => {
    pageContext(html);
    const judge = createVisibilityJudge();
    return judge.invisibility(document.querySelector('#subject')!);
  };

  test.each([
    ['<div style="display:none"><p><a id="subject" href="/">x</a></p></div>', ['display-none']],
    ['<div style="opacity:0"><a id="subject" href="/">x</a></div>', ['opacity']],
    ['<div style="opacity:0.2"><div style="opacity:0.2"><a id="subject" href="/">x</a></div></div>', ['opacity']],
    ['<div style="position:absolute;clip:rect(0px, 0px, 0px, 0px)"><a id="subject" href="/">x</a></div>', ['clip']],
    ['<div style="clip-path:inset(50%)"><a id="subject" href="/">x</a></div>', ['clip']],
    ['<div style="transform:scale(0)"><a id="subject" href="/">x</a></div>', ['transform']],
    ['<p style="font-size:0px"><a id="subject" href="/">x</a></p>', ['font-size']],
    ['<marquee scrollamount="3000"><a id="subject" href="/">x</a></marquee>', ['marquee']],
  ])('%s', (html, techniques) => {
    expect(techniquesOf(html).techniques).toEqual(techniques);
  });

  test('the hider is the outermost element whose style hides the subject', () => {
    const inv = techniquesOf('<div style="display:none" id="outer"><ul class="dropdown-menu" style="display:none"><li><a id="subject" href="/">x</a></li></ul></div>');
    expect(inv.techniques).toEqual(['display-none']);
    expect(inv.hider?.id).toBe('outer');
    expect(techniquesOf('<div><ul class="dropdown-menu" style="display:none"><li><a id="subject" href="/">x</a></li></ul></div>').hider?.className).toBe('dropdown-menu');
  });

  test.each([
    '<div style="opacity:0.5"><a id="subject" href="/">x</a></div>',
    '<div style="display:block"><a id="subject" href="/">x</a></div>',
    '<p style="font-size:12px"><a id="subject" href="/">x</a></p>',
    '<p style="font-size:0px"><a id="subject" href="/"><img src="a.png" alt="x"></a></p>',
    '<marquee scrollamount="4"><a id="subject" href="/">x</a></marquee>',
  ])('%s is visible', (html) => {
    expect(techniquesOf(html).techniques).toEqual([]);
  });
});

describe('links in comments and <noscript>', () => {
  test('anchors, frames and bare URLs in a comment are found, reported against its parent', () => {
    pageContext(`<div id="box"><!-- <a href="http://porn-site.ga/video">隐藏的链接</a> --><!-- http://gambling-site.cm/register --><!-- 这是一个正常的注释 --><!--[if IE 8]><link href="ie8.css" rel="stylesheet"><![endif]--><!-- <iframe src="http://x.tk/f"></iframe> --></div>`);
    const links = linksInHiddenMarkup(document);
    expect(links.map((l) => [l.technique, l.tag, l.raw, l.text, l.element.id])).toEqual([
      ['comment', 'a', 'http://porn-site.ga/video', '隐藏的链接', 'box'],
      ['comment', 'text', 'http://gambling-site.cm/register', 'http://gambling-site.cm/register', 'box'],
      ['comment', 'iframe', 'http://x.tk/f', '', 'box'],
    ]);
  });

  test('a <noscript> link is found whether its content is parsed as text or as elements', () => {
    pageContext('<noscript id="ns"><div style="display:none"><a href="http://noscript-hidden.tf">NoScript中的隐藏链接</a></div></noscript>');
    const ns = document.getElementById('ns')!;
    expect(linksInHiddenMarkup(document).map((l) => [l.technique, l.raw, l.text, l.element])).toEqual([['noscript', 'http://noscript-hidden.tf', 'NoScript中的隐藏链接', ns]]);
    ns.textContent = '<a href="http://x.tk/">文字形式</a>';
    expect(linksInHiddenMarkup(document).map((l) => [l.raw, l.text])).toEqual([['http://x.tk/', '文字形式']]);
  });

  test('parsing markup runs nothing and loads nothing', () => {
    (globalThis as { pwned?: boolean }).pwned = false;
    pageContext('<!-- <img src="x" onerror="globalThis.pwned = true"><script>globalThis.pwned = true</script><a href="http://a.tk/">a</a> -->');
    expect(linksInHiddenMarkup(document)).toHaveLength(1);
    expect((globalThis as { pwned?: boolean }).pwned).toBe(false);
  });

  test('bare URLs in text', () => {
    expect(findUrlsInText('赌博网站推荐：http://bet365-clone.gq，还有 www.example.tk。以及 https://a.cn/x?y=1')).toEqual([
      'http://bet365-clone.gq',
      'www.example.tk',
      'https://a.cn/x?y=1',
    ]);
  });
});

describe('colours', () => {
  test('computed colours parse, and the same colour has contrast 1', () => {
    expect(parseColor('rgb(255, 255, 255)')).toEqual({ r: 255, g: 255, b: 255, a: 1 });
    expect(parseColor('rgba(0, 0, 0, 0.5)')).toEqual({ r: 0, g: 0, b: 0, a: 0.5 });
    expect(parseColor('transparent')?.a).toBe(0);
    expect(parseColor('white')).toBeNull();
    expect(contrastRatio(parseColor('rgb(255, 255, 255)')!, parseColor('rgb(255, 255, 255)')!)).toBe(1);
    expect(contrastRatio(parseColor('rgb(0, 0, 0)')!, parseColor('rgb(255, 255, 255)')!)).toBe(21);
  });
});
