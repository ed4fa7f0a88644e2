import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM, EXTENSION_DIR, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';
import { createDatabase, startServer, type ServerProcess, type TestDatabase } from '../server/harness';

/**
 * The extension installed the way a unit's IT department installs it: `npm run package` signs the build,
 * `npm run server` hosts it, and Chromium is told by a managed policy file to force-install it from the
 * server's updates.xml. Then a higher version goes into the server's folder and Chromium updates to it.
 *
 * The update check is triggered with chrome.runtime.requestUpdateCheck() from the extension's service worker
 * (what Chromium's own timer, every few hours, or the "更新" button on chrome://extensions does), and the
 * downloaded update applied with runtime.reload() instead of waiting for the worker's idle stop.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const POLICY_DIR = '/etc/chromium/policies/managed';
// Unique per run: another run's policy file (or an administrator's) is never touched.
const POLICY_FILE = join(POLICY_DIR, `gsi-e2e-${process.pid}-${randomBytes(4).toString('hex')}.json`);
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const NEXT = `${VERSION}.1`;

const tmp = mkdtempSync(join(tmpdir(), 'gsi-policy-'));
const served = join(tmp, 'extension');
const keyFile = join(tmp, 'throwaway.pem');
let createdPolicyDir = false;
let db: TestDatabase;
let server: ServerProcess;
let pages: StaticServer;
let context: BrowserContext;
let id: string;

/** `npm run package` itself (its CLI, not a function of it), on the build the e2e tests use. */
function runPackage(version: string): Promise<string> {
  return new Promise((done, fail) => {
    const args = ['--skip-build', '--version', version, '--out', served, '--base-url', `${server.url}/extension`];
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/package.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, GSI_CRX_KEY: keyFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done(out) : fail(new Error(`npm run package exited ${code}:\n${out}`))));
  });
}

async function extensionWorker(version: string, timeoutMs = 120_000): Promise<Worker> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const w of context.serviceWorkers()) {
      if (!w.url().startsWith(`chrome-extension://${id}/`)) continue;
      const v = await w.evaluate(() => chrome.runtime.getManifest().version).catch(() => null);
      if (v === version) return w;
    }
    await context.waitForEvent('serviceworker', { timeout: Math.max(1, Math.min(2_000, deadline - Date.now())) }).catch(() => undefined);
  }
  throw new Error(`扩展 ${id} ${version} 没有在 ${timeoutMs / 1000} 秒内出现 (the extension did not appear)`);
}

beforeAll(async () => {
  expect(existsSync(join(EXTENSION_DIR, 'manifest.json')), 'run npm run build first').toBe(true);
  // A throwaway signing key, deleted with the folder: the repository never holds one.
  writeFileSync(keyFile, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  mkdirSync(served);
  db = await createDatabase('sqlite');
  server = await startServer(db.url, { GSI_EXTENSION_DIR: served });
  const out = await runPackage(VERSION);
  id = /扩展 ID \(extension id\): ([a-p]{32})/.exec(out)![1];
  const site = join(tmp, 'site');
  mkdirSync(site);
  writeFileSync(join(site, 'index.html'), '<!doctype html><meta charset="utf-8"><title>测试单位</title><h1>测试单位</h1><p><a href="missing.html">通知公告</a></p>');
  pages = await serveFolders({ site });

  if (!existsSync(POLICY_DIR)) {
    mkdirSync(POLICY_DIR, { recursive: true });
    createdPolicyDir = true;
  }
  writeFileSync(
    POLICY_FILE,
    JSON.stringify({
      ExtensionInstallForcelist: [`${id};${server.url}/extension/updates.xml`],
      // Chromium keeps DevTools (and so Playwright) out of policy-installed extensions by default; a unit's
      // IT leaves that default, the test needs the extension's service worker to look inside.
      DeveloperToolsAvailability: 1,
    }),
  );
  context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: false,
    // The extension updater is background networking, and a policy-installed extension is still an extension.
    ignoreDefaultArgs: ['--disable-extensions', '--disable-background-networking', '--disable-component-extensions-with-background-pages', '--disable-popup-blocking'],
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  // The policy applies to every Chromium on this machine: it goes first, whatever else failed.
  rmSync(POLICY_FILE, { force: true });
  if (createdPolicyDir) rmdirSync(POLICY_DIR);
  await pages?.close();
  await server?.stop();
  await db?.drop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('policy install from the team server', () => {
  let worker: Worker;

  test('npm run package signed the build; Chromium force-installs it from <server>/extension/updates.xml', async () => {
    worker = await extensionWorker(VERSION);
    const info = await worker.evaluate(async () => {
      const self = await chrome.management.getSelf();
      return { installType: self.installType, version: self.version, minimum: chrome.runtime.getManifest().minimum_chrome_version };
    });
    // "admin": installed by policy, which the inspector cannot remove or turn off.
    expect(info).toEqual({ installType: 'admin', version: VERSION, minimum: '88' });
  });

  test('the installed extension scans a page and records a finding', async () => {
    const inspector: InspectorBrowser = { context, worker, userDataDir: join(tmp, 'profile'), close: async () => undefined };
    const page = await context.newPage();
    await page.goto(pages.url('site', 'index.html'));
    const state = await waitForScan(inspector, page);
    expect(state.findings.filter((f) => f.rule === 'link-dead')).toHaveLength(1);
    await page.close();
  });

  test('a higher version in the server folder is offered at the next update check and Chromium moves to it', async () => {
    await runPackage(NEXT);
    const xml = await (await fetch(`${server.url}/extension/updates.xml`)).text();
    expect(xml).toContain(`version='${NEXT}'`);
    // From an extension page, which lives as long as the test wants (the service worker stops when idle).
    const ext = await context.newPage();
    await ext.goto(`chrome-extension://${id}/options.html`);
    // onUpdateAvailable fires once Chromium has downloaded and verified the new .crx and holds it for the
    // extension's next restart; requestUpdateCheck alone answers as soon as the update manifest is read.
    const pending = await ext.evaluate(
      () =>
        new Promise<{ status: string; version?: string }>((resolve) => {
          chrome.runtime.onUpdateAvailable.addListener((details) => resolve({ status: 'downloaded', version: details.version }));
          void chrome.runtime.requestUpdateCheck().then((r) => {
            if (r.status !== 'update_available') resolve(r);
          });
        }),
    // Chromium may also apply it at once, reloading the extension and so closing this page.
    ).catch(() => ({ status: 'applied', version: NEXT }));
    expect(['downloaded', 'applied']).toContain(pending.status);
    expect(pending.version).toBe(NEXT);
    // Chromium applies a held update when the extension restarts: in the field at the service worker's next
    // idle stop (or browser restart); here at once with runtime.reload(), what an extension's own
    // onUpdateAvailable handler would call.
    if (pending.status === 'downloaded') await ext.evaluate(() => chrome.runtime.reload()).catch(() => undefined);
    const updated = await extensionWorker(NEXT);
    expect(await updated.evaluate(() => chrome.runtime.getManifest().version)).toBe(NEXT);

    const inspector: InspectorBrowser = { context, worker: updated, userDataDir: join(tmp, 'profile'), close: async () => undefined };
    const page = await context.newPage();
    await page.goto(pages.url('site', 'index.html'));
    const state = await waitForScan(inspector, page);
    expect(state.findings.filter((f) => f.rule === 'link-dead')).toHaveLength(1);
    await page.close();
  });
});
