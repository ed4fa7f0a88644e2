import { describe, expect, test } from 'vitest';
import { extractLinks, resolvePlain, resolveUrl, srcsetUrls } from '@/lib/links/extract';
import { collectRoots } from '@/lib/page/roots';

const PAGE = 'https://www.example.gov.cn/zwgk/list.html';

function linksOf(body: string, head = '') {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(PAGE);
  document.head.innerHTML = head;
  document.body.innerHTML = body;
  return extractLinks(collectRoots(document).roots).map((l) => ({ raw: l.raw, url: l.url, kind: l.kind }));
}

describe('srcset', () => {
  test.each([
    ['a.png', ['a.png']],
    ['a.png 1x, a@2x.png 2x', ['a.png', 'a@2x.png']],
    ['a.png 1x,a@2x.png 2x', ['a.png', 'a@2x.png']],
    // linkinator's srcset fixture: candidates without descriptors, with and without runs of spaces.
    ['_site/foo.html, _site/bar.html', ['_site/foo.html', '_site/bar.html']],
    ['_site/foo.html,                 _site/bar.html', ['_site/foo.html', '_site/bar.html']],
    ['/img?w=100,200 100w, /img?w=300 300w', ['/img?w=100,200', '/img?w=300']],
    ['  ', []],
  ])('%j', (srcset, urls) => {
    expect(srcsetUrls(srcset)).toEqual(urls);
  });
});

describe('extractLinks', () => {
  test('links, images, frames, media and srcset candidates, with what each is', () => {
    expect(
      linksOf(
        '<a href="a.html">a</a><area href="/map.html"><img src="/i.png" srcset="/i.png 1x, /i2.png 2x"><iframe src="/f.html"></iframe>' +
          '<video src="/v.mp4"></video><embed src="/e.swf"><picture><source srcset="/p.webp"><img src="/p.jpg"></picture>',
      ),
    ).toEqual([
      { raw: 'a.html', url: 'https://www.example.gov.cn/zwgk/a.html', kind: 'link' },
      { raw: '/map.html', url: 'https://www.example.gov.cn/map.html', kind: 'link' },
      { raw: '/i.png', url: 'https://www.example.gov.cn/i.png', kind: 'image' },
      { raw: '/p.jpg', url: 'https://www.example.gov.cn/p.jpg', kind: 'image' },
      { raw: '/f.html', url: 'https://www.example.gov.cn/f.html', kind: 'frame' },
      { raw: '/e.swf', url: 'https://www.example.gov.cn/e.swf', kind: 'attachment' },
      { raw: '/v.mp4', url: 'https://www.example.gov.cn/v.mp4', kind: 'media' },
      { raw: '/i.png', url: 'https://www.example.gov.cn/i.png', kind: 'image' },
      { raw: '/i2.png', url: 'https://www.example.gov.cn/i2.png', kind: 'image' },
      { raw: '/p.webp', url: 'https://www.example.gov.cn/p.webp', kind: 'image' },
    ]);
  });

  test('links to documents are attachments', () => {
    expect(linksOf('<a href="/files/方案.PDF">方案</a><a href="/f/a.docx?v=2">a</a><a href="/page.html">p</a>').map((l) => l.kind)).toEqual([
      'attachment',
      'attachment',
      'link',
    ]);
  });

  test('relative addresses follow <base href>', () => {
    expect(linksOf('<a href="ok">ok</a><a href="./broken">b</a><a href="/root">r</a>', '<base href="https://other.example.gov.cn/base/">').map((l) => l.url)).toEqual([
      'https://other.example.gov.cn/base/ok',
      'https://other.example.gov.cn/base/broken',
      'https://other.example.gov.cn/root',
    ]);
  });

  test('fragments are dropped; in-page anchors, mail, phone, data, script and foreign schemes are not links to probe', () => {
    expect(
      linksOf(
        '<a href="/a.html#part2">a</a><a href="#top">t</a><a href="mailto:x@y.cn">m</a><a href="tel:12345">t</a><img src="data:image/png;base64,AAAA">' +
          '<a href="javascript:void(0)">j</a><a href="irc://irc.example.org/x">i</a><a href="ftp://ftp.example.gov.cn/f">f</a><a href="weixin://dl">w</a><a href="">e</a>',
      ),
    ).toEqual([{ raw: '/a.html#part2', url: 'https://www.example.gov.cn/a.html', kind: 'link' }]);
  });

  test('malformed addresses are kept with no URL, so they can be reported', () => {
    expect(linksOf('<a href="//////">1</a><a href="https;//x.gov.cn">2</a><a href="htttp://x.gov.cn/">3</a><a href="https//x.gov.cn/">4</a>').map((l) => [l.raw, l.url])).toEqual([
      ['//////', undefined],
      ['https;//x.gov.cn', undefined],
      ['htttp://x.gov.cn/', undefined],
      ['https//x.gov.cn/', undefined],
    ]);
  });
});

describe('resolveUrl', () => {
  test.each([
    ['http:www.gov.cn', undefined],
    ['http:///www.gov.cn', undefined],
    ['htp://www.gov.cn', undefined],
    ['ttps://www.gov.cn', undefined],
    ['HTTPS://WWW.GOV.CN/A', 'https://www.gov.cn/A'],
    ['//www.gov.cn/x', 'https://www.gov.cn/x'],
    ['  /trimmed.html  ', 'https://www.example.gov.cn/trimmed.html'],
  ])('%j → %j', (raw, url) => {
    expect(resolveUrl(raw, PAGE)).toBe(url);
  });
});

describe('plain link values resolved without a URL parse', () => {
  // What extraction gave before the plain fast path: every value through `new URL`.
  function parsed(raw: string, base: string): string | undefined {
    const value = raw.trim();
    if (/^[a-z][a-z0-9+.-]*;\/\//i.test(value) || /^\/{3,}/.test(value) || /^https?:\/{3,}/i.test(value)) return undefined;
    if (/^https?:(?!\/\/)/i.test(value) || /^https?\/\//i.test(value)) return undefined;
    const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
    if (scheme && /^(?:h*t+p+s*|h+t*p+s*|h+t+p*s+)$/i.test(scheme) && !/^https?$/i.test(scheme)) return undefined;
    try {
      const url = new URL(value, base);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
      if (!url.hostname) return undefined;
      url.hash = '';
      return url.href;
    } catch {
      return undefined;
    }
  }

  const bases = ['https://www.example.gov.cn/zwgk/list.html?id=3#top', 'http://user:pw@Example.gov.cn:8080/a/b/', 'http://10.0.0.1/x', 'https://xn--fiqs8s.cn/', 'about:blank'];
  const values = [
    '/', '/a', '/a/b.html', '/a/b.html?x=1&y=2', '/a?', '/a/./b', '/a/../b', '/a/.b', '/a/..b', '/..', '/a/..?x', '//host/a', '///a',
    'a.html', 'a/b/c.pdf', './a', '../a', '.', '..', '.hidden', 'a?b=c', '?q=1', 'a#x', '#x', 'a b', 'a%20b', '/a%2e%2e/b', '/%2e./x',
    'http://www.gov.cn', 'http://www.gov.cn/', 'http://www.gov.cn?x=1', 'https://www.gov.cn/a/b.html?c=d', 'http://WWW.gov.cn/', 'HTTP://www.gov.cn/',
    'http://www.gov.cn:80/', 'http://www.gov.cn:8080/', 'http://a.b.1/', 'http://1.2.3.4/', 'http://0x7f.1/', 'http://xn--fiqs8s.cn/', 'http://a..b/',
    'http://a.b./', 'http://u@a.b/', 'http://-.a/', 'http://a_b.cn/', 'http://a.cn/a/./b', 'http://a.cn/../b', 'http://a.cn/a\\b', 'http://a.cn/中文',
    'http//a.cn/x', 'https//a.cn/', 'http:a.cn', 'http:///a', 'http;//a.cn/', 'htp://a.cn/', 'mailto:a@b', 'javascript:void(0)', 'tel:1', 'help.html',
    'h', 'ht', 'http', 'https', 'http:', 'a:b', 'C|/x', '~user/x', '-x', '_x', 'x?a=b&c=d;e,f:g@h!i$j*k+l/m', 'x?a"b', "x?a'b", 'x?a<b', 'x?a`b', 'x`y',
    'x{y}', 'x|y', 'x^y', '/a?b#c', ' /a ', '\t/a\n', '/a\tb', '中文.html', '/zwgk/t20250101_123.html',
  ];
  test.each(bases)('every value against %s, as new URL gives it', (base) => {
    for (const raw of values) expect([raw, resolveUrl(raw, base)]).toEqual([raw, parsed(raw, base)]);
  });

  test('resolvePlain answers only for plain values, with the parsed address', () => {
    const base = bases[0];
    const plain = values.filter((raw) => resolvePlain(raw, base) !== undefined);
    expect(plain).toEqual(expect.arrayContaining(['/a/b.html?x=1&y=2', 'a/b/c.pdf', 'https://www.gov.cn/a/b.html?c=d', ' /a ']));
    for (const raw of ['#x', 'a#x', '../a', 'a%20b', 'http://WWW.gov.cn/', 'http//a.cn/x', 'javascript:void(0)', '中文.html']) expect(resolvePlain(raw, base)).toBeUndefined();
    for (const raw of plain) expect([raw, resolvePlain(raw, base)]).toEqual([raw, parsed(raw, base)]);
  });
});
