import type { Rule } from './types';
import type { ScanContext } from '../page/context';
import { ageInDays, fromEpoch, isoDay, parseDate } from '../facts/dates';

/** What a new-media page says about its account's latest post. */
export interface AccountPost {
  platform: 'wechat' | 'weibo' | 'other';
  /** 平台名称 for messages. */
  platformName: string;
  account: string;
  /** Newest publish time the page shows. */
  published: Date;
  /** The element showing it, when the page prints it. */
  element?: Element;
  /** article: one post's page (the latest only if the inspector opened the latest); feed: a profile's posts. */
  basis: 'article' | 'feed';
}

// Platforms whose pages carry `article:published_time` for the post itself.
const OTHER_PLATFORMS: { host: RegExp; name: string }[] = [
  { host: /(?:^|\.)toutiao\.com$/, name: '今日头条' },
  { host: /(?:^|\.)douyin\.com$/, name: '抖音' },
  { host: /(?:^|\.)baijiahao\.baidu\.com$/, name: '百家号' },
  { host: /(?:^|\.)rmh\.pdnews\.cn$/, name: '人民号' },
  { host: /(?:^|\.)kuaishou\.com$/, name: '快手' },
  { host: /(?:^|\.)bilibili\.com$/, name: '哔哩哔哩' },
];

function meta(doc: Document, names: string[]): string | null {
  for (const name of names) {
    const el = doc.querySelector(`meta[property="${name}"], meta[name="${name}"]`);
    const content = el?.getAttribute('content')?.trim();
    if (content) return content;
  }
  return null;
}

function scriptVar(doc: Document, name: string): string | null {
  const pattern = new RegExp(String.raw`\b${name}\s*=\s*(?:"([^"]*)"|'([^']*)'|(\d+))`);
  for (const script of doc.querySelectorAll('script:not([src])')) {
    const m = pattern.exec(script.textContent ?? '');
    if (m) return m[1] ?? m[2] ?? m[3] ?? null;
  }
  return null;
}

function isoOrPrinted(value: string | null, now: Date): Date | null {
  if (!value) return null;
  if (/^\d{9,13}$/.test(value)) return fromEpoch(value);
  const iso = /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
  if (iso && !Number.isNaN(iso.getTime())) return iso;
  return parseDate(value, now);
}

/** A WeChat official-account article (mp.weixin.qq.com/s/…): its publish time and the account's name. */
function wechat(doc: Document, now: Date): AccountPost | null {
  const shown = doc.querySelector('#publish_time');
  const published =
    fromEpoch(scriptVar(doc, 'ct') ?? '') ??
    isoOrPrinted(shown?.textContent?.trim() ?? null, now) ??
    isoOrPrinted(scriptVar(doc, 'publish_time'), now) ??
    isoOrPrinted(meta(doc, ['article:published_time', 'og:article:published_time']), now);
  if (!published) return null;
  const account =
    doc.querySelector('#js_name')?.textContent?.trim() ||
    scriptVar(doc, 'nickname') ||
    meta(doc, ['og:article:author', 'article:author']) ||
    '微信公众号';
  return { platform: 'wechat', platformName: '微信公众号', account, published, ...(shown ? { element: shown } : {}), basis: 'article' };
}

/**
 * A Weibo profile (weibo.com/u/…, m.weibo.cn/u/…): the newest of the posts' times. Pinned posts (置顶) may
 * be old, so the newest of all shown is the account's latest.
 */
function weibo(doc: Document, now: Date): AccountPost | null {
  const stamps = doc.querySelectorAll('[node-type="feed_list_item_date"], a[class*="head-info_time"], .weibo-main .time, span.time');
  let newest: { date: Date; el: Element } | null = null;
  for (const el of stamps) {
    const date =
      fromEpoch(el.getAttribute('date') ?? '') ??
      isoOrPrinted(el.getAttribute('title'), now) ??
      parseDate(el.textContent ?? '', now);
    if (date && (!newest || date > newest.date)) newest = { date, el };
  }
  if (!newest) return null;
  const account =
    doc.querySelector('[class*="ProfileHeader_name"], .username, .mod-fil-name .txt-shadow, h1.username')?.textContent?.trim() ||
    doc.title.replace(/的(?:微博|个人主页).*$/, '').replace(/\s*[-_|].*$/, '').trim() ||
    '微博账号';
  return { platform: 'weibo', platformName: '微博', account, published: newest.date, element: newest.el, basis: 'feed' };
}

function otherPlatform(doc: Document, host: string, now: Date): AccountPost | null {
  const platform = OTHER_PLATFORMS.find((p) => p.host.test(host));
  if (!platform || meta(doc, ['og:type']) !== 'article') return null;
  const published = isoOrPrinted(meta(doc, ['article:published_time']), now);
  if (!published) return null;
  const account = meta(doc, ['article:author', 'og:site_name']) || platform.name;
  return { platform: 'other', platformName: platform.name, account, published, basis: 'article' };
}

/** The account's latest post as this page shows it, or null when the page is not a new-media page it can read. */
export function accountPost(ctx: ScanContext): AccountPost | null {
  const host = ctx.pageUrl.hostname.toLowerCase();
  if (host === 'mp.weixin.qq.com') return wechat(ctx.doc, ctx.now);
  if (/(?:^|\.)weibo\.(?:com|cn)$/.test(host)) return weibo(ctx.doc, ctx.now);
  return otherPlatform(ctx.doc, host, ctx.now);
}

/**
 * 僵尸/睡眠账号: a government new-media account with no post within the pack's limit (2 weeks) before the
 * check date fails the account.
 */
export const accountDormant: Rule = {
  id: 'account-dormant',
  *run(ctx) {
    const post = accountPost(ctx);
    if (!post) return;
    const days = ageInDays(ctx.now, post.published);
    const limitDays = ctx.pack.accountDormantDays;
    if (days <= limitDays) {
      yield null;
      return;
    }
    const what = post.basis === 'feed' ? '该账号最新一条内容' : '本篇内容';
    yield {
      ...(post.element ? { element: post.element } : {}),
      severity: 'veto',
      label: post.account,
      detail: { platform: post.platform, platformName: post.platformName, latestDate: isoDay(post.published), days, limitDays, basis: post.basis },
      message:
        `${post.platformName}“${post.account}”：${what}发布于 ${isoDay(post.published)}，距检查日已 ${days} 天，超过 ${limitDays} 天未更新，属于僵尸/睡眠账号` +
        (post.basis === 'article' ? '（依据为本篇发布时间，请确认这是该账号最新一篇）' : ''),
    };
  },
};
