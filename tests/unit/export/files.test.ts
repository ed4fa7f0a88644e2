import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { buildExport, exportFileName, sessionSiteHosts } from '@/lib/export/files';
import { describeFilter, filterFindings } from '@/lib/export/filter';
import { evidenceDataUrl, importedEvidence, screenshotsByFinding } from '@/lib/export/evidence';
import { ImportError, parseExportFile } from '@/lib/export/json';
import { importAsNewSession, importIntoSession } from '@/lib/export/import';
import { FINDING_COLUMNS } from '@/lib/export/rows';
import { UNREVIEWED_SHEET } from '@/lib/export/xlsx';
import { openStore, type EvidenceRecord, type InspectorStore } from '@/lib/store/db';
import { createSession, listSessions } from '@/lib/store/sessions';
import { editFindings, findingsOfSession, recordScan } from '@/lib/store/recording';
import { evidenceOfSession, saveEvidence } from '@/lib/store/evidence';
import type { Session } from '@/lib/findings';
import { makeFinding } from '../../factories';

// A 1×1 PNG.
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
const NOW = new Date('2025-06-30T02:00:00Z');

const session: Session = {
  id: '11111111-1111-4111-8111-111111111111',
  name: '2025年第二季度/抽查',
  quarter: '2025Q2',
  inspector: '张三',
  sites: [
    { name: '示例市政府', url: 'https://example.gov.cn/', status: 'pending', pagesScanned: 0 },
    { name: '干净县政府', url: 'https://clean.gov.cn/', status: 'checked', pagesScanned: 0 },
  ],
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
};
const blank = (i: number) => makeFinding({ rule: 'column-blank', severity: 'deduct', label: `栏目${i}`, site: 'www.example.gov.cn', detail: { kind: 'general' }, status: 'confirmed' });
const dead = makeFinding({ site: 'www.example.gov.cn', status: 'confirmed' });
const dismissed = makeFinding({ rule: 'link-empty', severity: 'review', site: 'www.example.gov.cn', status: 'dismissed' });
const findings = [dead, dismissed, ...Array.from({ length: 5 }, (_, i) => blank(i))];
const shot: EvidenceRecord = {
  id: '22222222-2222-4222-8222-222222222222',
  findingIds: [dead.id],
  pageUrl: dead.pageUrl,
  pageTitle: dead.pageTitle,
  capturedAt: NOW.toISOString(),
  mime: 'image/png',
  width: 1,
  height: 1,
  bytes: PNG.length,
  data: PNG.slice().buffer,
};

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

describe('the filtered view', () => {
  test('filters by site, rule, severity and status, and says so in words', () => {
    expect(filterFindings(findings, {})).toHaveLength(7);
    expect(filterFindings(findings, { rule: 'column-blank' })).toHaveLength(5);
    expect(filterFindings(findings, { status: 'dismissed', severity: 'review' })).toEqual([dismissed]);
    expect(filterFindings(findings, { site: 'other.gov.cn' })).toEqual([]);
    expect(describeFilter({ site: 'a.gov.cn', rule: 'column-blank', status: 'open' })).toBe('站点 a.gov.cn；问题类型 空白栏目；状态 待确认');
  });

  test('file names carry the session, the quarter, the view and the date, without characters file systems refuse', () => {
    expect(exportFileName('csv', session, false, NOW)).toBe('2025年第二季度_抽查-2025Q2-问题清单-20250630.csv');
    expect(exportFileName('html', session, true, NOW)).toBe('2025年第二季度_抽查-2025Q2-检查报告-筛选-20250630.html');
  });

  test("session sites are known by the host their findings use, clean sites by their own", () => {
    expect([...sessionSiteHosts(session, findings)]).toEqual([
      ['www.example.gov.cn', '示例市政府'],
      ['clean.gov.cn', '干净县政府'],
    ]);
  });
});

describe('buildExport', () => {
  test('CSV of a filtered view holds just that view', async () => {
    const file = await buildExport('csv', { session, findings, filter: { rule: 'column-blank' }, now: NOW });
    expect(file.count).toBe(5);
    expect(file.name.endsWith('-筛选-20250630.csv')).toBe(true);
    const text = new TextDecoder().decode(await bytesOf(file.blob));
    const rows: string[][] = parse(text.replace(/^\uFEFF/, ''));
    expect(rows).toHaveLength(6);
    expect(new Set(rows.slice(1).map((r) => r[FINDING_COLUMNS.findIndex((c) => c.key === 'rule')]))).toEqual(new Set(['空白栏目']));
  });

  test('XLSX judges every site of the session, the clean one too', async () => {
    const file = await buildExport('xlsx', { session, findings, now: NOW });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await file.blob.arrayBuffer()) as ArrayBuffer);
    const rows = wb.getWorksheet('汇总')!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    const bySite = Object.fromEntries(rows.slice(1).map((r) => [r[0], r[1]]));
    expect(bySite).toEqual({ 'www.example.gov.cn': '不合格', 'clean.gov.cn': '合格' });
    // Confirmed (and accepted) findings are the record; the rest are on the unreviewed sheet: none is lost.
    const decidedCount = findings.filter((f) => f.status === 'confirmed' || f.status === 'accepted').length;
    expect(wb.getWorksheet('问题明细')!.rowCount).toBe(decidedCount + 1);
    expect(wb.getWorksheet(UNREVIEWED_SHEET)!.rowCount).toBe(findings.length - decidedCount + 1);
  });

  test('JSON carries the session, the findings and only the screenshots they point at, and parses back', async () => {
    const other: EvidenceRecord = { ...shot, id: '33333333-3333-4333-8333-333333333333', findingIds: [dismissed.id] };
    const file = await buildExport('json', { session, findings, filter: { status: 'confirmed', rule: 'link-dead' }, evidence: [shot, other], now: NOW });
    const back = parseExportFile(await file.blob.text());
    expect(back.session).toEqual(session);
    expect(back.findings).toEqual([dead]);
    expect(back.evidence.map((e) => e.id)).toEqual([shot.id]);
    expect(back.evidence[0].dataUrl).toBe(evidenceDataUrl(shot));
  });

  test('the report embeds the screenshot as a data: URL, names the sites and states the filter', async () => {
    const file = await buildExport('html', { session, findings, filter: { site: 'www.example.gov.cn' }, evidence: [shot], now: NOW });
    const html = await file.blob.text();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const imgs = [...doc.querySelectorAll('figure img')].map((i) => i.getAttribute('src'));
    expect(imgs).toEqual([`data:image/png;base64,${btoa(String.fromCharCode(...PNG))}`]);
    expect(doc.querySelector('.scope')?.textContent).toBe('本报告仅含筛选后的问题：站点 www.example.gov.cn');
    const verdicts = [...doc.querySelectorAll('tbody tr.fail, tbody tr.pass')].map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent));
    // Filtered to one site: only that site is judged. Five blank columns cross the veto line.
    expect(verdicts).toEqual([['示例市政府（www.example.gov.cn）', '不合格']]);
    expect(html).toContain('空白栏目 5 个');
  });
});

describe('evidence encoding', () => {
  test('a screenshot shared by two findings is encoded once and shown for both; a bad data: URL is refused', () => {
    const both: EvidenceRecord = { ...shot, findingIds: [dead.id, dismissed.id] };
    const map = screenshotsByFinding([dead, dismissed], [both]);
    expect(map.get(dead.id)).toBe(map.get(dismissed.id));
    const { data: _d, ...meta } = shot;
    const back = importedEvidence({ ...meta, dataUrl: evidenceDataUrl(shot) }, 'sess');
    expect(new Uint8Array(back.data)).toEqual(PNG);
    expect(back.sessionId).toBe('sess');
    expect(() => importedEvidence({ ...meta, dataUrl: 'data:image/png;base64,%%%' }, 's')).toThrow(/base64/);
  });
});

describe('JSON import into the store', () => {
  let db: InspectorStore | undefined;
  let n = 0;
  afterEach(() => db?.close());

  async function exported() {
    db = await openStore(`gsi-import-src-${++n}`);
    const s = await createSession(db, { name: '源任务', quarter: '2025Q2', inspector: '李四', sites: [{ name: '示例', url: 'https://www.example.gov.cn/' }] }, NOW);
    const scan = [makeFinding({ id: crypto.randomUUID(), key: 'a' }), makeFinding({ id: crypto.randomUUID(), key: 'b' }), makeFinding({ id: crypto.randomUUID(), key: 'c' })];
    await recordScan(db, { sessionId: s.id, pageUrl: scan[0].pageUrl, pageTitle: 't', findings: scan }, NOW);
    const stored = await findingsOfSession(db, s.id);
    await editFindings(db, [stored[0].id], { status: 'confirmed', note: '已核实' }, NOW);
    await saveEvidence(db, { sessionId: s.id, findingIds: [stored[0].id], pageUrl: scan[0].pageUrl, pageTitle: 't', blob: new Blob([PNG], { type: 'image/png' }), width: 1, height: 1 }, NOW);
    const file = await buildExport('json', { session: (await listSessions(db))[0], findings: await findingsOfSession(db, s.id), evidence: await evidenceOfSession(db, s.id) });
    const text = await file.blob.text();
    db.close();
    return text;
  }

  test('into a fresh profile as a new session: the same findings and screenshots; again: nothing changes', async () => {
    const text = await exported();
    const source = parseExportFile(text);
    db = await openStore(`gsi-import-dst-${++n}`);
    const first = await importAsNewSession(db, text, NOW);
    expect(first).toMatchObject({ added: 3, updated: 0, unchanged: 0, evidence: 1 });
    const [created] = await listSessions(db);
    expect(created).toMatchObject({ name: '源任务', quarter: '2025Q2', inspector: '李四' });
    const stored = await findingsOfSession(db, first.sessionId);
    const strip = (list: typeof stored) => list.map(({ sessionId: _s, ...f }) => f).sort((a, b) => a.id.localeCompare(b.id));
    expect(strip(stored)).toEqual(strip(source.findings));
    const [image] = await evidenceOfSession(db, first.sessionId);
    expect(new Uint8Array(image.data)).toEqual(PNG);
    const again = await importIntoSession(db, first.sessionId, text);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 3, evidence: 0 });
    expect(await findingsOfSession(db, first.sessionId)).toHaveLength(3);
  });

  test('a newer copy of a finding updates it', async () => {
    const text = await exported();
    db = await openStore(`gsi-import-dst-${++n}`);
    const { sessionId } = await importAsNewSession(db, text, NOW);
    const file = JSON.parse(text);
    file.findings[1].status = 'dismissed';
    file.findings[1].updatedAt = '2025-07-01T00:00:00.000Z';
    expect(await importIntoSession(db, sessionId, JSON.stringify(file))).toMatchObject({ added: 0, updated: 1, unchanged: 2 });
    expect((await findingsOfSession(db, sessionId)).find((f) => f.id === file.findings[1].id)?.status).toBe('dismissed');
  });

  test('a corrupt file says where and changes nothing', async () => {
    const text = await exported();
    db = await openStore(`gsi-import-dst-${++n}`);
    const target = await createSession(db, { name: '目标', quarter: '2025Q2', inspector: '' }, NOW);
    const broken = JSON.parse(text);
    broken.findings[2].severity = 'fatal';
    await expect(importIntoSession(db, target.id, JSON.stringify(broken))).rejects.toMatchObject({ where: 'findings[2].severity' });
    const badImage = JSON.parse(text);
    badImage.evidence[0].dataUrl = 'data:image/png;base64,not base64!';
    await expect(importIntoSession(db, target.id, JSON.stringify(badImage))).rejects.toThrow(ImportError);
    await expect(importAsNewSession(db, text.slice(0, text.length / 2))).rejects.toThrow(/第 \d+ 行第 \d+ 列/);
    expect(await findingsOfSession(db, target.id)).toEqual([]);
    expect(await evidenceOfSession(db, target.id)).toEqual([]);
    expect(await listSessions(db)).toHaveLength(1);
  });
});
