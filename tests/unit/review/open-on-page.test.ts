import { beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { browser } from 'wxt/browser';
import { openOnPage } from '@/components/review/open-on-page';
import { Finding, isWebUrl } from '@/lib/findings';
import { makeFinding } from '../../factories';

beforeEach(() => fakeBrowser.reset());

test.each(['javascript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'file:///C:/Windows/win.ini', 'chrome://settings', ''])(
  'a stored pageUrl %j is not opened in a tab',
  async (pageUrl) => {
    const create = vi.spyOn(browser.tabs, 'create');
    // A record that reached the store before the schema said so (or around it).
    const finding = { ...makeFinding(), pageUrl } as Finding;
    expect(await openOnPage(finding)).toBe('not-web');
    expect(create).not.toHaveBeenCalled();
  },
);

test('the Finding schema takes http(s) page addresses only', () => {
  expect(Finding.safeParse(makeFinding({ pageUrl: 'http://www.example.gov.cn/a.html' })).success).toBe(true);
  expect(Finding.safeParse(makeFinding({ pageUrl: 'https://www.example.gov.cn/' })).success).toBe(true);
  for (const pageUrl of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'about:blank', '/relative.html']) {
    const r = Finding.safeParse(makeFinding({ pageUrl }));
    expect(r.success, pageUrl).toBe(false);
    expect(r.error?.issues[0].path).toEqual(['pageUrl']);
  }
  expect(isWebUrl('https://x.gov.cn')).toBe(true);
});
