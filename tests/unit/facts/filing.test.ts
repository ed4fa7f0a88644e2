import { describe, expect, test } from 'vitest';
import { extractFiling, findFooter, isSiteCode, normalizeIcp, policeNumber, sameIcp } from '@/lib/facts/filing';
import { findSite, normalizeHost } from '@/lib/sites/match';
import type { RegisteredSite } from '@/lib/rule-pack/pack';
import { corpusPage, fixturePage, parsePage } from '../../fixtures/filing/harness';

const values = (list: { value?: string }[]) => list.map((v) => v.value);

describe('formats', () => {
  test.each([
    ['4401000004', true],
    ['3701000005', true],
    ['bm05000001', true],
    ['1101060001', true],
    ['440100000', false], // nine digits
    ['44010000045', false], // eleven
    ['9901000004', false], // 99 is no province
    ['bm0500001', false],
    ['BM05000001', false],
    ['', false],
  ])('site code %s → %s', (code, ok) => expect(isSiteCode(code)).toBe(ok));

  test('ICP numbers are read whatever the spacing, with the optional -N suffix', () => {
    expect(normalizeIcp('粤ICP备2022092331号-1')).toBe('粤ICP备2022092331号-1');
    expect(normalizeIcp('蜀ICP备 13001288号')).toBe('蜀ICP备13001288号');
    expect(normalizeIcp('京 ICP 备 19054529 号 - 2')).toBe('京ICP备19054529号-2');
    expect(normalizeIcp('豫ICP备05010993')).toBe('豫ICP备05010993号');
    expect(normalizeIcp('ICP备19054529号')).toBeUndefined();
    expect(normalizeIcp('京ICP证030173号')).toBeUndefined();
  });

  test('an ICP number without its -N suffix names the same filing', () => {
    expect(sameIcp('京ICP备20013709号-1', '京ICP备20013709号')).toBe(true);
    expect(sameIcp('京ICP备20013709号-1', '京ICP备20013709号-2')).toBe(false);
    expect(sameIcp('京ICP备20013709号', '京ICP备20013708号')).toBe(false);
  });

  test('police filing numbers are the 14 digits', () => {
    expect(policeNumber('粤公网安备 44010602000929号')).toBe('44010602000929');
    expect(policeNumber('44010602000929')).toBe('44010602000929');
    expect(policeNumber('粤公网安备 4401060200092号')).toBeUndefined();
  });
});

describe('extracting filing facts', () => {
  test('values split across tags and lines are read from the folded footer text', () => {
    const facts = extractFiling(fixturePage('filing/full-footer-split.html'));
    expect(facts.footer.elements.map((e) => e.id)).toEqual(['footer']);
    expect(values(facts.siteCode)).toEqual(['3701000005']);
    expect(values(facts.icp)).toEqual(['鲁ICP备05000000号']);
    expect(values(facts.police)).toEqual(['37010202000000']);
    expect(facts.badge?.how).toBe('ideConac');
    expect(facts.hiddenSiteCode.map((v) => [v.source, v.value])).toEqual([
      ['meta', '3701000005'],
      ['jiucuo', '3701000005'],
    ]);
    // The element is the smallest one holding the whole value, even across spans.
    expect(facts.icp[0].element?.localName).toBe('a');
    expect(facts.siteCode[0].element?.localName).toBe('p');
  });

  test('malformed values are kept, without a normalised value', () => {
    const facts = extractFiling(fixturePage('filing/malformed.html'));
    expect(facts.siteCode.map((v) => [v.raw, v.value])).toEqual([['37010005', undefined]]);
    expect(facts.icp.map((v) => [v.raw, v.value])).toEqual([['鲁ICP备号', undefined]]);
    expect(facts.police.map((v) => [v.raw, v.value])).toEqual([['鲁公网安备 370102020000号', undefined]]);
    expect(facts.badge?.how).toBe('conac-link');
  });

  test('links to the filing registries ("ICP备案查询", "公网安备案查询") are labels, not malformed numbers', () => {
    const doc = parsePage('<div class="footer">版权所有 <a href="#">ICP备案查询</a> <a href="#">公网安备案查询</a> 京ICP备19054529号</div>');
    const facts = extractFiling(doc);
    expect(facts.icp.map((v) => v.raw)).toEqual(['京ICP备19054529号']);
    expect(facts.police).toEqual([]);
  });

  test('the footer without a footer class is the last short block with 主办/ICP, not the article that says 主办', () => {
    const doc = fixturePage('filing/keyword-block.html');
    const footer = findFooter(doc);
    expect(footer.elements).toHaveLength(1);
    expect(footer.elements[0].textContent).toContain('关于本站');
    expect(footer.elements[0].textContent).not.toContain('展览');
    expect(values(extractFiling(doc).siteCode)).toEqual(['1301000003']);
  });

  test('a page with no footer and no footer script says neither', () => {
    const footer = findFooter(fixturePage('filing/no-footer.html'));
    expect(footer).toEqual({ elements: [] });
  });

  test('a footer produced by a script that did not load is recognised from the comment before it', () => {
    const doc = parsePage('<body><p>正文</p><!--页脚开始-->\n<script src="static/js/1708171610341487.js"></script><!--页脚结束--></body>');
    expect(findFooter(doc)).toEqual({ elements: [], missingSource: { kind: 'script', ref: 'static/js/1708171610341487.js' } });
  });

  test('the real djjiangsu page: footer script not saved, site code only in <meta>', () => {
    const facts = extractFiling(corpusPage('gov-pages/mhxqwer__djjiangsu.gov.cn/index.html'));
    expect(facts.footer).toEqual({ elements: [], missingSource: { kind: 'script', ref: 'static/js/1708171610341487.js' } });
    expect(facts.siteCode).toEqual([]);
    expect(facts.hiddenSiteCode.map((v) => v.value)).toEqual(['3200000084']);
    expect(facts.icp).toEqual([]);
    expect(facts.police).toEqual([]);
    expect(facts.badge).toBeUndefined();
  });

  test('the real shangwuting template: footer by an unexpanded server-side include', () => {
    const facts = extractFiling(corpusPage('gov-pages/shangwuting_henan_template/index.html'));
    expect(facts.footer).toEqual({ elements: [], missingSource: { kind: 'ssi', ref: 'footer.html' } });
  });

  test.each([
    ['mhxqwer__jchgz.gov.cn', '4401000004', '粤ICP备2022092331号-1', '44010602000929', 'ideConac'],
    ['mhxqwer__wjmoe.gov.cn', 'bm05000001', '京ICP备10028400号-1', '11010202007625', 'ideConac'],
    ['mhxqwer__zysc.gov.cn', '5100000062', '蜀ICP备13001288号', '51010402000507', 'conac-link'],
    ['mhxqwer__lfygxzf.gov.cn', '4500000123', '桂ICP备06001517号-1', '45010302001240', 'conac-link'],
    ['mhxqwer__tqjsjz.gov.cn', '1301000003', '冀ICP备20013865号', '13010202001704', undefined],
  ])('real footer %s', (site, code, icp, police, badge) => {
    const facts = extractFiling(corpusPage(`gov-pages/${site}/index.html`));
    expect(values(facts.siteCode)).toEqual([code]);
    expect(values(facts.icp)).toContain(icp);
    expect(values(facts.police)).toEqual([police]);
    expect(facts.badge?.how).toBe(badge);
  });

  test('the jiucuo widget and 找错 links carry the site code too', () => {
    const facts = extractFiling(corpusPage('gov-pages/mhxqwer__jchgz.gov.cn/index.html'));
    expect(facts.hiddenSiteCode.map((v) => [v.source, v.value])).toEqual([
      ['meta', '4401000004'],
      ['jiucuo', '4401000004'],
      ['jiucuo-link', '4401000004'],
    ]);
  });
});

describe('site registry lookup', () => {
  const sites: RegisteredSite[] = [
    { name: '广州市人民政府', domains: ['http://www.gz.gov.cn/'] },
    { name: '广州市卫生健康委员会', domains: ['wjw.gz.gov.cn'] },
    { name: '教育部', domains: ['www.moe.gov.cn', '教育部.政务'] },
  ];

  test('registry domains are bare hosts whatever was pasted', () => {
    expect(normalizeHost('http://www.sc.gov.cn/')).toBe('www.sc.gov.cn');
    expect(normalizeHost(' WWW.GZ.GOV.CN ')).toBe('www.gz.gov.cn');
    expect(normalizeHost('教育部.政务')).toBe(new URL('http://教育部.政务/').hostname);
  });

  test('a host matches its domain, www or not, and its subdomains; the most specific site wins', () => {
    expect(findSite(sites, 'www.gz.gov.cn')?.name).toBe('广州市人民政府');
    expect(findSite(sites, 'gz.gov.cn')?.name).toBe('广州市人民政府');
    expect(findSite(sites, 'news.gz.gov.cn')?.name).toBe('广州市人民政府');
    expect(findSite(sites, 'wjw.gz.gov.cn')?.name).toBe('广州市卫生健康委员会');
    expect(findSite(sites, new URL('http://教育部.政务/').hostname)?.name).toBe('教育部');
  });

  test('a host that merely ends with the same letters is another site', () => {
    expect(findSite(sites, 'fakegz.gov.cn')).toBeUndefined();
    expect(findSite(sites, 'gz.gov.cn.evil.com')).toBeUndefined();
    expect(findSite([], 'www.gz.gov.cn')).toBeUndefined();
  });
});
