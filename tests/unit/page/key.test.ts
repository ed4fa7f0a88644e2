import { describe, expect, test } from 'vitest';
import { pageKey } from '@/lib/page/key';
import { findSite } from '@/lib/sites/match';
import { pageSite, siteOfPage } from '@/lib/store/sessions';
import { pageUrlOfScan } from '@/lib/store/recording';
import { toFinding } from '@/lib/engine/scan';
import { DEFAULT_RULE_PACK, type RegisteredSite } from '@/lib/rule-pack/pack';
import type { Session } from '@/lib/findings';

/** One page, spelt the ways addresses reach the product: a link, the address bar, a pasted registry entry. */
const SPELLINGS = [
  'http://www.qinghe.gov.cn/zwgk/index.html',
  'http://www.qinghe.gov.cn/zwgk/index.html#top',
  'http://WWW.QingHe.gov.cn/zwgk/index.html',
  'http://www.qinghe.gov.cn:80/zwgk/index.html',
  'HTTP://www.qinghe.gov.cn/zwgk/index.html#',
];
const HOME_SPELLINGS = ['http://www.qinghe.gov.cn', 'http://www.qinghe.gov.cn/', 'http://www.qinghe.gov.cn:80/#main'];
const IDN_SPELLINGS = ['http://教育部.政务/a.html', 'http://xn--wcvs22dzol.xn--zfr164b/a.html#x'];

const scanState = (url: string) => ({ url, title: '', findings: [] });
const findingPage = (url: string) =>
  toFinding(
    { id: 'link-empty', run: () => [] },
    { severity: 'deduct', label: 'x', message: 'x' },
    { doc: document, roots: [], pageUrl: new URL(url), site: new URL(url).hostname, now: new Date(), pack: DEFAULT_RULE_PACK },
    new Date().toISOString(),
  ).pageUrl;

describe('one page key: every consumer agrees on tricky spellings', () => {
  test.each([
    ['fragment, case, default port, scheme case', SPELLINGS],
    ['the root with and without its slash', HOME_SPELLINGS],
    ['a Chinese domain and its punycode', IDN_SPELLINGS],
  ])('%s', (_, spellings) => {
    const keys = new Set(spellings.flatMap((u) => [pageKey(u), pageKey(new URL(u)), pageUrlOfScan(scanState(u)), findingPage(u)]));
    expect([...keys]).toHaveLength(1);
  });

  test('text that is no URL keeps its spelling, less the fragment', () => {
    expect(pageKey('not a url#x')).toBe('not a url');
  });
});

describe('one site matcher: longest match on the normalised host, www. ignored', () => {
  const registry: RegisteredSite[] = [
    { name: '四川省人民政府', domains: ['http://www.sc.gov.cn/'] },
    { name: '四川省教育厅', domains: ['edu.sc.gov.cn'] },
    { name: '教育部', domains: ['教育部.政务'] },
  ] as RegisteredSite[];
  const session = {
    sites: [
      { name: '四川省人民政府', url: 'http://www.sc.gov.cn/' },
      { name: '四川省教育厅', url: 'https://EDU.sc.gov.cn' },
    ],
  } as unknown as Session;

  test.each([
    ['http://sc.gov.cn/a.html', '四川省人民政府'],
    ['http://WWW.SC.GOV.CN:80/a.html#x', '四川省人民政府'],
    ['https://www.edu.sc.gov.cn/notice/', '四川省教育厅'],
    ['http://jyt.edu.sc.gov.cn/', '四川省教育厅'],
  ])('%s is %s everywhere', (url, name) => {
    const host = new URL(url).hostname;
    expect(findSite(registry, host)?.name).toBe(name);
    expect(pageSite(url, registry)?.name).toBe(name);
    expect(siteOfPage(session, url)?.name).toBe(name);
  });

  test('a Chinese registry domain matches the page the browser shows in punycode', () => {
    expect(pageSite('http://xn--wcvs22dzol.xn--zfr164b/a.html', registry)?.name).toBe('教育部');
  });

  test('no match: the page is named by its host, without www.', () => {
    expect(pageSite('http://www.other.gov.cn/x', registry)).toEqual({ name: 'other.gov.cn', host: 'other.gov.cn', url: 'http://www.other.gov.cn/' });
    expect(pageSite('ftp://www.sc.gov.cn/x', registry)).toBeNull();
  });
});
