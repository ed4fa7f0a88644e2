import { describe, expect, test } from 'vitest';
import { canonicalUrl, hostKey, looksLikePage, sameSite } from '@/lib/sweep/url';

describe('sweep URLs', () => {
  test('canonical form drops the fragment, an empty query and the default port; keeps the query', () => {
    expect(canonicalUrl('HTTP://WWW.Example.gov.cn:80/a/b.html#top')).toBe('http://www.example.gov.cn/a/b.html');
    expect(canonicalUrl('/list?page=2#x', 'https://x.gov.cn/col/')).toBe('https://x.gov.cn/list?page=2');
    expect(canonicalUrl('https://x.gov.cn/a?')).toBe('https://x.gov.cn/a');
  });

  test('non-page addresses and malformed URLs are null', () => {
    for (const raw of ['javascript:void(0)', 'mailto:a@b.cn', 'tel:123', 'https;//x', 'http://']) expect(canonicalUrl(raw)).toBeNull();
  });

  test('same site: host with or without www and the same port; subdomains and other ports are other sites', () => {
    expect(sameSite('http://gz.gov.cn/a', 'http://www.gz.gov.cn/')).toBe(true);
    expect(sameSite('https://www.gz.gov.cn/a', 'http://www.gz.gov.cn/')).toBe(true);
    expect(sameSite('http://jyj.gz.gov.cn/', 'http://www.gz.gov.cn/')).toBe(false);
    expect(sameSite('http://127.0.0.1:81/', 'http://127.0.0.1:80/')).toBe(false);
    expect(sameSite('not a url', 'http://x/')).toBe(false);
  });

  test('attachments, images and archives are not opened as pages', () => {
    for (const u of ['http://x/a.pdf', 'http://x/b.DOCX', 'http://x/c.zip', 'http://x/d.jpg', 'http://x/e.xls?x=1']) expect(looksLikePage(u)).toBe(false);
    for (const u of ['http://x/', 'http://x/a.html', 'http://x/b.shtml', 'http://x/c.jsp?id=1', 'http://x/d', 'http://x/e.aspx']) expect(looksLikePage(u)).toBe(true);
  });

  test('politeness key is host and port', () => {
    expect(hostKey('http://127.0.0.1:8080/a')).toBe('127.0.0.1:8080');
    expect(hostKey('https://www.gz.gov.cn/a')).toBe('www.gz.gov.cn');
  });
});
