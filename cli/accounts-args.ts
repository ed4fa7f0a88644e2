import { resolve } from 'node:path';

/** `--accounts`: check a new-media account list instead of pages or sites. */
export interface AccountsArgs {
  /** The account list (CSV or XLSX: 账号名称, 平台, 主办单位, 账号ID/微信号, 链接). */
  list: string;
  /** 报告.json / .xlsx / .html, or null: the JSON on stdout. */
  out: string | null;
}

export const ACCOUNTS_USAGE = `
政务新媒体检查 (new-media accounts): npm run audit -- --accounts <账号表.csv|.xlsx> [--now 日期] [--out 报告.json|.xlsx|.html]
      --accounts <文件> 账号表（表头：账号名称、平台/类型、主办单位、账号ID/微信号、链接/主页地址）
                        逐个打开账号链接读取最新发布日期，判定 合格 / 不合格 / 需人工检查
                        opens each account's link with the extension and judges it; login walls, the WeChat
                        client and apps are 需人工检查 (manual check), never guessed
      --out <文件>      同上：按扩展名输出 JSON、Excel 或 HTML；中断后用同一 --out 重新运行会接着检查
`;

export class AccountsUsageError extends Error {}

/** The accounts part of the command line, or null when `--accounts` is absent. */
export function parseAccountsArgs(values: { accounts?: string; sites?: string; out?: string; depth?: string; 'max-pages'?: string }, positionals: readonly string[], cwd: string): AccountsArgs | null {
  if (values.accounts === undefined) return null;
  if (values.sites !== undefined) throw new AccountsUsageError('--accounts 与 --sites 不能同时使用 (--accounts and --sites cannot be combined)');
  const stray = (['depth', 'max-pages'] as const).find((k) => values[k] !== undefined);
  if (stray) throw new AccountsUsageError(`--${stray} 只能与 --sites 一起使用 (--${stray} needs --sites)`);
  if (positionals.length) throw new AccountsUsageError(`使用 --accounts 时不再接受网址或文件参数，收到 “${positionals[0]}” (--accounts takes no page arguments)`);
  const out = values.out === undefined ? null : resolve(cwd, values.out);
  if (out && !/\.(json|xlsx|html?)$/i.test(out)) throw new AccountsUsageError(`--out 的扩展名应为 .json、.xlsx 或 .html，收到 “${values.out}” (--out must end in .json, .xlsx or .html)`);
  return { list: resolve(cwd, values.accounts), out };
}
