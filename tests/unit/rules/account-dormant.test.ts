import { describe, expect, test } from 'vitest';
import { Finding } from '@/lib/findings';
import { isoDay } from '@/lib/facts/dates';
import { accountDormant, accountPost } from '@/lib/rules/account-dormant';
import { contextOf, corpusPage, fixturePage, runRules } from '../../fixtures/columns/harness';

const WECHAT = 'https://mp.weixin.qq.com/s/AbCdEf123';
const WEIBO = 'https://weibo.com/u/1234567890';
const row = (f: Finding) => [f.label, f.severity, f.detail.platform, f.detail.latestDate, f.detail.days, f.detail.limitDays, f.detail.basis];

describe('WeChat official-account articles', () => {
  test('publish time from `var ct` (Unix seconds), account from #js_name: a year old is a veto', async () => {
    const findings = await runRules([accountDormant], fixturePage('wechat-article.html', WECHAT), new Date(2025, 5, 30, 12));
    expect(findings.map(row)).toEqual([['示例市发布', 'veto', 'wechat', '2024-06-10', 385, 14, 'article']]);
    const [f] = findings;
    expect(Finding.parse(f)).toEqual(f);
    expect(f.selector).toBe('#publish_time');
    expect(f.message).toBe(
      '微信公众号“示例市发布”：本篇内容发布于 2024-06-10，距检查日已 385 天，超过 14 天未更新，属于僵尸/睡眠账号（依据为本篇发布时间，请确认这是该账号最新一篇）',
    );
  });

  test('14 days after the post is still active, 15 is dormant', async () => {
    const page = () => fixturePage('wechat-article.html', WECHAT);
    expect(await runRules([accountDormant], page(), new Date(2024, 5, 24, 12))).toEqual([]);
    expect((await runRules([accountDormant], page(), new Date(2024, 5, 25, 12))).map(row)).toEqual([['示例市发布', 'veto', 'wechat', '2024-06-10', 15, 14, 'article']]);
  });

  test('publish time as printed in #publish_time (2025年06月20日 18:30)', async () => {
    const page = () => fixturePage('wechat-article-shown.html', WECHAT);
    expect(await runRules([accountDormant], page(), new Date(2025, 5, 30, 12))).toEqual([]);
    expect((await runRules([accountDormant], page(), new Date(2025, 6, 5, 12))).map(row)).toEqual([['示例政务服务', 'veto', 'wechat', '2025-06-20', 15, 14, 'article']]);
  });
});

describe('Weibo profiles', () => {
  test('the newest post decides, not the old pinned one', async () => {
    const findings = await runRules([accountDormant], fixturePage('weibo-profile.html', WEIBO), new Date(2025, 5, 30, 12));
    expect(findings.map(row)).toEqual([['示例市发布', 'veto', 'weibo', '2025-06-01', 29, 14, 'feed']]);
    expect(findings[0].snippet).toContain('title="2025-06-01 09:12"');
    expect(findings[0].message).toBe('微博“示例市发布”：该账号最新一条内容发布于 2025-06-01，距检查日已 29 天，超过 14 天未更新，属于僵尸/睡眠账号');
    expect(await runRules([accountDormant], fixturePage('weibo-profile.html', WEIBO), new Date(2025, 5, 10, 12))).toEqual([]);
  });

  test('m.weibo.cn prints relative and month-day times: 昨天 is the newest', () => {
    const post = accountPost(contextOf(fixturePage('weibo-mobile.html', 'https://m.weibo.cn/u/1234567890'), new Date(2025, 5, 30, 12)))!;
    expect([post.account, isoDay(post.published), post.basis]).toEqual(['示例市发布', '2025-06-29', 'feed']);
  });
});

describe('other platforms and non-platform pages', () => {
  test('a 今日头条 article with og:type article and article:published_time', async () => {
    const findings = await runRules([accountDormant], fixturePage('toutiao-article.html', 'https://www.toutiao.com/article/7364000000000000000/'), new Date(2025, 5, 30, 12));
    expect(findings.map(row)).toEqual([['示例市融媒体中心', 'veto', 'other', '2025-05-01', 60, 14, 'article']]);
    expect(findings[0].selector).toBe('');
  });

  test('article:published_time on a government site or an unknown host is not a new-media page', async () => {
    expect(await runRules([accountDormant], fixturePage('gov-article-meta.html', 'https://www.example.gov.cn/art/1.html'))).toEqual([]);
    expect(await runRules([accountDormant], fixturePage('toutiao-article.html', 'https://news.example.com/a/1.html'))).toEqual([]);
  });

  test('a WeChat host page without a publish time (an account home, an error page) says nothing', async () => {
    expect(await runRules([accountDormant], fixturePage('article.html', 'https://mp.weixin.qq.com/mp/profile_ext'))).toEqual([]);
  });

  test('government pages in the corpus are never new-media pages', () => {
    for (const site of ['jchgz', 'lfygxzf', 'zysc']) {
      expect(accountPost(contextOf(corpusPage(`gov-pages/mhxqwer__${site}.gov.cn/index.html`, `https://www.${site}.gov.cn/a.html`)))).toBeNull();
    }
  });
});
