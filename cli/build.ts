import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EXTENSION_DIR } from './browser';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..');

/** What the Chrome build is made from: a change to any of these makes the build stale. */
const SOURCES = ['entrypoints', 'lib', 'components', 'public', 'wxt.config.ts'];

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const rel of await readdir(path, { recursive: true })) {
    const child = await stat(join(path, rel)).catch(() => null);
    if (child && child.mtimeMs > newest) newest = child.mtimeMs;
  }
  return newest;
}

/** Why the build must be (re)made, or null when it is current. */
export async function buildStaleness(root = PROJECT_ROOT, extensionDir = EXTENSION_DIR): Promise<string | null> {
  const manifest = await stat(join(extensionDir, 'manifest.json')).catch(() => null);
  if (!manifest) return `扩展尚未构建 (no build in ${extensionDir})`;
  for (const source of SOURCES) {
    if ((await newestMtime(join(root, source))) > manifest.mtimeMs) return `源代码有改动：${source} (sources changed since the last build)`;
  }
  return null;
}

/**
 * Builds the Chrome extension when the build is missing or stale. The build's own output goes to stderr so
 * that `--format json` keeps stdout for the JSON alone. `outDir` (default: GSI_OUT_DIR, read by
 * wxt.config.ts) is the build folder relative to the project.
 */
export async function ensureBuilt(log: (line: string) => void, outDir = process.env.GSI_OUT_DIR ?? '.output'): Promise<void> {
  const why = await buildStaleness(PROJECT_ROOT, resolve(PROJECT_ROOT, outDir, 'chrome-mv3'));
  if (!why) return;
  log(`正在构建扩展：${why} (building the extension)`);
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn('npx', ['wxt', 'build'], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', process.stderr, process.stderr],
      env: { ...process.env, GSI_OUT_DIR: outDir },
    });
    child.on('error', fail);
    child.on('exit', done);
  });
  if (code !== 0) throw new Error(`扩展构建失败（wxt build 退出码 ${code}），请查看上面的输出 (extension build failed)`);
}
