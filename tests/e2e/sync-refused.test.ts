import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EXTENSION_ID, launchInspector, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';
import type { Finding } from '../../lib/findings';
import { makeFinding } from '../factories';
import { addUser, client, createDatabase, startServer, type ServerProcess, type TestDatabase } from '../server/harness';
import { connect, pullAll } from './sync-harness';

/**
 * Issue 13: one finding the server refuses (a colleague's, imported and edited here) must not hold back the
 * rest. Real server process, real extension in Chromium.
 */

let db: TestDatabase;
let server: ServerProcess;
let pages: StaticServer;
let pageDir: string;
let b: InspectorBrowser;
const tokens: Record<string, string> = {};

type Op = { op: 'ready' } | { op: 'findings' } | { op: 'outbox' } | { op: 'seed'; session: unknown; findings: unknown[]; entries: unknown[] };

/** The extension's IndexedDB from its service worker (no eval there: one function, named operations). */
async function idb<T>(op: Op): Promise<T> {
  return b.worker.evaluate(async (o: Op) => {
    const db: IDBDatabase = await new Promise((ok, fail) => {
      const r = indexedDB.open('gov-site-inspector');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const req = <R,>(r: IDBRequest<R>) => new Promise<R>((ok, fail) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => fail(r.error))));
    try {
      switch (o.op) {
        case 'ready':
          return db.objectStoreNames.contains('sessions');
        case 'findings':
          return await req(db.transaction('findings').objectStore('findings').getAll());
        case 'outbox':
          return await req(db.transaction('outbox').objectStore('outbox').getAll());
        case 'seed': {
          const tx = db.transaction(['sessions', 'meta', 'findings', 'outbox'], 'readwrite');
          tx.objectStore('sessions').put(o.session);
          tx.objectStore('meta').put((o.session as { id: string }).id, 'activeSessionId');
          for (const f of o.findings) tx.objectStore('findings').put(f);
          for (const e of o.entries) tx.objectStore('outbox').put(e);
          await new Promise((ok, fail) => ((tx.oncomplete = ok), (tx.onerror = () => fail(tx.error))));
          return true;
        }
      }
    } finally {
      db.close();
    }
  }, op) as Promise<T>;
}

async function syncNow(): Promise<{ pending: number; lastError?: string }> {
  const page = b.context.pages().find((p) => p.url().startsWith(`chrome-extension://${EXTENSION_ID}/`)) ?? (await b.context.newPage());
  if (!page.url().startsWith('chrome-extension://')) await page.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
  return page.evaluate(() => chrome.runtime.sendMessage({ type: 'sync-now' }));
}

const zhangOnServer = () => pullAll(server.url, tokens.zhang);

beforeAll(async () => {
  pageDir = mkdtempSync(join(tmpdir(), 'gsi-refused-pages-'));
  writeFileSync(join(pageDir, 'later.html'), `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>后来检查的页面</title></head><body><h1>办事服务</h1><a href="">在线申报</a> <a href="#">办事指南</a></body></html>`);
  pages = await serveFolders({ own: pageDir });
  db = await createDatabase('sqlite');
  server = await startServer(db.url, { GSI_RATE_LIMIT: '0' });
  tokens.zhang = await addUser(db.url, '张三', 'inspector');
  tokens.wang = await addUser(db.url, '王五', 'inspector');
  b = await launchInspector({ userDataDir: mkdtempSync(join(tmpdir(), 'gsi-refused-profile-')) });
  for (let i = 0; !(await idb<boolean>({ op: 'ready' })); i++) {
    if (i > 300) throw new Error('the extension never created its database');
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  if (b) {
    await b.close().catch(() => undefined);
    rmSync(b.userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
  await server?.stop();
  await pages?.close();
  await db?.drop();
  if (pageDir) rmSync(pageDir, { recursive: true, force: true });
});

test("499 own findings and a colleague's edited one: one run stores the 499, the refused one waits with its reason in the popup, later findings sync", async () => {
  const now = new Date().toISOString();
  const session = { id: crypto.randomUUID(), name: '2025年第三季度检查', quarter: '2025Q3', inspector: '张三', sites: [{ name: '测试站点', url: pages.origin, status: 'pending', pagesScanned: 0 }], createdAt: now, updatedAt: now };
  const page = `${pages.origin}/own/index.html`;
  // 王五's finding on the server; 张三 imported 王五's export and added a note to it.
  const wang = makeFinding({ id: crypto.randomUUID(), key: 'wang-1', label: '王五发现的死链', pageUrl: page, site: new URL(page).hostname, version: 0 });
  const pushed = await client(server.url, tokens.wang)('PUT', '/api/findings', { findings: [wang] });
  expect(pushed.status, pushed.text).toBe(200);
  const colleague: Finding = { ...pushed.json.stored[0], sessionId: session.id, note: '张三补充：已电话核实', updatedAt: now };
  const own = Array.from({ length: 499 }, (_, i) =>
    makeFinding({ id: crypto.randomUUID(), key: `own-${i}`, pageUrl: page, site: new URL(page).hostname, sessionId: session.id, version: 0 }),
  );
  // The colleague's record is the oldest entry: on the old build it led every batch of 500 and sank it.
  const entries = [colleague, ...own].map((f, i) => ({ ref: `finding:${f.id}`, kind: 'finding', id: f.id, queuedAt: new Date(Date.parse(now) + i).toISOString(), attempts: 0 }));
  await idb({ op: 'seed', session, findings: [colleague, ...own], entries });
  await connect(b, server.url, tokens.zhang);

  const status = await syncNow();
  expect(status.lastError).toBeUndefined();
  expect(status.pending).toBe(1);
  const remote = await zhangOnServer();
  expect(remote).toHaveLength(499);
  expect(new Set(remote.map((f) => f.id))).toEqual(new Set(own.map((f) => f.id)));
  const waiting = await idb<{ id: string; held?: { code: string } }[]>({ op: 'outbox' });
  expect(waiting).toEqual([expect.objectContaining({ id: colleague.id, held: expect.objectContaining({ code: 'not-owner' }) })]);
  // 王五's row on the server is untouched.
  expect((await pullAll(server.url, tokens.wang)).map((f) => f.note)).toEqual([wang.note]);

  // The next finding recorded: a page of the site, scanned and recorded into the session.
  const tab = await b.context.newPage();
  await tab.goto(pages.url('own', 'later.html'));
  const scan = await waitForScan(b, tab, 120_000);
  expect(scan.findings.length).toBeGreaterThan(0);
  const keys = new Set(scan.findings.map((f) => f.key));
  await expect.poll(async () => (await idb<Finding[]>({ op: 'findings' })).filter((f) => keys.has(f.key)).length, { timeout: 30_000 }).toBe(keys.size);

  // The popup (on that tab) lists the held record with the reason in words.
  const tabId = await b.worker.evaluate(async (url: string) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id, tab.url());
  const popup = await b.context.newPage();
  await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tabId=${tabId}`);
  const item = popup.getByTestId('sync-held-item');
  await expect.poll(() => item.count(), { timeout: 30_000 }).toBe(1);
  expect(await item.getAttribute('data-id')).toBe(colleague.id);
  expect(await item.getByTestId('sync-held-reason').innerText()).toContain('这条记录属于其他检查员');
  expect(await item.innerText()).toContain('王五发现的死链');
  await popup.screenshot({ path: 'test-results/screenshots/popup-sync-held.png', fullPage: true });

  // …and syncs normally, past the held one.
  const after = await syncNow();
  expect(after.lastError).toBeUndefined();
  expect(after.pending).toBe(1);
  expect((await zhangOnServer()).filter((f) => keys.has(f.key)).length).toBe(keys.size);

  // Saved as 张三's own finding from the popup: it syncs under a new id, and nothing waits any more.
  await item.getByTestId('sync-held-copy').click();
  await expect.poll(() => popup.getByTestId('sync-held').count()).toBe(0);
  const done = await syncNow();
  expect(done.lastError).toBeUndefined();
  expect(done.pending).toBe(0);
  const mine = (await zhangOnServer()).find((f) => f.key === 'wang-1');
  expect(mine).toMatchObject({ inspector: '张三', note: '张三补充：已电话核实' });
  expect(mine!.id).not.toBe(colleague.id);
});
