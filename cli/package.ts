import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { extensionId, loadPrivateKey, publicKeyDer, writeCrx, writeZip, type ZipEntry } from '../lib/distribution/crx';
import { updatesXml } from '../lib/distribution/updates';

/**
 * `npm run package [-- --skip-build] [--version X.Y.Z] [--out DIR] [--base-url URL]`
 *
 * Builds the extension for Chromium and Firefox and writes to dist/:
 *   gov-site-inspector-<v>-chrome.zip   load unpacked (unzip first), Edge, the 360 extension centre
 *   gov-site-inspector-<v>.crx          signed CRX3 for policy install from the team server
 *   updates.xml                         update manifest pointing at the .crx under --base-url
 *
 * --base-url is where the team server (or any web server) serves the packages, e.g.
 * http://gsi.example.gov.cn:8787/extension: the packaged manifest's update_url is <base-url>/updates.xml, so
 * browsers keep checking there for updates (default GSI_UPDATE_BASE_URL, else http://127.0.0.1:8787/extension).
 *   gov-site-inspector-<v>-firefox.zip  the Firefox build (unsigned; Mozilla signs it)
 *
 * The signing key is the PEM file named by GSI_CRX_KEY (RSA, e.g. `openssl genrsa -out gsi.pem 2048`). The
 * packaged manifest's `key` is that key's public half, so the id of the zip loaded unpacked, of the .crx and
 * of updates.xml is the signing key's id. The version is package.json's unless --version is given (a test
 * or a re-issue of the same code under a higher number).
 */

const ROOT = resolve(import.meta.dirname, '..');
export const PACKAGE_NAME = 'gov-site-inspector';

export interface PackageOptions {
  /** PEM text of the RSA signing key. */
  keyPem: string | Buffer;
  version: string;
  chromeDir: string;
  firefoxDir: string | null;
  outDir: string;
  /** Where the packages will be served from: `<baseUrl>/<file>.crx` goes into updates.xml, `<baseUrl>/updates.xml` into the manifest. */
  baseUrl: string;
}

export interface PackageResult {
  id: string;
  version: string;
  files: { name: string; bytes: number }[];
}

/** Chrome's version rule: one to four dot-separated integers 0–65535, not all zero. */
export function validVersion(v: string): boolean {
  const parts = v.split('.');
  return parts.length >= 1 && parts.length <= 4 && parts.every((p) => /^(0|[1-9]\d{0,4})$/.test(p) && Number(p) <= 65535) && parts.some((p) => p !== '0');
}

async function folderEntries(dir: string): Promise<ZipEntry[]> {
  const names = (await readdir(dir, { recursive: true })).map((n) => n.split('\\').join('/')).sort();
  const entries: ZipEntry[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if ((await stat(path)).isDirectory()) continue;
    entries.push({ name, data: await readFile(path) });
  }
  return entries;
}

function withManifest(entries: ZipEntry[], edit: (m: Record<string, unknown>) => void): ZipEntry[] {
  const manifest = entries.find((e) => e.name === 'manifest.json');
  if (!manifest) throw new Error('构建目录中没有 manifest.json (no manifest.json in the build folder)');
  const m = JSON.parse(Buffer.from(manifest.data).toString('utf8')) as Record<string, unknown>;
  edit(m);
  // manifest.json first: tools that peek at a package read it without scanning the archive.
  return [{ name: 'manifest.json', data: Buffer.from(JSON.stringify(m, null, 2)) }, ...entries.filter((e) => e !== manifest)];
}


export async function writePackages(o: PackageOptions): Promise<PackageResult> {
  if (!validVersion(o.version)) throw new Error(`版本号无效：${o.version}（须为 1–4 段 0–65535 的整数，如 1.2.3）(invalid version)`);
  const key = loadPrivateKey(o.keyPem);
  const publicDer = publicKeyDer(key);
  const id = extensionId(publicDer);
  const base = o.baseUrl.replace(/\/+$/, '');
  const chrome = withManifest(await folderEntries(o.chromeDir), (m) => {
    m.version = o.version;
    m.key = publicDer.toString('base64');
    // After the first install Chromium checks the manifest's update_url, not the policy's: without it a
    // self-hosted extension would be looked up in the Chrome Web Store and never updated.
    m.update_url = `${base}/updates.xml`;
  });
  await mkdir(o.outDir, { recursive: true });
  const files: PackageResult['files'] = [];
  const put = async (name: string, data: Buffer | string) => {
    await writeFile(join(o.outDir, name), data);
    files.push({ name, bytes: Buffer.byteLength(data) });
  };
  const zip = writeZip(chrome);
  const crxName = `${PACKAGE_NAME}-${o.version}.crx`;
  await put(`${PACKAGE_NAME}-${o.version}-chrome.zip`, zip);
  await put(crxName, writeCrx(zip, key));
  const minimum = (JSON.parse(chrome[0].data.toString()) as { minimum_chrome_version?: string }).minimum_chrome_version;
  await put('updates.xml', updatesXml([{ id, version: o.version, codebase: `${base}/${crxName}`, prodversionmin: minimum }]));
  if (o.firefoxDir) {
    const firefox = withManifest(await folderEntries(o.firefoxDir), (m) => {
      m.version = o.version;
    });
    await put(`${PACKAGE_NAME}-${o.version}-firefox.zip`, writeZip(firefox));
  }
  return { id, version: o.version, files };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr], env });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${cmd} ${args.join(' ')} 失败，退出码 ${code} (failed)`))));
  });
}

function usage(message: string): number {
  console.error(`${message}\n用法 (usage): GSI_CRX_KEY=签名私钥.pem npm run package -- [--skip-build] [--version X.Y.Z] [--out DIR] [--base-url URL]`);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  let skipBuild = false;
  let version: string | null = null;
  let outDir = resolve(ROOT, 'dist');
  let baseUrl = process.env.GSI_UPDATE_BASE_URL || '';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} 需要一个值 (needs a value)`);
      return v;
    };
    try {
      if (a === '--skip-build') skipBuild = true;
      else if (a === '--version') version = value();
      else if (a === '--out') outDir = resolve(value());
      else if (a === '--base-url') baseUrl = value();
      else return usage(`未知参数 (unknown argument): ${a}`);
    } catch (e) {
      return usage((e as Error).message);
    }
  }
  if (!baseUrl) {
    baseUrl = 'http://127.0.0.1:8787/extension';
    console.error(`未指定 --base-url，更新地址为 ${baseUrl}，只适用于本机 (no --base-url: updates are looked for on this machine only)`);
  }
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) return usage(`--base-url 须为 http(s) 地址 (must be an http(s) URL), got ${baseUrl}`);
  const keyPath = process.env.GSI_CRX_KEY;
  if (!keyPath) return usage('请用环境变量 GSI_CRX_KEY 指定签名私钥文件，可用 openssl genrsa -out gsi.pem 2048 生成；请妥善保管，勿提交到仓库 (set GSI_CRX_KEY to the PEM signing key)');
  let keyPem: Buffer;
  try {
    keyPem = await readFile(keyPath);
    loadPrivateKey(keyPem);
  } catch (e) {
    return usage(`无法读取签名私钥 ${keyPath} (cannot read the signing key): ${(e as Error).message}`);
  }
  version ??= (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  if (!validVersion(version)) return usage(`版本号无效 (invalid version): ${version}`);

  const buildDir = resolve(ROOT, process.env.GSI_OUT_DIR ?? '.output');
  if (!skipBuild) {
    await run('npx', ['wxt', 'build'], process.env);
    await run('npx', ['wxt', 'build', '-b', 'firefox'], process.env);
  }
  const chromeDir = join(buildDir, 'chrome-mv3');
  const firefoxDir = join(buildDir, 'firefox-mv2');
  if (!existsSync(join(chromeDir, 'manifest.json'))) return usage(`没有 Chromium 构建 (no build in ${chromeDir}): 去掉 --skip-build 或先 npm run build`);
  const hasFirefox = existsSync(join(firefoxDir, 'manifest.json'));
  if (!hasFirefox) console.error(`没有 Firefox 构建，跳过 Firefox 包 (no Firefox build in ${firefoxDir}; run npm run build:firefox)`);

  // Packages of an earlier version stay: the server offers the highest, and IT may want to roll back.
  await rm(join(outDir, 'updates.xml'), { force: true });
  const result = await writePackages({ keyPem, version, chromeDir, firefoxDir: hasFirefox ? firefoxDir : null, outDir, baseUrl });
  console.log(`扩展 ID (extension id): ${result.id}   版本 (version): ${result.version}`);
  for (const f of result.files) console.log(`  ${join(outDir, f.name)}  ${(f.bytes / 1024).toFixed(1)} KiB`);
  console.log(`同步服务须允许此 ID (the sync server must allow this id): GSI_CORS_ORIGINS=chrome-extension://${result.id}`);
  console.log(`策略 (policy) ExtensionInstallForcelist: ${result.id};${baseUrl.replace(/\/+$/, '')}/updates.xml`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(`打包失败 (packaging failed): ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    },
  );
}
