import { csvRows, OLE, SiteListError, startsWith, xlsxRows, ZIP, type Row } from '../sites/list-import';
import { PLATFORM_NAMES, type AccountEntry, type Platform } from './account';

/** A bad account list: a SiteListError so the sessions page and the CLI tell it the same way (row, both languages). */
export class AccountListError extends SiteListError {}

type Column = 'name' | 'platform' | 'unit' | 'accountId' | 'url';

const COLUMN_NAMES: Record<Column, string> = { name: '账号名称', platform: '平台', unit: '主办单位', accountId: '账号ID', url: '链接' };

// Header names as registry exports and city lists write them.
const HEADER_ALIASES: Record<string, Column> = {
  账号名称: 'name',
  名称: 'name',
  账号: 'name',
  新媒体名称: 'name',
  name: 'name',
  平台: 'platform',
  类型: 'platform',
  平台类型: 'platform',
  账号类型: 'platform',
  platform: 'platform',
  主办单位: 'unit',
  开办主体: 'unit',
  主管单位: 'unit',
  单位: 'unit',
  unit: 'unit',
  账号id: 'accountId',
  微信号: 'accountId',
  账号标识: 'accountId',
  id: 'accountId',
  accountid: 'accountId',
  链接: 'url',
  主页地址: 'url',
  账号链接: 'url',
  网址: 'url',
  url: 'url',
};

const PLATFORM_ALIASES: Record<string, Platform> = {
  微信公众号: 'wechat',
  微信: 'wechat',
  公众号: 'wechat',
  wechat: 'wechat',
  新浪微博: 'weibo',
  微博: 'weibo',
  weibo: 'weibo',
  抖音: 'douyin',
  douyin: 'douyin',
  今日头条: 'toutiao',
  头条: 'toutiao',
  头条号: 'toutiao',
  toutiao: 'toutiao',
  快手: 'kuaishou',
  kuaishou: 'kuaishou',
  百家号: 'baijiahao',
  baijiahao: 'baijiahao',
  哔哩哔哩: 'bilibili',
  b站: 'bilibili',
  bilibili: 'bilibili',
  人民号: 'rmh',
  移动客户端: 'app',
  客户端: 'app',
  app: 'app',
  政务app: 'app',
  其他: 'other',
  其它: 'other',
  other: 'other',
};

const key = (s: string) => s.replace(/\s+/g, '').toLowerCase();

const fail = (zh: string, en: string, row: number) => new AccountListError(zh, row, en);

/**
 * Parse a CSV or XLSX account list. Needs 账号名称, 平台 and 主办单位 columns and, per row, a link or an
 * account id (an account with neither cannot be found). Throws AccountListError naming the row; returns
 * only when every row is good, so a bad list adds nothing.
 */
export async function parseAccountList(bytes: Uint8Array, fileName: string): Promise<AccountEntry[]> {
  if (startsWith(bytes, OLE)) throw fail('这是旧版 Excel（.xls）文件，无法读取；请另存为 .xlsx 或 CSV 后再导入', 'this is an old Excel (.xls) file; save it as .xlsx or CSV and import that', 0);
  const rows: Row[] = /\.xlsx$/i.test(fileName) || startsWith(bytes, ZIP) ? await xlsxRows(bytes) : csvRows(bytes);
  const filled = rows.filter((r) => r.cells.some((c) => c.trim()));
  if (filled.length === 0) throw fail('文件为空', 'the file is empty', 0);
  const head = filled[0];
  const header = head.cells.map((h) => HEADER_ALIASES[key(h)]);
  const missing = (['name', 'platform', 'unit'] as const).filter((c) => !header.includes(c));
  if (missing.length) {
    throw fail(
      `表头缺少 ${missing.map((c) => `“${COLUMN_NAMES[c]}”`).join('、')} 列（需要 账号名称、平台/类型、主办单位，以及 账号ID/微信号 或 链接/主页地址）`,
      `the header row lacks the ${missing.join(', ')} column(s) (needed: name, platform, unit, and account id or link)`,
      head.n,
    );
  }
  if (!header.includes('url') && !header.includes('accountId')) {
    throw fail('表头需要“账号ID/微信号”或“链接/主页地址”列中的至少一列', 'the header row needs an account id or a link column', head.n);
  }
  const out: AccountEntry[] = [];
  const seen = new Map<string, number>();
  for (const { n, cells } of filled.slice(1)) {
    const value = (c: Column) => {
      const col = header.indexOf(c);
      return col < 0 ? '' : (cells[col] ?? '').trim();
    };
    const name = value('name');
    if (!name) throw fail('账号名称不能为空', 'the account name is empty', n);
    if (name.length > 200) throw fail('账号名称不能超过 200 个字符', 'the account name is longer than 200 characters', n);
    const platformText = value('platform');
    if (!platformText) throw fail(`“${name}”的平台不能为空`, `the platform of “${name}” is empty`, n);
    const platform = PLATFORM_ALIASES[key(platformText)];
    if (!platform) {
      throw fail(
        `不认识的平台“${platformText}”（可用：${Object.values(PLATFORM_NAMES).join('、')}）`,
        `unknown platform “${platformText}” (known: ${Object.values(PLATFORM_NAMES).join(', ')})`,
        n,
      );
    }
    const unit = value('unit');
    if (!unit) throw fail(`“${name}”的主办单位不能为空`, `the unit of “${name}” is empty`, n);
    const url = value('url');
    const accountId = value('accountId');
    if (url && (!/^https?:\/\/[^/\s]+/i.test(url) || !isUrl(url) || url.length > 2048)) {
      throw fail(`“${name}”的链接应为 http:// 或 https:// 开头的网址，收到“${url.slice(0, 100)}”`, `the link of “${name}” must be an http(s) address`, n);
    }
    if (!url && !accountId) throw fail(`“${name}”既没有链接也没有账号ID，无法找到该账号`, `“${name}” has neither a link nor an account id`, n);
    // The same account twice would be checked twice and counted twice in the pass rate.
    const ids = [`name:${platform}:${key(name)}`, ...(url ? [`url:${normalLink(url)}`] : []), ...(accountId ? [`id:${platform}:${key(accountId)}`] : [])];
    for (const id of ids) {
      const first = seen.get(id);
      if (first !== undefined) {
        throw fail(`与第 ${first} 行重复（同一${id.startsWith('url') ? '链接' : id.startsWith('id') ? '账号ID' : '平台上的同名账号'}），请删去重复的一行`, `duplicates row ${first}; remove one of them`, n);
      }
    }
    for (const id of ids) seen.set(id, n);
    out.push({ name, platform, unit, ...(accountId ? { accountId } : {}), ...(url ? { url } : {}) });
  }
  if (out.length === 0) throw fail('账号表中没有账号（只有表头）', 'the list has a header but no accounts', 0);
  return out;
}

/** A link as matching compares it: no scheme, no www/m., no trailing slash, no query tracking, no fragment. */
export function normalLink(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname.toLowerCase().replace(/^(?:www|m)\./, '');
    const path = u.pathname.replace(/\/+$/, '');
    // WeChat article and profile addresses carry their identity in the query (__biz, mid); others do not.
    const query = host === 'mp.weixin.qq.com' ? u.search : '';
    return `${host}${path}${query}`;
  } catch {
    return url.trim().toLowerCase();
  }
}

// URL.canParse is Chromium 120+; the floor is 88.
function isUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}
