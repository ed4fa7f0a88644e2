import { describe, expect, test } from 'vitest';
import { Finding } from '@/lib/findings';
import { DEFAULT_RULE_PACK, type RulePack } from '@/lib/rule-pack/pack';
import { isHomePage, repostChecklist, repostMissing } from '@/lib/rules/repost-missing';
import { CHECK_DATE, contextOf, corpusPage, fixturePage, runRules } from '../../fixtures/columns/harness';

const pack: RulePack = {
  ...DEFAULT_RULE_PACK,
  reposts: [
    { title: '学习贯彻党的二十届三中全会精神', url: 'https://www.gov.cn/zhuanti/20thcpc3/' },
    { title: '全国“安全生产月”活动主题宣传' },
    { title: '2025年国务院政府工作报告全文', url: 'https://www.gov.cn/gongbao/2025/issue_11946/' },
    { title: '《中华人民共和国民法典》宣传月' },
    { title: '国家网络安全宣传周', url: 'https://www.cac.gov.cn/wlaqxcz/', since: '2025-09-01' },
  ],
};

describe('repost checklist', () => {
  test('found by URL (scheme, index file and trailing slash aside), by link title, by a cut-short link text, by page text', () => {
    const checks = repostChecklist(contextOf(fixturePage('repost-home.html'), CHECK_DATE, pack));
    expect(checks.map((c) => [c.task.title, c.found, c.how ?? null, c.where ?? null])).toEqual([
      ['学习贯彻党的二十届三中全会精神', true, 'url', '#zt1'],
      ['全国“安全生产月”活动主题宣传', true, 'title', '#zt2'],
      ['2025年国务院政府工作报告全文', true, 'title', '#bg'],
      ['《中华人民共和国民法典》宣传月', true, 'title', 'html > body'],
      ['国家网络安全宣传周', false, null, null],
    ]);
  });

  test('no tasks in the pack: an empty checklist', () => {
    expect(repostChecklist(contextOf(fixturePage('repost-home.html')))).toEqual([]);
  });

  test.each([
    ['https://www.example.gov.cn/', true],
    ['https://www.example.gov.cn/index.html', true],
    ['https://www.example.gov.cn/index.shtml', true],
    ['https://www.example.gov.cn/default.aspx', true],
    ['https://www.example.gov.cn/zwgk/index.html', false],
    ['https://www.example.gov.cn/art/2025/6/1/art_1.html', false],
  ])('%s is a home page: %s', (url, home) => {
    expect(isHomePage(new URL(url))).toBe(home);
  });
});

describe('repost-missing', () => {
  test('on the home page, each missing task is a page-level deduction', async () => {
    const findings = await runRules([repostMissing], fixturePage('repost-home.html', 'https://www.example.gov.cn/'), CHECK_DATE, pack);
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(Finding.parse(f)).toEqual(f);
    expect([f.label, f.severity, f.selector, f.href]).toEqual(['国家网络安全宣传周', 'deduct', '', 'https://www.cac.gov.cn/wlaqxcz/']);
    expect(f.detail).toEqual({ status: 'missing', url: 'https://www.cac.gov.cn/wlaqxcz/', since: '2025-09-01', found: 4, total: 5 });
    expect(f.message).toBe('首页未转发本季度重点推荐信息“国家网络安全宣传周”（按标题和链接均未找到；本页已转发 4/5 项）');
  });

  test('other pages are not judged', async () => {
    expect(await runRules([repostMissing], fixturePage('repost-home.html', 'https://www.example.gov.cn/zwgk/list.html'), CHECK_DATE, pack)).toEqual([]);
  });

  test('a real home page without any of the tasks misses all five', async () => {
    const doc = corpusPage('gov-pages/shangwuting_henan_template/index.html', 'https://swt.example.gov.cn/index.html');
    const findings = await runRules([repostMissing], doc, CHECK_DATE, pack);
    expect(findings.map((f) => f.label)).toEqual(pack.reposts.map((t) => t.title));
  });
});
