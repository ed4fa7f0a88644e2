import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { SWEEP_USAGE, SweepUsageError, parseSweepArgs, type SweepArgs } from './sweep-args';
import { ACCOUNTS_USAGE, AccountsUsageError, parseAccountsArgs, type AccountsArgs } from './accounts-args';

export const USAGE = `用法 (usage): npm run audit -- [选项] <网址或文件>...

  <网址或文件>          http(s) 网址，或本地 HTML 文件（其所在文件夹在 127.0.0.1 上提供，相对路径的资源可以加载）
                        an http(s) URL, or a local HTML file (its folder is served on 127.0.0.1)
  -f, --format <格式>   json 或 table（默认 table）；json 时标准输出只有 JSON
                        json or table (default table); with json, stdout carries nothing but the JSON
      --now <日期>      检查日期 YYYY-MM-DD，供按日期判断的规则使用（默认今天）
                        the check date used by date-based rules (default: today)
      --rule-pack <文件>  使用该规则包 JSON（先校验，出错时指出位置）
                        use this rule pack JSON (validated first; errors say where)
      --emblem current=<图片> | outdated=<图片>
                        把图片作为现行或旧版国徽参考图加入规则包（可重复）
                        add an image as a current or outdated emblem reference (repeatable)
      --timeout <秒>    每个页面等待检查完成的上限（默认 120 秒）
                        how long to wait for each page's scan and link probing to settle (default 120)
  -h, --help            显示本帮助 (show this help)

${SWEEP_USAGE.trimEnd()}
${ACCOUNTS_USAGE.trimEnd()}

退出码 (exit codes): 0 完成（发现问题不算失败） · 1 运行失败或有页面无法检查 · 2 用法错误
`;

/** A bad command line: the CLI prints the reason and the usage on stderr and exits 2. */
export class UsageError extends Error {}

export type Target = { kind: 'url'; url: string; arg: string } | { kind: 'file'; path: string; arg: string };

export interface AuditArgs {
  format: 'json' | 'table';
  /** ISO date (YYYY-MM-DD), or null for today. */
  now: string | null;
  timeoutMs: number;
  /** Path of a rule pack JSON, or null for the shipped default. */
  rulePack: string | null;
  /** `current=<file>` / `outdated=<file>` emblem references to add. */
  emblems: string[];
  targets: Target[];
  help: boolean;
  /** `--sites …`: a whole-site sweep (cli/sweep.ts); null for the page audit. */
  sweep?: SweepArgs | null;
  /** `--accounts …`: a new-media account list (cli/accounts.ts); null otherwise. */
  accounts?: AccountsArgs | null;
}

/** Parses `npm run audit` arguments; throws UsageError on anything it cannot take at face value. */
export function parseAuditArgs(argv: readonly string[], cwd = process.cwd()): AuditArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        now: { type: 'string' },
        timeout: { type: 'string' },
        'rule-pack': { type: 'string' },
        emblem: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
        sites: { type: 'string' },
        depth: { type: 'string' },
        'max-pages': { type: 'string' },
        out: { type: 'string' },
        accounts: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(translateParseError(error));
  }
  const { values, positionals } = parsed;
  const help = values.help ?? false;
  const format = values.format ?? 'table';
  if (format !== 'json' && format !== 'table') throw new UsageError(`--format 只能是 json 或 table，收到 “${format}” (--format must be json or table)`);
  const now = values.now === undefined ? null : checkDate(values.now);
  const timeoutMs = values.timeout === undefined ? 120_000 : timeoutSeconds(values.timeout) * 1000;
  const emblems = values.emblem ?? [];
  for (const spec of emblems) {
    if (!/^(current|outdated)=.+/.test(spec)) throw new UsageError(`--emblem 的格式应为 current=<图片文件> 或 outdated=<图片文件>，收到 “${spec}” (expected current=<file> or outdated=<file>)`);
  }
  const rulePack = values['rule-pack'] === undefined ? null : resolve(cwd, values['rule-pack']);
  let sweep: SweepArgs | null;
  let accounts: AccountsArgs | null;
  try {
    accounts = parseAccountsArgs(values, positionals, cwd);
    sweep = accounts ? null : parseSweepArgs(values, positionals, cwd);
  } catch (error) {
    throw error instanceof SweepUsageError || error instanceof AccountsUsageError ? new UsageError(error.message) : error;
  }
  if (!help && !sweep && !accounts && positionals.length === 0) throw new UsageError('请给出至少一个网址或文件 (give at least one URL or file)');
  return { sweep, accounts, format, now, timeoutMs, rulePack, emblems: emblems.map((e) => e.replace(/=(.+)$/, (_, f: string) => `=${resolve(cwd, f)}`)), targets: positionals.map((arg) => toTarget(arg, cwd)), help };
}

function translateParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `不认识的选项 (unknown option): ${text}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `选项取值不正确 (invalid option value): ${text}`;
  return text;
}

function checkDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : null;
  // Date.UTC rolls 2025-02-30 over to March; a date that does not round-trip does not exist.
  if (!date || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--now 应为存在的日期 YYYY-MM-DD，收到 “${value}” (--now must be a real date YYYY-MM-DD)`);
  }
  return value;
}

function timeoutSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(seconds >= 1 && seconds <= 3600)) {
    throw new UsageError(`--timeout 应为 1 到 3600 之间的秒数，收到 “${value}” (--timeout must be 1–3600 seconds)`);
  }
  return seconds;
}

function toTarget(arg: string, cwd: string): Target {
  if (/^https?:\/\//i.test(arg)) {
    try {
      return { kind: 'url', url: new URL(arg).href, arg };
    } catch {
      throw new UsageError(`网址格式不正确 (malformed URL): ${arg}`);
    }
  }
  if (/^file:/i.test(arg)) {
    try {
      return { kind: 'file', path: fileURLToPath(arg), arg };
    } catch {
      throw new UsageError(`文件网址格式不正确 (malformed file URL): ${arg}`);
    }
  }
  if (/^[a-z][a-z0-9+.-]+:/i.test(arg)) throw new UsageError(`只支持 http(s) 网址和本地文件 (only http(s) URLs and local files): ${arg}`);
  return { kind: 'file', path: resolve(cwd, arg), arg };
}
