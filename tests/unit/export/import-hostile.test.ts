import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test } from 'vitest';
import { buildExport } from '@/lib/export/files';
import { importAsNewSession, importIntoSession } from '@/lib/export/import';
import { openStore, type InspectorStore } from '@/lib/store';
import { createSession, listSessions } from '@/lib/session-store';
import { editFindings, findingsOfSession, recordScan } from '@/lib/recording';
import { evidenceOfSession, saveEvidence } from '@/lib/evidence-store';
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
