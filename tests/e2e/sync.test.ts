import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { EXTENSION_ID, launchInspector, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';
import type { Finding } from '../../lib/findings';
import { CORPUS } from '../paths';
import { addUser, createDatabase, startServer, type ServerProcess, type TestDatabase } from '../server/harness';
import { connect as connectTo, pullAll } from './sync-harness';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = resolve(ROOT, 'test-results/screenshots');
const HOSTILE = `<img src=x onerror="document.title='pwned'"><script>window.pwned=1</script>`;

let db: TestDatabase;
let server: ServerProcess;
let port: string;
let pages: StaticServer;
let pageDir: string;
const tokens: Record<string, string> = {};
const browsers: InspectorBrowser[] = [];
let inspectorA: InspectorBrowser;
let inspectorB: InspectorBrowser;
let supervisor: InspectorBrowser;

type Op = { op: 'ready' } | { op: 'findings' } | { op: 'outbox' } | { op: 'session'; session: unknown };

/** The extension's IndexedDB, read and written from its service worker (no eval there: one function, named operations). */
async function idb<T>(b: InspectorBrowser, op: Op): Promise<T> {
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
          return await req(db.transaction('outbox').objectStore('outbox').count());
        case 'session': {
          const tx = db.transaction(['sessions', 'meta'], 'readwrite');
          const session = o.session as { id: string };
          tx.objectStore('sessions').put(session);
          tx.objectStore('meta').put(session.id, 'activeSessionId');
          await new Promise((ok) => (tx.oncomplete = ok));
          return true;
        }
      }
    } finally {
      db.close();
    }
  }, op) as Promise<T>;
}

const findingsOf = (b: InspectorBrowser) => idb<Finding[]>(b, { op: 'findings' });
const outboxCount = (b: InspectorBrowser) => idb<number>(b, { op: 'outbox' });

/** A session for `inspector` on the test site, made the active one (what the popup's new-session form does). */
async function startSession(b: InspectorBrowser, inspector: string, siteUrl: string): Promise<void> {
  // The background opens (and upgrades) the database on start; wait until the stores exist.
  for (let i = 0; !(await idb<boolean>(b, { op: 'ready' })); i++) {
    if (i > 300) throw new Error('the extension never created its database');
    await new Promise((r) => setTimeout(r, 100));
  }
  const now = new Date().toISOString();
  const session = { id: crypto.randomUUID(), name: '2025年第二季度检查', quarter: '2025Q2', inspector, sites: [{ name: '测试站点', url: siteUrl, status: 'pending', pagesScanned: 0 }], createdAt: now, updatedAt: now };
  await idb(b, { op: 'session', session });
}

const connect = (b: InspectorBrowser, token: string) => connectTo(b, server.url, token);

/** "立即同步" from an extension page, as the popup footer and the options page do; answers with the status. */
async function syncNow(b: InspectorBrowser): Promise<{ pending: number; lastError?: string }> {
  const page = b.context.pages().find((p) => p.url().startsWith(`chrome-extension://${EXTENSION_ID}/`)) ?? (await b.context.newPage());
  if (!page.url().startsWith('chrome-extension://')) await page.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
  return page.evaluate(() => chrome.runtime.sendMessage({ type: 'sync-now' }));
}

/** Open a page of the site and wait until its scan settled and was recorded into the session. */
async function inspect(b: InspectorBrowser, url: string): Promise<Page> {
  const page = await b.context.newPage();
  await page.goto(url);
  const state = await waitForScan(b, page, 120_000);
  expect(state.findings.length).toBeGreaterThan(0);
  // Every finding of the scan is in the store (also when a retried test had recorded the page before).
  const keys = state.findings.map((f) => f.key);
  await expect.poll(async () => {
    const stored = new Set((await findingsOf(b)).map((f) => f.key));
    return keys.filter((k) => !stored.has(k)).length;
  }, { timeout: 30_000 }).toBe(0);
  return page;
}

const serverFindings = (inspector: string) => pullAll(server.url, tokens.lead, `inspector=${encodeURIComponent(inspector)}`);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(resolve(ROOT, 'docs/screenshots'), { recursive: true });
  pageDir = mkdtempSync(join(tmpdir(), 'gsi-sync-pages-'));
  writeFileSync(join(pageDir, 'notice.html'), `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>通知公告</title></head><body><h1>通知公告</h1><ul><li><a href="">${HOSTILE.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</a></li><li><a href="#">关于做好防汛工作的通知</a></li></ul></body></html>`);
  writeFileSync(join(pageDir, 'more.html'), `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>政务公开</title></head><body><h1>政务公开</h1><a href="#">政策解读</a> <a href="">办事指南</a> <a href="javascript:void(0)">互动交流</a></body></html>`);
  pages = await serveFolders({ gov: resolve(CORPUS, 'gov-pages/mhxqwer__tqjsjz.gov.cn'), own: pageDir });

  db = await createDatabase('sqlite');
  server = await startServer(db.url, { GSI_RATE_LIMIT: '0' });
  port = new URL(server.url).port;
  tokens.zhang = await addUser(db.url, '张三', 'inspector');
  tokens.li = await addUser(db.url, '李四', 'inspector');
  tokens.lead = await addUser(db.url, '王审核', 'supervisor');

  for (const [name, token] of [['张三', tokens.zhang], ['李四', tokens.li], ['王审核', tokens.lead]] as const) {
    const b = await launchInspector({ userDataDir: mkdtempSync(join(tmpdir(), 'gsi-sync-profile-')) });
    browsers.push(b);
    await startSession(b, name, pages.origin);
    if (name !== '张三') await connect(b, token);
  }
  [inspectorA, inspectorB, supervisor] = browsers;
});

afterAll(async () => {
  for (const b of browsers) {
    await b.close().catch(() => undefined);
    rmSync(b.userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
  await server?.stop();
  await pages?.close();
  await db?.drop();
  if (pageDir) rmSync(pageDir, { recursive: true, force: true });
});

test('options page: connection settings, test connection shows the user and role', async () => {
  const options = await inspectorA.context.newPage();
  await options.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
  const form = options.getByTestId('connection');
  await form.locator('input[name="endpoint"]').fill('ftp://nowhere');
  await form.locator('input[name="token"]').fill(tokens.zhang);
  await options.getByTestId('sync-test').click();
  await expect.poll(() => options.getByTestId('sync-result').innerText()).toMatch(/http:\/\/ 或 https:\/\//);
  await form.locator('input[name="endpoint"]').fill(`${server.url}/`);
  await form.locator('input[name="token"]').fill('wrong-token');
  await options.getByTestId('sync-test').click();
  await expect.poll(() => options.getByTestId('sync-result').innerText()).toMatch(/^令牌无效或已被撤销/);
  await form.locator('input[name="token"]').fill(tokens.zhang);
  await options.getByTestId('sync-test').click();
  await expect.poll(() => options.getByTestId('sync-result').innerText()).toBe('连接正常：张三（检查员），数据库 sqlite。设置已保存，开始同步');
  // Issue 19: the tested settings are kept at once, and the status no longer says 未设置同步服务器.
  await expect.poll(() => inspectorA.worker.evaluate(async () => (await chrome.storage.local.get('syncSettings')).syncSettings)).toEqual({ endpoint: server.url, token: tokens.zhang });
  await expect.poll(() => options.getByTestId('sync-status').innerText()).not.toMatch(/未设置同步服务器/);
  await form.getByRole('button', { name: '保存' }).click();
  await expect.poll(() => inspectorA.worker.evaluate(async () => (await chrome.storage.local.get('syncSettings')).syncSettings)).toEqual({ endpoint: server.url, token: tokens.zhang });
  await expect.poll(() => options.getByTestId('sync-status').innerText()).toMatch(/待同步 0 条/);
  await options.screenshot({ path: resolve(SHOTS, 'options-sync.png'), fullPage: true });
});

test('two inspectors record and sync; the supervisor sees both, accepts one and rejects one; the decisions reach the inspectors', async () => {
  await inspect(inspectorA, pages.url('gov', 'index.html'));
  await inspect(inspectorB, pages.url('own', 'notice.html'));
  for (const b of [inspectorA, inspectorB]) {
    const status = await syncNow(b);
    expect(status.lastError).toBeUndefined();
    expect(status.pending).toBe(0);
    expect(await outboxCount(b)).toBe(0);
  }
  const localA = await findingsOf(inspectorA);
  const localB = await findingsOf(inspectorB);
  expect(localA.every((f) => f.version >= 1 && f.inspector === '张三')).toBe(true);
  expect((await serverFindings('张三')).length).toBe(localA.length);
  expect((await serverFindings('李四')).length).toBe(localB.length);

  const review = await supervisor.context.newPage();
  await review.goto(`chrome-extension://${EXTENSION_ID}/review.html`);
  // The review page opens on confirmed and accepted work (issue 19); nobody has confirmed these yet: ask for all.
  await expect.poll(() => review.getByTestId('count').innerText(), { timeout: 30_000 }).toBe('共 0 条');
  await review.getByTestId('filters').locator('[name="status"]').selectOption('');
  await review.getByTestId('filters').locator('button[type="submit"]').click();
  await expect.poll(() => review.getByTestId('count').innerText(), { timeout: 30_000 }).toBe(`共 ${localA.length + localB.length} 条`);

  // Script and markup in a label are text on the page, never run.
  const hostile = localB.find((f) => f.label.includes('<img'))!;
  expect(hostile).toBeTruthy();
  const hostileRow = review.locator(`tr[data-id="${hostile.id}"]`);
  expect(await hostileRow.getByTestId('row-label').innerText()).toBe(hostile.label);
  expect(await review.locator('img[src="x"], .rv script').count()).toBe(0);

  // Accept one of 张三's with a comment.
  // A finding on an element a visitor sees (the 无障碍 switch in the top bar), so "open on page" can outline it.
  // (The font-size link 大 used before runs a page script: no empty link since issue 12.)
  const pickA = localA.find((f) => f.rule === 'link-empty' && f.label === '无障碍' && f.selector)!;
  expect(pickA).toBeTruthy();
  await review.locator(`tr[data-id="${pickA.id}"]`).click();
  await review.getByTestId('detail').locator('textarea').fill('属实，限期整改');
  await review.getByTestId('accept').click();
  await expect.poll(() => review.getByTestId('detail-status').innerText()).toBe('审核通过');
  // Reject 李四's hostile one.
  await hostileRow.click();
  expect(await review.getByTestId('detail-label').innerText()).toBe(hostile.label);
  await review.getByTestId('detail').locator('textarea').fill('误报：<b>不是</b>问题');
  await review.getByTestId('reject').click();
  await expect.poll(() => review.getByTestId('detail-status').innerText()).toBe('审核驳回');
  expect(await review.evaluate(() => [document.title, (window as { pwned?: number }).pwned])).toEqual(['政府网站检查助手 · 审核', undefined]);
  await expect.poll(() => review.getByTestId('summary-figures').innerText()).toMatch(/^检查站点 \d+ 个/);
  await review.screenshot({ path: resolve(ROOT, 'docs/screenshots/review.png'), fullPage: true });

  // Open on page: the live page opens in a tab and the element is outlined.
  await review.locator(`tr[data-id="${pickA.id}"]`).click();
  await review.getByTestId('open-on-page').click();
  await expect.poll(() => review.getByTestId('open-result').innerText(), { timeout: 90_000 }).toBe('已在新标签页中标出该元素。');
  // A link on the page that a visitor does not see (the scan marks it invisible).
  // (The scan marks such a finding invisible; the drawer's 空链 used before are links with handlers since issue 12.)
  const drawer = localA.find((f) => f.rule === 'link-dead' && f.detail?.invisible === true && f.selector)!;
  expect(drawer).toBeTruthy();
  await review.locator(`tr[data-id="${drawer.id}"]`).click();
  await review.getByTestId('open-on-page').click();
  // The overlay now marks a finding on an invisible element at its visible container (issue 19), so opening it
  // outlines that container: the page says it is marked.
  await expect.poll(() => review.getByTestId('open-result').innerText(), { timeout: 90_000 }).toBe('已在新标签页中标出该元素。');

  // The inspectors sync and find the decisions in their stores.
  for (const b of [inspectorA, inspectorB]) expect((await syncNow(b)).lastError).toBeUndefined();
  expect((await findingsOf(inspectorA)).find((f) => f.id === pickA.id)).toMatchObject({ status: 'accepted', reviewer: '王审核', reviewComment: '属实，限期整改' });
  expect((await findingsOf(inspectorB)).find((f) => f.id === hostile.id)).toMatchObject({ status: 'rejected', reviewComment: '误报：<b>不是</b>问题' });
});

test('the endpoint down while an inspector works: the outbox holds everything and drains exactly once after restart', async () => {
  await server.stop();
  await inspect(inspectorA, pages.url('own', 'more.html'));
  const waiting = await outboxCount(inspectorA);
  expect(waiting).toBeGreaterThan(0);
  const down = await syncNow(inspectorA);
  expect(down.lastError).toMatch(/^无法连接同步服务器/);
  expect(down.pending).toBe(waiting);
  expect(await outboxCount(inspectorA)).toBe(waiting);

  server = await startServer(db.url, { GSI_RATE_LIMIT: '0', PORT: port });
  const up = await syncNow(inspectorA);
  expect(up.lastError).toBeUndefined();
  expect(up.pending).toBe(0);
  const local = await findingsOf(inspectorA);
  const remote = await serverFindings('张三');
  expect(remote.length).toBe(local.length);
  expect(new Set(remote.map((f) => f.id)).size).toBe(remote.length);
  expect(new Set(remote.map((f) => `${f.sessionId}|${f.key}`)).size).toBe(remote.length);
  // A second sync sends nothing again and changes nothing.
  const again = await syncNow(inspectorA);
  expect(again.pending).toBe(0);
  expect((await serverFindings('张三')).length).toBe(local.length);
});
