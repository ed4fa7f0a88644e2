import type { Context, Hono } from 'hono';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readCrx } from '../lib/distribution/crx';
import { updatesXml } from '../lib/distribution/updates';
import type { ServerConfig } from './config';
import { ApiError } from './errors';

/**
 * The extension's packages for policy install: IT points ExtensionInstallForcelist at
 * `<server>/extension/updates.xml`. The folder (GSI_EXTENSION_DIR, default dist/) is read at every request, so
 * a newer .crx copied there is offered at each browser's next update check, with no restart.
 */

interface Package {
  file: string;
  id: string;
  version: string;
  minimumChrome: string | undefined;
  bytes: number;
}

const FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(crx|zip|xml)$/;
const TYPES: Record<string, string> = {
  crx: 'application/x-chrome-extension',
  zip: 'application/zip',
  xml: 'application/xml; charset=utf-8',
};

/** Chrome's version order: dot-separated integers compared one by one. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

// A .crx is read once per (name, size, mtime): an update check every few hours from every browser of a unit
// should not re-read megabytes each time.
const cache = new Map<string, { stamp: string; pkg: Package | null }>();

async function packagesIn(dir: string): Promise<Package[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new ApiError(404, 'no-extension-packages', `服务器没有扩展安装包目录 ${dir}，请先 npm run package 或设置 GSI_EXTENSION_DIR (no extension package folder)`);
  }
  const out: Package[] = [];
  for (const file of names.filter((n) => n.endsWith('.crx') && FILE.test(n))) {
    const path = join(dir, file);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) continue;
    const stamp = `${info.size}:${info.mtimeMs}`;
    let hit = cache.get(path);
    if (hit?.stamp !== stamp) {
      let pkg: Package | null = null;
      try {
        const crx = readCrx(await readFile(path));
        const version = crx.manifest.version;
        if (typeof version === 'string') {
          const min = crx.manifest.minimum_chrome_version;
          pkg = { file, id: crx.id, version, minimumChrome: typeof min === 'string' ? min : undefined, bytes: info.size };
        }
      } catch (e) {
        // A broken or half-copied file is skipped (and said so), never offered to the browsers.
        console.error(`跳过无法读取的安装包 (skipping unreadable package) ${path}: ${(e as Error).message}`);
      }
      hit = { stamp, pkg };
      cache.set(path, hit);
    }
    if (hit.pkg) out.push(hit.pkg);
  }
  return out;
}

/** The highest version of each extension id in the folder. */
function newest(packages: Package[]): Package[] {
  const best = new Map<string, Package>();
  for (const p of packages) {
    const prev = best.get(p.id);
    if (!prev || compareVersions(p.version, prev.version) > 0) best.set(p.id, p);
  }
  return [...best.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Adds the /extension/ routes to the server's app (their errors go through its error handler). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function mountExtension(app: Hono<any>, config: ServerConfig): void {
  const dir = config.extensionDir;
  const base = (url: string) => (config.publicUrl ?? new URL(url).origin).replace(/\/+$/, '');

  app.get('/extension/updates.xml', async (c) => {
    const apps = newest(await packagesIn(dir)).map((p) => ({
      id: p.id,
      version: p.version,
      codebase: `${base(c.req.url)}/extension/${encodeURIComponent(p.file)}`,
      prodversionmin: p.minimumChrome,
    }));
    return c.body(updatesXml(apps), 200, { 'Content-Type': TYPES.xml });
  });

  const index = async (c: Context) => {
    const packages = newest(await packagesIn(dir));
    const files = (await readdir(dir)).filter((n) => FILE.test(n)).sort();
    return c.json({
      updateUrl: `${base(c.req.url)}/extension/updates.xml`,
      extensions: packages.map((p) => ({ id: p.id, version: p.version, crx: p.file, minimumChromeVersion: p.minimumChrome ?? null })),
      files,
    });
  };
  app.get('/extension', index);
  app.get('/extension/', index);

  app.get('/extension/:file', async (c) => {
    const file = c.req.param('file');
    if (!FILE.test(file)) throw new ApiError(404, 'not-found', `没有这个安装包文件 (no such package file): ${file}`);
    const path = join(dir, file);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw new ApiError(404, 'not-found', `没有这个安装包文件 (no such package file): ${file}`);
    const ext = file.slice(file.lastIndexOf('.') + 1);
    const data = await readFile(path);
    return c.body(new Uint8Array(data), 200, {
      'Content-Type': TYPES[ext],
      'Content-Length': String(data.length),
      ...(ext === 'zip' ? { 'Content-Disposition': `attachment; filename="${file}"` } : {}),
    });
  });
}
