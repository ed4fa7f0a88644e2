import { describe, expect, test } from 'vitest';
import { Finding } from '@/lib/findings';
import { columnBlank } from '@/lib/rules/column-blank';
import { corpusPage, fixturePage, runRules } from '../../fixtures/columns/harness';

describe('column-blank on fixtures', () => {
  test('home page: the placeholder tab, the empty list and the placeholder block are blank; 建设中国科技城 is content', async () => {
    const findings = await runRules([columnBlank], fixturePage('index.html'));
    expect(findings.map((f) => [f.label, f.severity, f.detail])).toEqual([
      // The hidden tab panel is invisible until its tab is clicked: the scan says so (lib/page/region.ts).
      ['政策解读', 'deduct', { kind: 'notice-policy', reason: 'placeholder', placeholder: '暂无信息', source: 'tab', invisible: true }],
      ['专题专栏', 'deduct', { kind: 'other', reason: 'empty', placeholder: null, source: 'block' }],
      ['人事信息', 'deduct', { kind: 'other', reason: 'placeholder', placeholder: '本栏目正在建设中，敬请期待！', source: 'block' }],
    ]);
    for (const f of findings) expect(Finding.parse(f)).toEqual(f);
    expect(findings[0].message).toBe('栏目“政策解读”只显示“暂无信息”，没有实际内容，属于空白栏目（全站空白栏目达 5 个即单项否决）');
    expect(findings[1].message).toBe('栏目“专题专栏”没有任何信息，属于空白栏目（全站空白栏目达 5 个即单项否决）');
    expect(findings[1].selector).toBe('#ztzl');
  });

  test('a column page that only says 暂无数据 is blank, outlined at the placeholder', async () => {
    const findings = await runRules([columnBlank], fixturePage('blank-list.html', 'https://www.example.gov.cn/zwgk/zcjd/'));
    expect(findings.map((f) => [f.label, f.detail.source, f.detail.placeholder])).toEqual([['政策解读', 'page', '暂无数据']]);
    expect(findings[0].snippet).toBe('<div class="no-data">暂无数据</div>');
  });

  test('a list page with items and an article page are not blank', async () => {
    expect(await runRules([columnBlank], fixturePage('list.html', 'https://www.example.gov.cn/zwgk/tzgg/'))).toEqual([]);
    expect(await runRules([columnBlank], fixturePage('article.html', 'https://www.example.gov.cn/ywdt/t1.html'))).toEqual([]);
  });
});

describe('column-blank on real pages', () => {
  test('zysc: the headline containing 建设中 (建设中国科技城) is not a blank column', async () => {
    expect(await runRules([columnBlank], corpusPage('gov-pages/mhxqwer__zysc.gov.cn/index.html'))).toEqual([]);
  });

  test.each(['jchgz', 'lfygxzf', 'gjbcac', 'wjmoe', 'tqjsjz', 'hjhbjft', 'lfyfcgs', 'djjiangsu', 'qzhxiangtan'])('%s has no blank column', async (site) => {
    expect(await runRules([columnBlank], corpusPage(`gov-pages/mhxqwer__${site}.gov.cn/index.html`))).toEqual([]);
  });

  test.each(['index.html', 'newsList.html', 'news.html', 'mailBoxList.html', 'Communication.html', 'informationPublic.html', 'specialColumn.html'])(
    'shangwuting %s has no blank column',
    async (name) => {
      expect(await runRules([columnBlank], corpusPage(`gov-pages/shangwuting_henan_template/${name}`))).toEqual([]);
    },
  );
});
