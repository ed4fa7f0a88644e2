import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Finding } from '@/lib/findings';
import { columnStale } from '@/lib/rules/column-stale';
import { DEFAULT_RULE_PACK } from '@/lib/rule-pack/pack';
import { corpusEntries, corpusPath } from '../../corpus';
import { corpusPage, fixturePage, runRules } from '../../fixtures/columns/harness';

const row = (f: Finding) => [f.label, f.severity, f.detail.newestDate, f.detail.ageDays, f.detail.limitDays, f.detail.kind];

describe('column-stale on the home page fixture', () => {
  test('at 2025-06-30: stale news, stale policy files, a stale 公示 whose headline date is ignored, undated news for review', async () => {
    const findings = await runRules([columnStale], fixturePage('index.html'), new Date(2025, 5, 30, 12));
    expect(findings.map(row)).toEqual([
      ['工作动态', 'deduct', '2025-05-01', 60, 14, 'news'],
      ['政策文件', 'deduct', '2024-10-08', 265, 183, 'notice-policy'],
      ['公示公告', 'deduct', '2024-11-20', 222, 183, 'notice-policy'],
      ['部门动态', 'review', null, null, 14, 'news'],
    ]);
    for (const f of findings) expect(Finding.parse(f)).toEqual(f);
    expect(findings[0].message).toBe('栏目“工作动态”最新信息发布于 2025-05-01，距检查日 2025-06-30 已 60 天，超过动态要闻类栏目 14 天的更新要求');
    expect(findings[0].selector).toBe('#gzdt');
    expect(findings[3].message).toContain('都没有显示发布日期');
    // 要闻动态 ([06-25], 5 days), 通知公告 (121 days of 183), 领导活动 (no kind) and the placeholder tab are not reported.
  });

  test('two weeks is the limit: 14 days old is fresh, 15 is stale', async () => {
    const at = (d: Date) => runRules([columnStale], fixturePage('index.html'), d);
    const fresh = await at(new Date(2025, 4, 15, 9));
    expect(fresh.map((f) => f.label)).not.toContain('工作动态');
    const stale = await at(new Date(2025, 4, 16, 9));
    expect(stale.filter((f) => f.label === '工作动态').map(row)).toEqual([['工作动态', 'deduct', '2025-05-01', 15, 14, 'news']]);
  });

  test('[MM-DD] dates follow the check date: at 2025-07-20 the [06-25] news are 25 days old', async () => {
    const findings = await runRules([columnStale], fixturePage('index.html'), new Date(2025, 6, 20, 12));
    expect(findings.filter((f) => f.label === '要闻动态').map(row)).toEqual([['要闻动态', 'deduct', '2025-06-25', 25, 14, 'news']]);
  });

  test('a pack limit for columns of no kind judges them too', async () => {
    const pack = { ...DEFAULT_RULE_PACK, columns: { ...DEFAULT_RULE_PACK.columns, defaultMaxAgeDays: 365 } };
    const findings = await runRules([columnStale], fixturePage('index.html'), new Date(2025, 5, 30, 12), pack);
    expect(findings.filter((f) => f.detail.kind === 'other').map(row)).toEqual([
      ['重点项目', 'review', null, null, 365, 'other'],
      ['领导活动', 'deduct', '2023-01-05', 907, 365, 'other'],
    ]);
  });

  test('a column page: its main list decides', async () => {
    const findings = await runRules([columnStale], fixturePage('list.html', 'https://www.example.gov.cn/zwgk/tzgg/'), new Date(2025, 5, 30, 12));
    expect(findings.map(row)).toEqual([['通知公告', 'deduct', '2024-12-20', 192, 183, 'notice-policy']]);
    expect(findings[0].snippet).toContain('class="news-list"');
  });
});

describe('column-stale on real pages', () => {
  const pages = corpusEntries('gov-pages/shangwuting_henan_template').filter((f) => f.endsWith('.html'));

  test('shangwuting at 2025-06-30: every judged column is stale (dated 08月01日 → 2024-08-01) or shows no dates', async () => {
    corpusPath('gov-pages/shangwuting_henan_template');
    const found: (string | number | null)[][] = [];
    for (const name of pages) {
      const findings = await runRules([columnStale], corpusPage(`gov-pages/shangwuting_henan_template/${name}`), new Date(2025, 5, 30, 12));
      for (const f of findings) found.push([name, f.label, f.severity, f.detail.newestDate as string | null, f.detail.ageDays as number | null]);
    }
    expect(found).toEqual([
      ['comondenList.html', '政策法规', 'deduct', '2024-08-01', 333],
      ['index.html', '新闻发布', 'review', null, null],
      ['index.html', '通知公告', 'review', null, null],
      ['index.html', '法规文件', 'review', null, null],
      ['index.html', '政策解读', 'review', null, null],
      ['informationPublic.html', '政策解读', 'review', null, null],
      ['informationPublic.html', '政策法规', 'review', null, null],
      ['informationPublic.html', '图片新闻', 'review', null, null],
      ['newsList.html', '政策法规', 'deduct', '2024-08-01', 333],
      ['zhengceList.html', '政策文件', 'deduct', '2024-08-01', 333],
    ]);
    // Thirty-one pages parsed by happy-dom on a shared 2-core machine: room to finish, not a speed test.
  }, 60_000);

  test('lfygxzf (2024-10-17 article) shows no dates in its side columns: 广西要闻 and 图片新闻 go to review at any date', async () => {
    for (const now of [new Date(2024, 9, 20, 12), new Date(2025, 5, 30, 12)]) {
      const findings = await runRules([columnStale], corpusPage('gov-pages/mhxqwer__lfygxzf.gov.cn/index.html'), now);
      expect(findings.map(row)).toEqual([
        ['广西要闻', 'review', null, null, 14, 'news'],
        ['图片新闻', 'review', null, null, 14, 'news'],
      ]);
    }
  });

  test.each(['jchgz', 'zysc', 'gjbcac', 'wjmoe'])('%s article: nothing to judge', async (site) => {
    expect(await runRules([columnStale], corpusPage(`gov-pages/mhxqwer__${site}.gov.cn/index.html`))).toEqual([]);
  });
});
