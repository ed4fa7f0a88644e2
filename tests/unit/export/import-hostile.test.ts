import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test } from 'vitest';
import { buildExport } from '@/lib/export/files';
import { importAsNewSession, importIntoSession } from '@/lib/export/import';
import { findingsToJson, ImportError, parseExportFile } from '@/lib/export/json';
import { openStore, type InspectorStore } from '@/lib/store/db';
import { createSession, listSessions } from '@/lib/store/sessions';
import { editFindings, findingsOfSession, recordScan } from '@/lib/store/recording';
import { evidenceOfSession, saveEvidence } from '@/lib/store/evidence';
import { makeFinding } from '../../factories';

// A 1×1 PNG.
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
const NOW = new Date('2025-06-30T02:00:00Z');

let db: InspectorStore | undefined;
let n = 0;
afterEach(() => db?.close());

/** A profile with one session (three findings, one confirmed with a screenshot) and its JSON export. */
async function profileWithExport() {
  db = await openStore(`gsi-import-hostile-${++n}`);
  const s = await createSession(db, { name: '源任务', quarter: '2025Q2', inspector: '李四', sites: [{ name: '示例', url: 'https://www.example.gov.cn/' }] }, NOW);
  const scan = ['a', 'b', 'c'].map((key) => makeFinding({ id: crypto.randomUUID(), key }));
  await recordScan(db, { sessionId: s.id, pageUrl: scan[0].pageUrl, pageTitle: 't', findings: scan }, NOW);
  const stored = await findingsOfSession(db, s.id);
  await editFindings(db, [stored[0].id], { status: 'confirmed', note: '已核实' }, NOW);
  await saveEvidence(db, { sessionId: s.id, findingIds: [stored[0].id], pageUrl: scan[0].pageUrl, pageTitle: 't', blob: new Blob([PNG], { type: 'image/png' }), width: 1, height: 1 }, NOW);
  const file = await buildExport('json', { session: (await listSessions(db))[0], findings: await findingsOfSession(db, s.id), evidence: await evidenceOfSession(db, s.id) });
  return { db, source: s, text: await file.blob.text() };
}

const byKey = <T extends { key: string }>(list: T[]) => [...list].sort((a, b) => a.key.localeCompare(b.key));

describe('importing findings that another session of this profile already holds', () => {
  test('as a new session: the copy gets all findings and screenshots, the source session keeps its own', async () => {
    const { db, source, text } = await profileWithExport();
    const before = await findingsOfSession(db, source.id);
    const result = await importAsNewSession(db, text, NOW);
    expect(result).toMatchObject({ added: 3, updated: 0, unchanged: 0, evidence: 1 });
    const copy = byKey(await findingsOfSession(db, result.sessionId));
    expect(copy.map((f) => f.key)).toEqual(['a', 'b', 'c']);
    const confirmedKey = before.find((f) => f.status === 'confirmed')!.key;
    expect(copy.find((f) => f.key === confirmedKey)).toMatchObject({ status: 'confirmed', note: '已核实' });
    // The copy's screenshot is its own record, in its own session, pointing at the copy.
    const [image] = await evidenceOfSession(db, result.sessionId);
    expect(new Uint8Array(image.data)).toEqual(PNG);
    const confirmed = copy.find((f) => f.key === confirmedKey)!;
    expect(confirmed.screenshotId).toBe(image.id);
    expect(image.findingIds).toEqual([confirmed.id]);
    // The source session is untouched.
    expect(byKey(await findingsOfSession(db, source.id))).toEqual(byKey(before));
    expect(await evidenceOfSession(db, source.id)).toHaveLength(1);
    // Importing the same file into the copy again changes nothing.
    expect(await importIntoSession(db, result.sessionId, text)).toMatchObject({ added: 0, updated: 0, unchanged: 3, evidence: 0 });
    expect(await evidenceOfSession(db, result.sessionId)).toHaveLength(1);
  });

  test('into another session: a newer copy does not pull the finding out of the session it belongs to', async () => {
    const { db, source, text } = await profileWithExport();
    const target = await createSession(db, { name: '目标', quarter: '2025Q2', inspector: '' }, NOW);
    const file = JSON.parse(text);
    for (const f of file.findings) {
      f.status = 'dismissed';
      f.updatedAt = '2025-07-01T00:00:00.000Z';
    }
    expect(await importIntoSession(db, target.id, JSON.stringify(file))).toMatchObject({ added: 3, updated: 0 });
    const kept = await findingsOfSession(db, source.id);
    expect(kept).toHaveLength(3);
    expect(kept.every((f) => f.status !== 'dismissed')).toBe(true);
    expect(await findingsOfSession(db, target.id)).toHaveLength(3);
  });
});

describe('timestamps with an offset', () => {
  test('an older copy written in +08:00 does not replace a newer local edit', async () => {
    const { db, source, text } = await profileWithExport();
    const local = (await findingsOfSession(db, source.id)).find((f) => f.key === 'b')!;
    await editFindings(db, [local.id], { status: 'confirmed' }, new Date('2025-07-01T02:00:00Z'));
    const file = JSON.parse(text);
    const copy = file.findings.find((f: { id: string }) => f.id === local.id);
    copy.status = 'dismissed';
    // 09:00 in Beijing is 01:00 UTC: an hour before the local edit, though it sorts after it as text.
    copy.updatedAt = '2025-07-01T09:00:00+08:00';
    await importIntoSession(db, source.id, JSON.stringify(file));
    expect((await findingsOfSession(db, source.id)).find((f) => f.id === local.id)?.status).toBe('confirmed');
  });
});

/** The ImportError a text raises, in both languages. */
function failure(text: string): { where: string; zh: string; whereEn: string; en: string } {
  try {
    parseExportFile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    const e = error as ImportError;
    return { where: e.where, zh: e.reasonIn('zh_CN'), whereEn: e.whereIn('en'), en: e.reasonIn('en') };
  }
  throw new Error('parsed');
}

describe('a file that is not a findings export says what it is, in Chinese and in English', () => {
  const good = () => JSON.parse(findingsToJson({ findings: [makeFinding()], evidence: [] }));

  test('a workbook or an image picked by mistake is named, without its bytes in the message', () => {
    const png = failure('\uFFFDPNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000');
    expect(png.zh).toMatch(/^这是 PNG 图片，不是 JSON 文本/);
    expect(png.en).toMatch(/^this is a PNG image, not JSON text/);
    expect(png.zh).not.toMatch(/[\u0000-\u001f]/);
    expect(failure('PK\u0003\u0004\u0014\u0000\u0006\u0000\b\u0000').zh).toMatch(/^这是 Excel（\.xlsx）/);
    expect(failure('\uFEFF站点,指标,问题类型,严重程度\r\na.gov.cn,链接异常').zh).toMatch(/CSV 问题清单/);
    expect(failure('<!doctype html>\n<html lang="zh-CN">').zh).toMatch(/HTML/);
    expect(failure('   ').zh).toMatch(/^文件是空的/);
  });

  test('a file cut short says so and where it breaks off, a BOM in front changes nothing', () => {
    const text = findingsToJson({ findings: [makeFinding(), makeFinding()], evidence: [] });
    const cut = failure(`\uFEFF${text.slice(0, 400)}`);
    expect(cut.zh).toMatch(/文件不完整/);
    expect(cut.en).toMatch(/cut short/);
    expect(cut.where).toMatch(/^第 \d+ 行第 \d+ 列$/);
    expect(cut.whereEn).toMatch(/^line \d+, column \d+$/);
    // A syntax error in the middle is located on its line.
    const lines = text.split('\n');
    expect(lines[6]).toMatch(/^ {6}"id": ".*",$/);
    lines[6] = lines[6].replace(/,$/, '');
    const missingComma = failure(lines.join('\n'));
    // The next property, where a comma was due: line 8, after its six spaces of indent.
    expect(missingComma.where).toBe('第 8 行第 7 列');
    expect(missingComma.zh).toMatch(/逗号/);
  });

  test('a newer format version, a rule pack and another JSON document are told apart', () => {
    const newer = good();
    newer.formatVersion = 2;
    expect(failure(JSON.stringify(newer))).toMatchObject({ where: 'formatVersion', zh: expect.stringMatching(/较新版本.*升级/), en: expect.stringMatching(/newer version/) });
    expect(failure(JSON.stringify({ version: 3, name: '规则包', links: {}, wording: [] })).zh).toMatch(/规则包/);
    expect(failure('[1, 2]')).toMatchObject({ where: '(根)', whereEn: '(root)', zh: expect.stringMatching(/不是政府网站检查助手导出的问题数据/) });
  });

  test('a wrong-typed field is named by its path with the reason in each language', () => {
    const wrong = good();
    wrong.findings[0].version = '1';
    const e = failure(JSON.stringify(wrong));
    expect(e.where).toBe('findings[0].version');
    expect(e.zh).toMatch(/^无效输入：期望 数字/);
    expect(e.en).toMatch(/^Invalid input: expected number/);
  });
});

describe('an export without a session', () => {
  test('and an unreadable export time still becomes a session (named and dated by the import)', async () => {
    db = await openStore(`gsi-import-hostile-${++n}`);
    const file = JSON.parse(findingsToJson({ findings: [makeFinding({ id: crypto.randomUUID() })], evidence: [] }));
    file.exportedAt = '上周';
    const result = await importAsNewSession(db, JSON.stringify(file), NOW);
    expect(result.added).toBe(1);
    expect(await listSessions(db)).toMatchObject([{ quarter: '2025Q2', name: '导入的检查任务（2025-06-30）' }]);
  });
});
