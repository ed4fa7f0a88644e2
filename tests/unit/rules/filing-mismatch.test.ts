import { describe, expect, test } from 'vitest';
import { Finding } from '@/lib/findings';
import { filingMismatch } from '@/lib/rules/filing-mismatch';
import { corpusPage, fixturePage, packWithSites, runRules } from '../../fixtures/filing/harness';

const brief = (findings: Finding[]) =>
  findings.map((f) => ({ label: f.label, problem: f.detail.problem, found: f.detail.found, expected: f.detail.expected, source: f.detail.source }));

describe('filing-mismatch', () => {
  test.each(['jchgz', 'wjmoe', 'zysc', 'lfygxzf', 'lfyfcgs', 'hjhbjft', 'gjbcac', 'tqjsjz', 'djjiangsu', 'qzhxiangtan'])(
    'real page %s: its values agree and are well formed',
    async (site) => {
      expect(await runRules([filingMismatch], corpusPage(`gov-pages/mhxqwer__${site}.gov.cn/index.html`))).toEqual([]);
    },
  );

  test('malformed values are reported with the format they should have', async () => {
    const findings = await runRules([filingMismatch], fixturePage('filing/malformed.html'));
    expect(brief(findings)).toEqual([
      { label: '网站标识码', problem: 'format', found: '37010005', expected: expect.stringContaining('10位数字'), source: 'footer' },
      { label: 'ICP备案', problem: 'format', found: '鲁ICP备号', expected: expect.stringContaining('ICP备'), source: 'footer' },
      { label: '公网安备', problem: 'format', found: '鲁公网安备 370102020000号', expected: expect.stringContaining('14位数字'), source: 'footer' },
    ]);
    for (const f of findings) expect(Finding.parse(f)).toEqual(f);
    expect(findings[0].message).toBe('页脚中的网站标识码格式不正确：“37010005”，应为10位数字（以6位行政区划代码开头）或 bm+8位数字');
  });

  test('an article that explains the filing words is not a malformed filing', async () => {
    expect(await runRules([filingMismatch], fixturePage('filing/article-about-filing.html'))).toEqual([]);
  });

  test('<meta name="SiteIDCode"> and the 找错 link disagree with the footer; the widget agrees', async () => {
    const findings = await runRules([filingMismatch], fixturePage('filing/disagree.html'));
    expect(brief(findings)).toEqual([
      { label: '网站标识码', problem: 'mismatch', found: '4401000009', expected: '4401000004', source: 'meta' },
      { label: '网站标识码', problem: 'mismatch', found: '4401000007', expected: '4401000004', source: 'jiucuo-link' },
    ]);
    // <meta> sits in <head>: a page-level finding; the link can be outlined.
    expect(findings[0].selector).toBe('');
    expect(findings[1].selector).not.toBe('');
    expect(findings[0].detail.reference).toBe('footer');
    expect(findings[0].message).toContain('与页脚中的 4401000004 不一致');
  });

  test('against the registry: every source that differs from the registered values', async () => {
    const pack = packWithSites([
      { name: '广州市某区人民政府', domains: ['www.example.gov.cn'], siteCode: '4401000009', icp: '粤ICP备2022092331号', police: '粤公网安备 44010602000930号' },
    ]);
    const findings = await runRules([filingMismatch], fixturePage('filing/disagree.html'), 'https://www.example.gov.cn/a.html', pack);
    expect(brief(findings)).toEqual([
      { label: '网站标识码', problem: 'mismatch', found: '4401000004', expected: '4401000009', source: 'footer' },
      { label: '网站标识码', problem: 'mismatch', found: '4401000004', expected: '4401000009', source: 'jiucuo' },
      { label: '网站标识码', problem: 'mismatch', found: '4401000007', expected: '4401000009', source: 'jiucuo-link' },
      // The ICP number matches (the registry omits the -1 suffix); the police number does not.
      { label: '公网安备', problem: 'mismatch', found: '粤公网安备 44010602000929号', expected: '44010602000930', source: 'footer' },
    ]);
    expect(findings.every((f) => f.detail.reference === 'registry')).toBe(true);
    expect(findings[0].message).toBe('页脚中的网站标识码 4401000004 与全国政府网站信息报送系统中“广州市某区人民政府”登记的 4401000009 不一致');
    expect(new Set(findings.map((f) => f.key)).size).toBe(findings.length);
  });

  test('a registered ICP number that differs is reported', async () => {
    const pack = packWithSites([{ name: '广州市人民政府', domains: ['gz.gov.cn'], icp: '粤ICP备2022092331号-2' }]);
    const findings = await runRules([filingMismatch], corpusPage('gov-pages/mhxqwer__jchgz.gov.cn/index.html'), 'https://www.gz.gov.cn/x.html', pack);
    expect(brief(findings)).toEqual([
      { label: 'ICP备案', problem: 'mismatch', found: '粤ICP备2022092331号-1', expected: '粤ICP备2022092331号-2', source: 'footer' },
    ]);
  });

  test('the real jchgz page matches a registry entry holding its own values', async () => {
    const pack = packWithSites([
      { name: '广州市人民政府', domains: ['www.gz.gov.cn'], siteCode: '4401000004', icp: '粤ICP备2022092331号-1', police: '44010602000929', conacBadge: true },
    ]);
    const doc = corpusPage('gov-pages/mhxqwer__jchgz.gov.cn/index.html');
    expect(await runRules([filingMismatch], doc, 'https://www.gz.gov.cn/x.html', pack)).toEqual([]);
    // The same registry does not apply to another host.
    const other = packWithSites([{ name: '别的网站', domains: ['www.sz.gov.cn'], siteCode: '4403000001' }]);
    expect(await runRules([filingMismatch], doc, 'https://www.gz.gov.cn/x.html', other)).toEqual([]);
  });
});
