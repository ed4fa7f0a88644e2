import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { AccountReading } from '@/lib/accounts/account';
import { parseAccountList } from '@/lib/accounts/list-import';
import { readAccountPage } from '@/lib/accounts/reader';
import { judgeAccount, thresholdsOf } from '@/lib/accounts/verdict';
import { DEFAULT_RULE_PACK } from '@/lib/rule-pack/pack';
import { parsePage } from '../../pages';
import { ACCOUNT_LIST, ACCOUNTS_CHECK_DATE, EXPECTED } from '../../fixtures/accounts/server';

const DIR = join(import.meta.dirname, '../../fixtures/accounts');
const NOW = new Date(`${ACCOUNTS_CHECK_DATE}T12:00:00`);
const T = thresholdsOf(DEFAULT_RULE_PACK);

function read(file: string, url: string): AccountReading {
  return AccountReading.parse(readAccountPage(parsePage(readFileSync(join(DIR, file), 'utf8'), url), url, NOW));
}

// Where each registry link ends up (after redirects) and what the platform serves there.
const PAGES: Record<string, [string, string, number?]> = {
  示例市发布: ['wechat-pass.html', 'http://mp.weixin.qq.com/s/pass'],
  示例市公安: ['weibo-pass.html', 'http://weibo.com/u/1001'],
  示例市教育局: ['weibo-dormant.html', 'http://weibo.com/u/1002'],
  示例市文旅局: ['weibo-zombie.html', 'http://weibo.com/u/1003'],
  示例市气象: ['douyin-empty.html', 'https://www.douyin.com/user/MS4wLjABAAAAempty'],
  示例市融媒: ['toutiao-404.html', 'https://www.toutiao.com/c/user/token/MS4wdead/'],
  示例市民政: ['weibo-gone.html', 'http://weibo.com/u/1007'],
  示例市交通: ['weibo-other.html', 'http://weibo.com/u/2008'],
  示例市卫生健康委员会: ['wechat-mismatch.html', 'http://mp.weixin.qq.com/s/mismatch'],
  示例市应急: ['weibo-visitor.html', 'http://passport.weibo.com/visitor/visitor?entry=miniblog'],
  示例市人社: ['wechat-profile.html', 'http://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzA5slsrs'],
  爱示例: ['app-download.html', 'http://app.shili.gov.test/index.html'],
};

describe('reading account pages', () => {
  test('a WeChat article: name, 微信号 from the profile card, the article date', () => {
    expect(read('wechat-pass.html', PAGES['示例市发布'][1])).toMatchObject({ state: 'account', platform: 'wechat', accountName: '示例市发布', accountId: 'slsfb', lastPost: '2025-06-25', basis: 'article' });
  });
  test('a Weibo profile: the newest of its posts, the uid from the address', () => {
    expect(read('weibo-zombie.html', PAGES['示例市文旅局'][1])).toMatchObject({ state: 'account', accountName: '示例市文旅局', accountId: '1003', lastPost: '2025-02-10', basis: 'feed', posts: 2 });
  });
  test('the platforms’ own words: gone, login wall, client only, no works', () => {
    expect(read('weibo-gone.html', PAGES['示例市民政'][1])).toMatchObject({ state: 'gone', said: '用户不存在' });
    expect(read('weibo-visitor.html', PAGES['示例市应急'][1])).toMatchObject({ state: 'login', said: 'Sina Visitor System' });
    expect(read('wechat-profile.html', PAGES['示例市人社'][1])).toMatchObject({ state: 'client', said: '请在微信客户端打开' });
    expect(read('douyin-empty.html', PAGES['示例市气象'][1])).toMatchObject({ state: 'account', accountName: '示例市气象', accountId: 'slsqx', posts: 0 });
    expect(read('app-download.html', PAGES['爱示例'][1])).toMatchObject({ state: 'unknown', platform: null });
  });
});

describe('verdicts of the 12-account list', () => {
  test('every account gets the verdict its page calls for', async () => {
    const list = await parseAccountList(new Uint8Array(readFileSync(ACCOUNT_LIST)), 'accounts.csv');
    const got = Object.fromEntries(
      list.map((a) => {
        const [file, url, status] = PAGES[a.name];
        const reading = { ...read(file, url), ...(a.name === '示例市融媒' ? { status: 404 } : {}), ...(status ? { status } : {}) };
        const v = judgeAccount(a, reading, null, NOW, T);
        return [a.name, { status: v.status, categories: v.reasons.map((r) => r.category) }];
      }),
    );
    expect(got).toEqual(EXPECTED);
  });

  test('the reasons say what was seen', async () => {
    const [, , dormant, zombie, , , , other, mismatch] = await parseAccountList(new Uint8Array(readFileSync(ACCOUNT_LIST)), 'accounts.csv');
    const reason = (a: typeof dormant, file: string, url: string) => judgeAccount(a, read(file, url), null, NOW, T).reasons[0].text;
    expect(reason(dormant, 'weibo-dormant.html', 'http://weibo.com/u/1002')).toBe('该账号最新发布于 2025-06-05，检查日前 14 天内无更新（已 25 天），属于更新不及时（睡眠账号）');
    expect(reason(zombie, 'weibo-zombie.html', 'http://weibo.com/u/1003')).toBe('该账号最新发布于 2025-02-10，已 140 天（超过 3 个月）未更新，属于僵尸账号，应列入关停整合');
    expect(reason(other, 'weibo-other.html', 'http://weibo.com/u/2008')).toBe('登记的链接打开的是另一个账号：页面账号 “某某生活号”（ID 2008），登记的账号ID为 1008');
    expect(reason(mismatch, 'wechat-mismatch.html', 'http://mp.weixin.qq.com/s/mismatch')).toBe('页面上的账号名称“示例市卫健”与备案登记的“示例市卫生健康委员会”不一致');
  });

  test('thresholds: 14 days still passes, 15 is 睡眠; exactly 3 months is 睡眠, a day more is 僵尸', () => {
    const a = { name: '甲', platform: 'weibo' as const, unit: '单位', url: 'https://weibo.com/u/1' };
    const seen = (lastPost: string): AccountReading => ({ url: a.url, title: '', platform: 'weibo', state: 'account', accountName: '甲', lastPost, basis: 'feed', readAt: NOW.toISOString() });
    const status = (lastPost: string) => judgeAccount(a, seen(lastPost), null, NOW, T).reasons.map((r) => r.category);
    expect(status('2025-06-16')).toEqual([]);
    expect(status('2025-06-15')).toEqual(['dormant']);
    expect(status('2025-03-30')).toEqual(['dormant']);
    expect(status('2025-03-29')).toEqual(['zombie']);
    expect(judgeAccount(a, seen('2025-03-29'), null, NOW, { dormantDays: 14, zombieMonths: 6 }).reasons.map((r) => r.category)).toEqual(['dormant']);
  });

  test('an old WeChat article is not a verdict: the history needs the client', () => {
    const a = { name: '示例市发布', platform: 'wechat' as const, unit: '宣传部', accountId: 'slsfb', url: 'http://mp.weixin.qq.com/s/pass' };
    const v = judgeAccount(a, read('wechat-pass.html', a.url), null, new Date('2025-09-01T12:00:00'), T);
    expect(v.status).toBe('manual');
    expect(v.reasons[0].text).toMatch(/不能确定是否为最新一篇/);
  });

  test('a phone record settles a client-only account; 互动回应差 is its own manual category', () => {
    const a = { name: '示例市人社', platform: 'wechat' as const, unit: '人社局', accountId: 'slsrs', url: PAGES['示例市人社'][1] };
    const seen = read('wechat-profile.html', a.url);
    const recordedAt = NOW.toISOString();
    expect(judgeAccount(a, seen, { lastPost: '2025-06-27', recordedAt }, NOW, T)).toMatchObject({ status: 'pass', lastPost: '2025-06-27' });
    expect(judgeAccount(a, seen, { lastPost: '2025-05-01', recordedAt }, NOW, T).reasons.map((r) => r.category)).toEqual(['dormant']);
    const v = judgeAccount({ ...a, interaction: '留言 30 天无回复' }, seen, { lastPost: '2025-06-27', recordedAt }, NOW, T);
    expect(v).toMatchObject({ status: 'fail', reasons: [{ category: 'interaction', text: '人工检查：留言 30 天无回复' }] });
  });
});
