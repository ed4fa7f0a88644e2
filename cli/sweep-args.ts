import { resolve } from 'node:path';
import type { CrawlLimits } from '../lib/sweep/crawl';
import { DEFAULT_LIMITS } from '../lib/sweep/crawl';

/** `--sites` and its companions: a whole-site sweep instead of a list of pages. */
export interface SweepArgs {
  /** The sites file (CSV or XLSX, header row with at least name,url). */
  sites: string;
  limits: CrawlLimits;
  /** report.json / report.xlsx / report.html, or null: the JSON report on stdout. */
  out: string | null;
}

export const SWEEP_USAGE = `
全站检查 (whole-site sweep): npm run audit -- --sites <站点表.csv|.xlsx> [--depth N] [--max-pages N] [--now 日期] [--out 报告.json|.xlsx|.html]
      --sites <文件>    站点表（CSV 或 Excel，表头至少有 name,url 或 网站名称,网址；可带 网站标识码/ICP备案号/公安备案号 列）
                        从每个站点的首页沿本站栏目和导航链接检查全站 (sweep each site from its home page)
      --depth <N>       链接深度上限（默认 ${DEFAULT_LIMITS.depth}，0 只查首页）  link depth limit
      --max-pages <N>   每个站点最多打开的页面数（默认 ${DEFAULT_LIMITS.maxPages}）  pages per site
      --out <文件>      报告文件，按扩展名输出 JSON、Excel 或 HTML；中断后用同一 --out 重新运行会接着检查
                        report file by extension; re-running with the same --out resumes an interrupted sweep
`;

export class SweepUsageError extends Error {}

function positiveInt(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new SweepUsageError(`${name} 应为 ${min} 到 ${max} 之间的整数，收到 “${value}” (${name} must be an integer ${min}–${max})`);
  return n;
}

/** The sweep part of the command line, or null when `--sites` is absent (then the sweep options are refused). */
export function parseSweepArgs(values: { sites?: string; depth?: string; 'max-pages'?: string; out?: string }, positionals: readonly string[], cwd: string): SweepArgs | null {
  if (values.sites === undefined) {
    const stray = (['depth', 'max-pages', 'out'] as const).find((k) => values[k] !== undefined);
    if (stray) throw new SweepUsageError(`--${stray} 只能与 --sites 一起使用 (--${stray} needs --sites)`);
    return null;
  }
  if (positionals.length) throw new SweepUsageError(`使用 --sites 时不再接受网址或文件参数，收到 “${positionals[0]}” (--sites takes no page arguments)`);
  const out = values.out === undefined ? null : resolve(cwd, values.out);
  if (out && !/\.(json|xlsx|html?)$/i.test(out)) throw new SweepUsageError(`--out 的扩展名应为 .json、.xlsx 或 .html，收到 “${values.out}” (--out must end in .json, .xlsx or .html)`);
  return {
    sites: resolve(cwd, values.sites),
    limits: {
      depth: values.depth === undefined ? DEFAULT_LIMITS.depth : positiveInt('--depth', values.depth, 0, 20),
      maxPages: values['max-pages'] === undefined ? DEFAULT_LIMITS.maxPages : positiveInt('--max-pages', values['max-pages'], 1, 100_000),
    },
    out,
  };
}
