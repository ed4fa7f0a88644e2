import { differenceInCalendarDays, subMonths } from 'date-fns';
import type { RulePack } from '../rule-pack/pack';
import { PLATFORM_NAMES, type Account, type AccountEntry, type AccountReading, type AccountReason, type AccountStatus, type ManualReading } from './account';

/** The notice's lines as data, from the rule pack: 14 days → 睡眠, more than 3 months → 僵尸. */
export interface AccountThresholds {
  dormantDays: number;
  zombieMonths: number;
}

export function thresholdsOf(pack: Pick<RulePack, 'accountDormantDays'> & { accountZombieMonths?: number }): AccountThresholds {
  return { dormantDays: pack.accountDormantDays, zombieMonths: pack.accountZombieMonths ?? 3 };
}

/** A registry link that could not be opened at all (DNS, refused, HTTP error): said by whoever opened it. */
export interface OpenFailure {
  failed: string;
  status?: number;
}

export interface AccountVerdict {
  status: Exclude<AccountStatus, 'unchecked'>;
  reasons: AccountReason[];
  lastPost?: string;
  basis: string;
}

const same = (a: string, b: string) => a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();
const day = (iso: string) => new Date(`${iso}T12:00:00`);

/** Days and months since `lastPost`, judged against the thresholds. */
function freshness(lastPost: string, checkDate: Date, t: AccountThresholds, where: string): AccountReason | null {
  const posted = day(lastPost);
  const days = differenceInCalendarDays(checkDate, posted);
  if (posted < subMonths(checkDate, t.zombieMonths)) {
    return { category: 'zombie', text: `${where}最新发布于 ${lastPost}，已 ${days} 天（超过 ${t.zombieMonths} 个月）未更新，属于僵尸账号，应列入关停整合` };
  }
  if (days > t.dormantDays) {
    return { category: 'dormant', text: `${where}最新发布于 ${lastPost}，检查日前 ${t.dormantDays} 天内无更新（已 ${days} 天），属于更新不及时（睡眠账号）` };
  }
  return null;
}

/**
 * The verdict on one account from what its page showed (or why it could not be opened) and what the
 * inspector recorded by hand. Where neither settles it — a login wall, the WeChat client, an app, one
 * article that may not be the latest — the verdict is 需人工检查 with the reason, never a guess.
 */
export function judgeAccount(
  account: AccountEntry & Partial<Pick<Account, 'interaction'>>,
  seen: AccountReading | OpenFailure | null,
  manual: ManualReading | null | undefined,
  checkDate: Date,
  t: AccountThresholds,
): AccountVerdict {
  const fails: AccountReason[] = [];
  const manualWhy: string[] = [];
  let lastPost: string | undefined;
  let basis = '';
  const platformName = PLATFORM_NAMES[account.platform];

  if (account.interaction) fails.push({ category: 'interaction', text: `人工检查：${account.interaction}` });

  if (seen && 'failed' in seen) {
    fails.push({ category: 'link-invalid', text: `登记的链接无法打开账号：${seen.failed}` });
    basis = `打开 ${account.url ?? ''} 失败`;
  } else if (seen) {
    basis = `页面 ${seen.url}${seen.title ? `（${seen.title}）` : ''}`;
    if (seen.status && seen.status >= 400) {
      fails.push({ category: 'link-invalid', text: `登记的链接无法打开账号：服务器返回 HTTP ${seen.status}${seen.said ? `（${seen.said}）` : ''}` });
    } else if (seen.state === 'gone') {
      fails.push({ category: 'link-invalid', text: `登记的链接打开的是平台的提示页：“${seen.said ?? seen.title}”（账号已关闭或不存在）` });
    } else if (account.platform === 'app') {
      // An app's web page (a download page) says nothing about what the app publishes.
      manualWhy.push('移动客户端需要在手机上安装后检查（网页只能说明链接可以打开），请记录最新发布日期并上传截图');
    } else if (seen.state === 'login') {
      manualWhy.push(`${platformName}页面需要登录后才能查看（${seen.said ?? '登录页'}），请登录后人工检查`);
    } else if (seen.state === 'client') {
      manualWhy.push(`该页面只能在微信客户端或手机应用中查看（${seen.said ?? ''}），请在手机上查看最新发布日期并上传截图`);
    } else if (seen.state === 'unknown') {
      manualWhy.push(`无法从该页面读出账号信息（${seen.title || seen.url}），请人工检查`);
    } else {
      const idDiffers = account.accountId && seen.accountId && !same(account.accountId, seen.accountId);
      if (idDiffers) {
        fails.push({ category: 'link-invalid', text: `登记的链接打开的是另一个账号：页面账号 ${seen.accountName ? `“${seen.accountName}”` : ''}（ID ${seen.accountId}），登记的账号ID为 ${account.accountId}` });
      } else {
        if (seen.accountName && !same(seen.accountName, account.name)) {
          fails.push({ category: 'mismatch', text: `页面上的账号名称“${seen.accountName}”与备案登记的“${account.name}”不一致` });
        }
        if (seen.posts === 0) {
          fails.push({ category: 'empty', text: `账号没有发布任何内容${seen.said ? `（页面显示“${seen.said}”）` : ''}，属于空壳账号` });
        } else if (seen.lastPost) {
          lastPost = seen.lastPost;
          const stale = freshness(seen.lastPost, checkDate, t, seen.basis === 'article' ? '本篇' : '该账号');
          // One article's date proves a recent post, but an old one may not be the account's latest: WeChat
          // history needs the client.
          if (stale && seen.basis === 'article') {
            manualWhy.push(`页面是单篇文章（发布于 ${seen.lastPost}），不能确定是否为最新一篇；请在${account.platform === 'wechat' ? '微信客户端' : '平台'}中查看历史消息的最新日期`);
          } else if (stale) fails.push(stale);
        } else {
          manualWhy.push(`${platformName}页面没有显示发布日期，请人工查看最新发布日期`);
        }
      }
    }
  } else if (account.platform === 'app') {
    manualWhy.push('移动客户端需要在手机上安装后检查，请记录最新发布日期并上传截图');
  } else if (!account.url) {
    manualWhy.push(`登记表没有该账号的链接${account.platform === 'wechat' ? '；微信公众号的历史消息需在微信客户端查看' : ''}，请人工检查并上传截图`);
  }

  // A phone record settles what the page could not; it does not undo what a page showed wrong.
  if (manual && (manual.lastPost || manual.empty)) {
    manualWhy.length = 0;
    basis = `${basis ? `${basis}；` : ''}人工记录（${manual.recordedAt.slice(0, 10)}${manual.evidenceId ? '，附手机截图' : ''}）`;
    if (manual.empty) fails.push({ category: 'empty', text: '人工检查：账号没有发布任何内容，属于空壳账号' });
    else if (manual.lastPost) {
      lastPost = manual.lastPost;
      const stale = freshness(manual.lastPost, checkDate, t, '人工检查：该账号');
      if (stale) fails.push(stale);
    }
  }

  if (fails.length) return { status: 'fail', reasons: fails, ...(lastPost ? { lastPost } : {}), basis };
  if (manualWhy.length) return { status: 'manual', reasons: manualWhy.map((text) => ({ category: 'needs-manual', text })), ...(lastPost ? { lastPost } : {}), basis };
  if (!seen && !manual) return { status: 'manual', reasons: [{ category: 'needs-manual', text: '尚未检查' }], basis };
  return { status: 'pass', reasons: [], ...(lastPost ? { lastPost } : {}), basis };
}
