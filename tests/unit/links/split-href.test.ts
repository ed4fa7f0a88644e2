import { describe, expect, test } from 'vitest';
import { linkTarget, splitHref } from '@/lib/links/signals';

describe('splitHref', () => {
  test.each([
    'http://www.example.gov.cn/a/b.html?x=1&y=%E4%B8%AD#top',
    'https://xn--fiqs8s.cn/',
    'http://user:pw@spam.tk:8080/p?',
    'http://[::1]:3000/a',
    'http://127.0.0.1:41234/f0/index.html',
  ])('%s: the same parts as new URL()', (href) => {
    const url = new URL(href);
    url.hash = '';
    expect(splitHref(href)).toEqual({ href: url.href, hostname: url.hostname, pathname: url.pathname, search: url.search });
  });

  test.each(['http://a_b.example.com/', 'http://Example.com/', 'https://x.cn', 'http://exa mple.com/', 'javascript:void(0)'])(
    '%s is not in the browser\'s canonical form: left to a real parse',
    (href) => expect(splitHref(href)).toBeUndefined(),
  );

  test('a link whose href is not canonical still gets its target from a real parse', () => {
    const a = document.createElement('a');
    a.setAttribute('href', 'http://a_b.example.com/x#y');
    expect(linkTarget(a)).toMatchObject({ href: 'http://a_b.example.com/x', hostname: 'a_b.example.com', pathname: '/x' });
  });
});
