import { accountPost } from '../rules/account-dormant';
import { isoDay } from '../facts/dates';
import { DEFAULT_RULE_PACK } from '../rule-pack/pack';
import type { ScanContext } from '../page/context';
import type { AccountReading, Platform } from './account';

const HOSTS: Array<{ host: RegExp; platform: Platform }> = [
  { host: /^mp\.weixin\.qq\.com$/, platform: 'wechat' },
  { host: /(?:^|\.)weibo\.(?:com|cn)$/, platform: 'weibo' },
  { host: /(?:^|\.)douyin\.com$/, platform: 'douyin' },
  { host: /(?:^|\.)toutiao\.com$/, platform: 'toutiao' },
  { host: /(?:^|\.)kuaishou\.com$/, platform: 'kuaishou' },
  { host: /(?:^|\.)baijiahao\.baidu\.com$/, platform: 'baijiahao' },
  { host: /(?:^|\.)bilibili\.com$/, platform: 'bilibili' },
  { host: /(?:^|\.)rmh\.pdnews\.cn$/, platform: 'rmh' },
];

export function platformOfHost(host: string): Platform | null {
  const h = host.toLowerCase();
  return HOSTS.find((p) => p.host.test(h))?.platform ?? null;
}

/**
 * The platforms' own words for an account that is gone (注销, 封禁, 不存在, 迁移) and for a page that
 * is not there: these pages are what a dead registry link opens, often with HTTP 200.
 */
const GONE = [
  /该账号已(?:注销|被封|被冻结|被屏蔽|迁移)/,
  /此帐号已(?:被屏蔽|自主注销|被封|注销)|此账号已(?:被屏蔽|注销|被封)/,
  /该公众号已(?:迁移|注销|被屏蔽)|该公众号(?:因违规|已停止)/,
  /用户不存在|账号不存在|帐号不存在|该用户已注销|用户已注销/,
  /(?:页面|内容)不存在|页面地址有误|你访问的页面.{0,10}不存在|404\s*Not\s*Found/i,
];
/** A login wall (Weibo's visitor system, a platform's login page). */
const LOGIN = [/Sina Visitor System/i, /请(?:先)?登录后(?:查看|访问|继续)/, /登录后查看更多/, /扫码登录/];
/** Only the WeChat client (or a phone app) shows it. */
const CLIENT = [/请在微信客户端打开/, /请使用微信扫描|用微信扫码查看/, /请在(?:手机|APP|客户端)(?:上|中)?打开/i, /下载(?:客户端|APP)查看/i];
/** A profile that says it has never posted. */
const EMPTY = [/还没有发(?:过|布)?(?:微博|内容|作品)/, /暂无(?:作品|内容|微博|动态|文章)/, /该账号暂未发布/];

function firstMatch(text: string, patterns: RegExp[]): string | null {
  for (const p of patterns) {
    const m = p.exec(text);
    if (m) return m[0];
  }
  return null;
}

function visibleText(doc: Document): string {
  // Titles count too: a gone page's title is often its only sign (Weibo's "404").
  return `${doc.title}\n${doc.body?.innerText ?? doc.body?.textContent ?? ''}`.slice(0, 20_000);
}

function text(doc: Document, selector: string): string | undefined {
  return doc.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() || undefined;
}

function scriptVar(doc: Document, name: string): string | undefined {
  const pattern = new RegExp(String.raw`\b${name}\s*=\s*(?:"([^"]*)"|'([^']*)')`);
  for (const s of doc.querySelectorAll('script:not([src])')) {
    const m = pattern.exec(s.textContent ?? '');
    if (m) return (m[1] ?? m[2]) || undefined;
  }
  return undefined;
}

/** The account's id as the page shows it: a WeChat 微信号, a Weibo uid, a 抖音号. */
function pageAccountId(doc: Document, url: URL, platform: Platform | null): string | undefined {
  if (platform === 'wechat') {
    // The article's profile card: 微信号 then 功能介绍, each a .profile_meta_value.
    for (const label of doc.querySelectorAll('.profile_meta_label')) {
      if (/微信号/.test(label.textContent ?? '')) return label.nextElementSibling?.textContent?.trim() || undefined;
    }
    return scriptVar(doc, 'user_name');
  }
  if (platform === 'weibo') return /\/u\/(\d+)/.exec(url.pathname)?.[1] ?? doc.querySelector('[data-uid]')?.getAttribute('data-uid') ?? undefined;
  if (platform === 'douyin') return text(doc, '[data-e2e="user-info-unique-id"]')?.replace(/^抖音号[:：]\s*/, '');
  return undefined;
}

/** A 抖音 user page (www.douyin.com/user/…): its name and its works; the grid shows no dates. */
function douyinProfile(doc: Document): { name?: string; posts: number } | null {
  const info = doc.querySelector('[data-e2e="user-info"]');
  if (!info) return null;
  const list = doc.querySelector('[data-e2e="scroll-list"], [data-e2e="user-post-list"]');
  return { name: text(doc, '[data-e2e="user-info"] h1'), posts: list ? list.querySelectorAll('li').length : 0 };
}

/** A Weibo profile header without posts under it (a 空壳 shows "还没有发过微博"). */
function weiboProfileName(doc: Document): string | undefined {
  return text(doc, '[class*="ProfileHeader_name"], .username, h1.username');
}

/**
 * What an account's page shows: the account (name, id, newest post date, how many posts), or that the
 * platform says the account is gone, wants a login, or only opens in its client. Never guesses: a page it
 * does not recognise is `unknown`.
 */
export function readAccountPage(doc: Document, pageUrl: string, now: Date): AccountReading {
  const url = new URL(pageUrl);
  const platform = platformOfHost(url.hostname);
  const base = { url: pageUrl, title: doc.title.slice(0, 1000), platform, readAt: new Date().toISOString() };
  const body = visibleText(doc);
  const ctx = { doc, pageUrl: url, now, pack: DEFAULT_RULE_PACK } as unknown as ScanContext;
  const post = accountPost(ctx);
  const accountId = pageAccountId(doc, url, platform);
  if (post) {
    return {
      ...base,
      state: 'account',
      accountName: post.account.slice(0, 200),
      ...(accountId ? { accountId } : {}),
      lastPost: isoDay(post.published),
      basis: post.basis,
      ...(post.basis === 'feed' ? { posts: doc.querySelectorAll('[node-type="feed_list_item_date"], a[class*="head-info_time"], .weibo-main .time').length } : {}),
    };
  }
  const gone = firstMatch(body, GONE);
  if (gone) return { ...base, state: 'gone', said: gone };
  const login = firstMatch(body, LOGIN) ?? (/passport\.weibo\.com|\/login|\/signin/i.test(url.href) ? '跳转到登录页' : null);
  if (login) return { ...base, state: 'login', said: login };
  const client = firstMatch(body, CLIENT) ?? (url.hostname === 'mp.weixin.qq.com' && url.pathname.startsWith('/mp/profile_ext') ? '微信公众号历史消息页' : null);
  if (client) return { ...base, state: 'client', said: client };
  const douyin = platform === 'douyin' ? douyinProfile(doc) : null;
  if (douyin) return { ...base, state: 'account', ...(douyin.name ? { accountName: douyin.name } : {}), ...(accountId ? { accountId } : {}), posts: douyin.posts, basis: 'feed' };
  const weiboName = platform === 'weibo' ? weiboProfileName(doc) : undefined;
  const empty = firstMatch(body, EMPTY);
  if (weiboName) return { ...base, state: 'account', accountName: weiboName, ...(accountId ? { accountId } : {}), basis: 'feed', ...(empty ? { posts: 0, said: empty } : {}) };
  if (empty && platform) return { ...base, state: 'account', posts: 0, said: empty, ...(accountId ? { accountId } : {}) };
  return { ...base, state: 'unknown' };
}
