import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { DB_VERSION, openStore, type InspectorStore } from '@/lib/store/db';
import { addSites, createSession, deleteSession, getActiveSession, listSessions, quarterOf, setActiveSession, setSiteStatus, siteOfPage, siteProgress } from '@/lib/store/sessions';
import { addManualFinding, editFindings, findingsForPage, findingsOfSession, getFindings, importFindings, recordScan } from '@/lib/store/recording';
import { getEvidence, saveEvidence } from '@/lib/store/evidence';
import { acknowledge, oldestEntries, pendingCount } from '@/lib/store/outbox';
import { StoreFullError, isQuotaError } from '@/lib/store/health';
import { makeFinding } from '../../factories';
import type { Finding } from '@/lib/findings';

let db: InspectorStore | undefined;
let n = 0;
const freshName = () => `gsi-workflow-${++n}`;
afterEach(() => db?.close());

const PAGE = 'https://www.example.gov.cn/index.html';
const NOW = new Date('2025-06-30T02:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

/** What a scan of PAGE produces for element `key`: a fresh id each scan, the same content. */
const scanned = (key: string, extra: Partial<Finding> = {}) =>
  makeFinding({ id: crypto.randomUUID(), key, selector: `#${key}`, snippet: `<a id="${key}">`, label: key, href: `https://www.example.gov.cn/${key}`, ...extra });

async function sessionDb() {
  db = await openStore(freshName());
  const session = await createSession(db, { name: '2025年第二季度检查', quarter: '2025Q2', inspector: '张三', sites: [{ name: '示例市政府', url: 'https://www.example.gov.cn/' }] }, NOW);
  return { db, session };
}

describe('schema upgrade', () => {
  test('a version 1 profile upgrades to the current version and keeps its link cache', async () => {
    const name = freshName();
    const v1 = await openDB(name, 1, {
      upgrade(d) {
        d.createObjectStore('linkResults', { keyPath: 'url' }).createIndex('by-checkedAt', 'checkedAt');
      },
    });
    await v1.put('linkResults', { url: 'https://a.gov.cn/', verdict: 'ok', reason: 'ok', checkedAt: '2025-06-30T00:00:00Z' });
    v1.close();
    db = await openStore(name);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['accounts', 'evidence', 'findings', 'linkResults', 'meta', 'outbox', 'pages', 'sessions']);
    expect(await db.get('linkResults', 'https://a.gov.cn/')).toMatchObject({ verdict: 'ok' });
  });
});

describe('sessions', () => {
  test('a new session becomes the active one; sites are deduplicated by host', async () => {
    const { db, session } = await sessionDb();
    expect((await getActiveSession(db))?.id).toBe(session.id);
    const next = await addSites(db, session.id, [
      { name: '重复', url: 'http://example.gov.cn' },
      { name: '教育局', url: 'https://jyj.example.gov.cn/' },
    ]);
    expect(next.sites.map((s) => s.name)).toEqual(['示例市政府', '教育局']);
    const other = await createSession(db, { name: '另一个', quarter: '2025Q3', inspector: '张三' }, new Date(Date.now() + 60_000));
    expect((await listSessions(db)).map((s) => s.id)).toEqual([other.id, session.id]);
    await setActiveSession(db, session.id);
    expect((await getActiveSession(db))?.id).toBe(session.id);
  });

  test('a page belongs to the most specific session site', async () => {
    const { db, session } = await sessionDb();
    const s = await addSites(db, session.id, [{ name: '教育局', url: 'https://jyj.example.gov.cn/' }]);
    expect(siteOfPage(s, 'https://jyj.example.gov.cn/a.html')?.name).toBe('教育局');
    expect(siteOfPage(s, 'https://example.gov.cn/b.html')?.name).toBe('示例市政府');
    expect(siteOfPage(s, 'https://other.gov.cn/')).toBeUndefined();
    expect(siteOfPage(s, 'not a url')).toBeUndefined();
  });

  test('bad session input is refused with the field named', async () => {
    db = await openStore(freshName());
    await expect(createSession(db, { name: ' ', quarter: '2025Q2', inspector: 'x' })).rejects.toThrow(/name/);
    await expect(createSession(db, { name: 'a', quarter: '2025-2', inspector: 'x' })).rejects.toThrow(/quarter/);
    expect(await listSessions(db)).toEqual([]);
  });

  test('quarter in China time', () => {
    expect(quarterOf(new Date('2025-06-30T15:59:59Z'))).toBe('2025Q2');
    expect(quarterOf(new Date('2025-06-30T16:00:00Z'))).toBe('2025Q3');
  });
});

describe('recording scans', () => {
  test('a rescan merges by key: no duplicates, decisions and notes kept, changed text refreshed', async () => {
    const { db, session } = await sessionDb();
    const first = [scanned('a'), scanned('b'), scanned('c')];
    expect(await recordScan(db, { sessionId: session.id, inspector: '张三', pageUrl: PAGE, pageTitle: '首页', findings: first }, NOW)).toEqual({ added: 3, updated: 0, unchanged: 0 });
    const stored = await findingsForPage(db, session.id, PAGE);
    expect(stored.map((f) => [f.key, f.status, f.version, f.sessionId, f.inspector])).toEqual([
      ['a', 'open', 0, session.id, '张三'],
      ['b', 'open', 0, session.id, '张三'],
      ['c', 'open', 0, session.id, '张三'],
    ].sort((x, y) => (stored.find((f) => f.key === x[0])!.id < stored.find((f) => f.key === y[0])!.id ? -1 : 1)));
    const byKey = Object.fromEntries(stored.map((f) => [f.key, f]));
    await editFindings(db, [byKey.a.id], { status: 'confirmed', note: '属实' }, later(1));
    await editFindings(db, [byKey.b.id], { status: 'dismissed' }, later(1));

    // The same page scanned again: fresh ids from the scan, one message changed, one new finding.
    const second = [scanned('a'), scanned('b', { message: '链接无法访问（HTTP 410）' }), scanned('c'), scanned('d')];
    expect(await recordScan(db, { sessionId: session.id, pageUrl: PAGE, pageTitle: '首页', findings: second }, later(2))).toEqual({ added: 1, updated: 1, unchanged: 2 });
    const after = Object.fromEntries((await findingsForPage(db, session.id, PAGE)).map((f) => [f.key, f]));
    expect(Object.keys(after).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(after.a).toMatchObject({ id: byKey.a.id, status: 'confirmed', note: '属实' });
    expect(after.b).toMatchObject({ id: byKey.b.id, status: 'dismissed', message: '链接无法访问（HTTP 410）' });
    expect(after.c.updatedAt).toBe(NOW.toISOString());
  });

  test('every change is queued once for sync, and an edit during a send keeps its entry', async () => {
    const { db, session } = await sessionDb();
    await recordScan(db, { sessionId: session.id, pageUrl: PAGE, pageTitle: '首页', findings: [makeFinding({ key: 'a' }), makeFinding({ key: 'b' })] }, NOW);
    expect(await pendingCount(db)).toBe(2);
    const batch = await oldestEntries(db, 'finding', 500);
    const [a] = await findingsOfSession(db, session.id);
    await editFindings(db, [a.id], { status: 'confirmed' }, later(5));
    await acknowledge(db, batch);
    const left = await oldestEntries(db, 'finding', 500);
    expect(left.map((e) => e.id)).toEqual([a.id]);
  });

  test('manual findings are confirmed, marked manual and never merged with each other', async () => {
    const { db, session } = await sessionDb();
    const input = { sessionId: session.id, rule: 'wording-error' as const, severity: 'deduct' as const, pageUrl: PAGE, pageTitle: '首页', selector: '#x', snippet: '<p id="x">', label: '错别字', note: '“副市长”写成“付市长”', category: '其他' };
    const one = await addManualFinding(db, input, NOW);
    const two = await addManualFinding(db, input, NOW);
    expect(one.id).not.toBe(two.id);
    expect(one).toMatchObject({ status: 'confirmed', detail: { manual: true, category: '其他' }, note: input.note, version: 0 });
    expect(await findingsForPage(db, session.id, PAGE)).toHaveLength(2);
  });

  test('supervisor statuses are not overwritten by an inspector edit, notes still are', async () => {
    const { db, session } = await sessionDb();
    await recordScan(db, { sessionId: session.id, pageUrl: PAGE, pageTitle: '首页', findings: [makeFinding({ key: 'a' })] }, NOW);
    const [f] = await findingsOfSession(db, session.id);
    await db.put('findings', { ...f, status: 'accepted', reviewer: '李四' });
    const [edited] = await editFindings(db, [f.id], { status: 'dismissed', note: '补充说明' });
    expect(edited).toMatchObject({ status: 'accepted', note: '补充说明' });
  });
});

describe('progress, import, deletion', () => {
  test('per-site progress counts pages and findings; marking a site checked', async () => {
    const { db, session } = await sessionDb();
    await recordScan(db, { sessionId: session.id, pageUrl: PAGE, pageTitle: '首页', findings: [makeFinding({ key: 'a', site: 'www.example.gov.cn' })] }, NOW);
    await recordScan(db, { sessionId: session.id, pageUrl: 'https://www.example.gov.cn/2.html', pageTitle: '二', findings: [] }, NOW);
    const s = await setSiteStatus(db, session.id, 'https://example.gov.cn', 'checked');
    expect(await siteProgress(db, s)).toEqual([{ site: { ...s.sites[0], status: 'checked' }, pages: 2, findings: 1, open: 1 }]);
  });

  test('import merges by id and by key without duplicates; the newer record wins', async () => {
    const { db, session } = await sessionDb();
    const a = makeFinding({ key: 'a' });
    const b = makeFinding({ key: 'b' });
    expect(await importFindings(db, session.id, [a, b])).toEqual({ added: 2, updated: 0, unchanged: 0 });
    const newer = { ...a, note: '新', updatedAt: '2025-07-01T00:00:00.000Z' };
    const sameKeyOtherId = makeFinding({ key: 'b' });
    expect(await importFindings(db, session.id, [newer, b, sameKeyOtherId])).toEqual({ added: 0, updated: 1, unchanged: 2 });
    expect((await findingsOfSession(db, session.id)).find((f) => f.id === a.id)?.note).toBe('新');
    expect(await pendingCount(db)).toBe(0);
  });

  test('deleting a session removes its records and queue entries only', async () => {
    const { db, session } = await sessionDb();
    const other = await createSession(db, { name: '另一个', quarter: '2025Q2', inspector: '张三' }, NOW);
    await recordScan(db, { sessionId: session.id, pageUrl: PAGE, pageTitle: '首页', findings: [makeFinding({ key: 'a' })] }, NOW);
    await recordScan(db, { sessionId: other.id, pageUrl: PAGE, pageTitle: '首页', findings: [makeFinding({ key: 'a' })] }, NOW);
    await deleteSession(db, session.id);
    expect(await findingsOfSession(db, session.id)).toEqual([]);
    expect(await findingsOfSession(db, other.id)).toHaveLength(1);
    expect(await pendingCount(db)).toBe(1);
    expect(await db.count('pages')).toBe(1);
  });
});

describe('a full disk', () => {
  test('a quota error is reported in words and the records stored before it are intact', async () => {
    const { db, session } = await sessionDb();
    await recordScan(db, { sessionId: session.id, pageUrl: PAGE, pageTitle: '首页', findings: [makeFinding({ key: 'a' })] }, NOW);
    const realPut = IDBObjectStore.prototype.put;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'pages') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    });
    try {
      await expect(recordScan(db, { sessionId: session.id, pageUrl: PAGE, pageTitle: '首页', findings: [makeFinding({ key: 'b' })] }, later(1))).rejects.toBeInstanceOf(StoreFullError);
    } finally {
      spy.mockRestore();
    }
    expect((await findingsOfSession(db, session.id)).map((f) => f.key)).toEqual(['a']);
    expect(await pendingCount(db)).toBe(1);
    expect(isQuotaError(new DOMException('x', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError(new Error('x'))).toBe(false);
  });
});

describe('evidence', () => {
  test('a screenshot is stored with its findings pointing at it, and both are queued', async () => {
    const { db, session } = await sessionDb();
    await recordScan(db, { sessionId: session.id, pageUrl: PAGE, pageTitle: '首页', findings: [scanned('a'), scanned('b')] }, NOW);
    const [a] = await findingsOfSession(db, session.id);
    await acknowledge(db, await oldestEntries(db, 'finding', 10));
    const blob = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
    const ev = await saveEvidence(db, { sessionId: session.id, findingIds: [a.id], pageUrl: PAGE, pageTitle: '首页', blob, width: 1280, height: 800 }, later(1));
    expect(ev).toMatchObject({ mime: 'image/png', bytes: 4, findingIds: [a.id] });
    expect((await getFindings(db, [a.id]))[0].screenshotId).toBe(ev.id);
    expect(new Uint8Array((await getEvidence(db, ev.id))!.data)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    expect((await oldestEntries(db, 'evidence', 10)).map((e) => e.id)).toEqual([ev.id]);
    expect((await oldestEntries(db, 'finding', 10)).map((e) => e.id)).toEqual([a.id]);
  });
});
