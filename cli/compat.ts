import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { checkManifest, checkScript, type Browser, type CompatIssue } from './compat/check';
import { CHROMIUM_FLOOR, FIREFOX_FLOOR } from './compat/floor';

/**
 * `npm run compat [-- [--browser chrome|firefox] [--floor N] [PATH…]]`: checks the built extension (default
 * .output/chrome-mv3 and .output/firefox-mv2, whichever exist) or the given folders/files against the floor
 * in cli/compat/floor.ts. Exit 1 when something above the floor is used without a feature test, 2 on bad
 * arguments. CI runs it after `npm run build`.
 */

const ROOT = resolve(import.meta.dirname, '..');

export interface CompatReport {
  browser: Browser;
  floor: number;
  files: number;
  issues: CompatIssue[];
}

async function jsFiles(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  return (await readdir(path, { recursive: true })).filter((f) => /\.(m?js)$/.test(f)).map((f) => join(path, f)).sort();
}

/** One build folder (or one file): its scripts, and its manifest when there is one. */
export async function checkPath(path: string, browser: Browser, floor: number): Promise<CompatReport> {
  const issues: CompatIssue[] = [];
  const files = await jsFiles(path);
  for (const file of files) issues.push(...checkScript(relative(ROOT, file), await readFile(file, 'utf8'), { browser, floor }));
  const manifestPath = join(path, 'manifest.json');
  if (existsSync(manifestPath)) issues.push(...checkManifest(relative(ROOT, manifestPath), JSON.parse(await readFile(manifestPath, 'utf8')), { browser, floor }));
  return { browser, floor, files: files.length, issues };
}

function browserOf(path: string): Browser {
  return /firefox/i.test(path) ? 'firefox' : 'chrome';
}

export function formatReport(path: string, r: CompatReport): string {
  const lines = [`${relative(ROOT, path) || path}: ${r.browser} ≥ ${r.floor}, ${r.files} 个脚本 (scripts)`];
  const byApi = new Map<string, CompatIssue[]>();
  for (const i of r.issues) (byApi.get(`${i.guarded ? 'ok' : 'BAD'} ${i.api}`) ?? byApi.set(`${i.guarded ? 'ok' : 'BAD'} ${i.api}`, []).get(`${i.guarded ? 'ok' : 'BAD'} ${i.api}`)!).push(i);
  for (const [, uses] of [...byApi].sort()) {
    const first = uses[0];
    const where = uses.slice(0, 3).map((u) => `${u.file}:${u.line}`).join(', ') + (uses.length > 3 ? ` …+${uses.length - 3}` : '');
    lines.push(
      first.guarded
        ? `  已检测 (feature-tested)  ${first.api} (${r.browser} ${first.since}) ×${uses.length}: ${where}`
        : `  未检测 (NOT GUARDED)     ${first.api} (${r.browser} ${first.since}, ${first.kind}) ×${uses.length}: ${where}`,
    );
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  let browser: Browser | null = null;
  let floor: number | null = null;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--browser') {
      const v = argv[++i];
      if (v !== 'chrome' && v !== 'firefox') return usage(`--browser 须为 chrome 或 firefox (got ${v})`);
      browser = v;
    } else if (a === '--floor') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) return usage(`--floor 须为正整数 (got ${argv[i]})`);
      floor = n;
    } else if (a.startsWith('--')) return usage(`未知选项 (unknown option) ${a}`);
    else paths.push(resolve(a));
  }
  if (paths.length === 0) {
    for (const d of ['chrome-mv3', 'firefox-mv2']) {
      const p = resolve(ROOT, process.env.GSI_OUT_DIR ?? '.output', d);
      if (existsSync(p)) paths.push(p);
    }
    if (paths.length === 0) return usage('没有构建产物，请先 npm run build (no build found: run npm run build first)');
  }
  let bad = 0;
  for (const p of paths) {
    if (!existsSync(p)) return usage(`找不到 (not found): ${p}`);
    const b = browser ?? browserOf(p);
    const report = await checkPath(p, b, floor ?? (b === 'chrome' ? CHROMIUM_FLOOR : FIREFOX_FLOOR));
    console.log(formatReport(p, report));
    bad += report.issues.filter((i) => !i.guarded).length;
  }
  if (bad > 0) {
    console.error(`兼容性检查未通过：${bad} 处使用了高于最低版本的接口而没有特性检测 (${bad} uses above the floor without a feature test)`);
    return 1;
  }
  console.log('兼容性检查通过 (compatibility check passed)');
  return 0;
}

function usage(message: string): number {
  console.error(`${message}\n用法 (usage): npm run compat -- [--browser chrome|firefox] [--floor N] [PATH…]`);
  return 2;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) process.exitCode = await main(process.argv.slice(2));
