import { describe, expect, test } from 'vitest';
import { Finding } from '@/lib/findings';
import { filingMissing } from '@/lib/rules/filing-missing';
import { filingMismatch } from '@/lib/rules/filing-mismatch';
import { DEFAULT_RULE_PACK } from '@/lib/rule-pack/pack';
import { collectRoots } from '@/lib/page/roots';
import { corpusPage, fixturePage, packWithSites, parsePage, runRules } from '../../fixtures/filing/harness';

const labels = (findings: Finding[]) => findings.map((f) => f.label).sort();
const ALL = ['ICP备案', '党政机关标识', '公网安备', '网站标识码'];

describe('filing-missing on real pages', () => {
  test.each(['jchgz', 'wjmoe', 'zysc', 'lfygxzf', 'lfyfcgs', 'hjhbjft'])('%s has the full footer: nothing missing', async (site) => {
    const findings = await runRules([filingMissing], corpusPage(`gov-pages/mhxqwer__${site}.gov.cn/index.html`));
    expect(findings).toEqual([]);
  });

  test('gjbcac lacks only the 网站标识码', async () => {
    const findings = await runRules([filingMissing], corpusPage('gov-pages/mhxqwer__gjbcac.gov.cn/index.html'));
    expect(labels(findings)).toEqual(['网站标识码']);
    const [f] = findings;
    expect(Finding.parse(f)).toEqual(f);
    expect(f.severity).toBe('deduct');
    expect(f.selector).not.toBe('');
    expect(f.snippet).toContain('footer');
    expect(f.message).toContain('页脚中没有网站标识码');
    expect(f.detail).toMatchObject({ field: 'siteCode', footer: 'found' });
  });

  test('tqjsjz lacks only the 党政机关 badge', async () => {
    const findings = await runRules([filingMissing], corpusPage('gov-pages/mhxqwer__tqjsjz.gov.cn/index.html'));
    expect(labels(findings)).toEqual(['党政机关标识']);
  });

  test('djjiangsu: the footer script was not saved, so all four are missing and the message says why', async () => {
    const findings = await runRules([filingMissing], corpusPage('gov-pages/mhxqwer__djjiangsu.gov.cn/index.html'));
    expect(labels(findings)).toEqual(ALL);
    for (const f of findings) {
      expect(f.selector).toBe('');
      expect(f.message).toContain('页脚由脚本 static/js/1708171610341487.js 生成');
      expect(f.detail).toMatchObject({ footer: 'script-not-loaded', footerSource: 'static/js/1708171610341487.js' });
    }
    // The code is in the page source, just not shown: the inspector is told where it is.
    const code = findings.find((f) => f.label === '网站标识码')!;
    expect(code.message).toContain('页面代码中有网站标识码 3200000084，但页面上没有显示');
    expect(code.detail.hiddenSiteCode).toEqual(['3200000084']);
  });

  test('qzhxiangtan (UTF-16 page): footer by foot.js, not saved', async () => {
    const findings = await runRules([filingMissing], corpusPage('gov-pages/mhxqwer__qzhxiangtan.gov.cn/index.html'));
    expect(labels(findings)).toEqual(ALL);
    expect(findings[0].detail).toMatchObject({ footer: 'script-not-loaded', footerSource: 'static/js/foot.js' });
  });

  test('shangwuting: the footer include itself shows only the ICP number', async () => {
    const findings = await runRules([filingMissing], corpusPage('gov-pages/shangwuting_henan_template/footer.html'));
    expect(labels(findings)).toEqual(['党政机关标识', '公网安备', '网站标识码']);
    expect(findings.every((f) => f.snippet.startsWith('<footer'))).toBe(true);
  });

  test('shangwuting home page: the server-side include was not expanded', async () => {
    const findings = await runRules([filingMissing], corpusPage('gov-pages/shangwuting_henan_template/index.html'));
    expect(labels(findings)).toEqual(ALL);
    expect(findings[0].message).toContain('服务器端包含（footer.html）');
  });
});

describe('filing-missing on fixtures', () => {
  test('values split across tags count as present', async () => {
    expect(await runRules([filingMissing], fixturePage('filing/full-footer-split.html'))).toEqual([]);
  });

  test('malformed values are present (filing-mismatch reports them), not missing', async () => {
    expect(await runRules([filingMissing], fixturePage('filing/malformed.html'))).toEqual([]);
  });

  // These footers exist only once their scripts run: statically all four are missing, so the e2e tests
  // (tests/e2e/filing-wording.test.ts) that find nothing missing in Chromium prove the rendered DOM is read.
  test.each(['document-write.html', 'external-footer.html', 'late-footer.html'])('static %s lacks all four', async (file) => {
    expect(labels(await runRules([filingMissing], fixturePage(`filing/${file}`)))).toEqual(ALL);
  });

  test('a page without footer or footer script: all four, page-level', async () => {
    const findings = await runRules([filingMissing], fixturePage('filing/no-footer.html'));
    expect(labels(findings)).toEqual(ALL);
    expect(findings[0].message).toContain('页面上找不到页脚');
    expect(findings[0].detail.footer).toBe('none');
  });

  test('a registered site marked conacBadge:false is not asked for the badge; others are', async () => {
    const doc = corpusPage('gov-pages/mhxqwer__tqjsjz.gov.cn/index.html');
    const url = 'https://www.sjz.gov.cn/col/1/art/2024/art_1.html';
    const exempt = packWithSites([{ name: '石家庄市人民政府', domains: ['sjz.gov.cn'], conacBadge: false }]);
    expect(await runRules([filingMissing], doc, url, exempt)).toEqual([]);
    const expected = packWithSites([{ name: '石家庄市人民政府', domains: ['sjz.gov.cn'], conacBadge: true }]);
    const findings = await runRules([filingMissing], doc, url, expected);
    expect(labels(findings)).toEqual(['党政机关标识']);
    expect(findings[0].detail.registeredSite).toBe('石家庄市人民政府');
  });

  test('an article explaining the filing words is neither a footer nor a filing: all four missing', async () => {
    const findings = await runRules([filingMissing], fixturePage('filing/article-about-filing.html'));
    expect(labels(findings)).toEqual(ALL);
    expect(findings[0].detail.footer).toBe('none');
  });

  test('a plain-text or PDF file opened in a tab is not a web page with a footer', async () => {
    const doc = fixturePage('filing/no-footer.html');
    Object.defineProperty(doc, 'contentType', { value: 'text/plain' });
    expect(await runRules([filingMissing], doc)).toEqual([]);
  });

  test('each missing field is its own finding with a stable key', async () => {
    const a = await runRules([filingMissing], fixturePage('filing/no-footer.html'));
    const b = await runRules([filingMissing], fixturePage('filing/no-footer.html'));
    expect(new Set(a.map((f) => f.key)).size).toBe(4);
    expect(a.map((f) => f.key)).toEqual(b.map((f) => f.key));
  });
});

// happy-dom is far slower than a browser on big trees: 3,000 items (60,000 characters of text, more than the
// head and tail read) stand in here; tests/e2e/hostile-pages.test.ts runs the rules on 20,000 links in Chromium.
describe('filing rules on a long page', () => {
  const hugePage = (footer: string, header = '') => {
    const items = Array.from({ length: 3_000 }, (_, i) => `<li class="item"><a href="/x/${i}.html">新闻标题 ${i}</a><span>2025-06-01</span></li>`).join('');
    return parsePage(`<!doctype html><html><head><meta charset="utf-8"><title>超大页面</title></head><body>${header}<ul>${items}</ul>${footer}</body></html>`);
  };
  const FOOTER = '<div class="bottom">主办：某县人民政府办公室 网站标识码：3701000005 鲁ICP备05000000号-1 <span>鲁公网安备</span> 37010202000001号 <span id="_ideConac"></span></div>';

  test('the footer after 3,000 links is read, and the rules hand the page its turn all along', () => {
    const doc = hugePage(FOOTER);
    const url = new URL('https://www.example.gov.cn/');
    const ctx = { doc, roots: collectRoots(doc).roots, pageUrl: url, site: url.hostname, now: new Date('2025-06-30'), pack: DEFAULT_RULE_PACK };
    // Counted in units of work, not time: the longest run of DOM nodes looked at between two yields.
    let yields = 0;
    for (const candidate of filingMissing.run(ctx)) {
      if (candidate) throw new Error(`unexpected finding: ${candidate.label}`);
      yields++;
    }
    // 9,000 elements looked at, 512 between two yields.
    expect(yields).toBeGreaterThanOrEqual(17);
    const facts = [...filingMismatch.run(ctx)];
    expect(facts.filter(Boolean)).toEqual([]);
  });

  test('a page without a footer: every field missing, and only the head and tail of its text are read', async () => {
    // A site code at the top (the header) is found; an ICP number in the middle of the list is past the bound.
    const doc = hugePage('', '<div class="top-bar">网站标识码：3701000005</div>');
    doc.querySelectorAll('li')[1500]!.insertAdjacentHTML('beforeend', '<span>鲁ICP备05000000号</span>');
    const findings = await runRules([filingMissing], doc);
    expect(labels(findings)).toEqual(['ICP备案', '党政机关标识', '公网安备']);
  });
});
