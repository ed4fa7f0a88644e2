import 'fake-indexeddb/auto';
import { afterEach, expect, test } from 'vitest';
import { importAsNewSession, readImportFile } from '@/lib/export/import';
import { findingsToJson, ImportError, MAX_IMPORT_BYTES } from '@/lib/export/json';
import { openStore, type InspectorStore } from '@/lib/store/db';
import { findingsOfSession } from '@/lib/store/recording';
import { translator } from '@/lib/i18n';
import { importSummary } from '@/components/sessions/import-summary';
import { makeFinding } from '../../factories';

let db: InspectorStore | undefined;
let n = 0;
afterEach(() => db?.close());

test('a file cannot bring supervisor reviews: verdicts become inspector statuses, reviewer and comment are dropped, the summary says so', async () => {
  db = await openStore(`gsi-import-review-${++n}`);
  const review = { reviewer: '王审核', reviewComment: '属实，限期整改', reviewedAt: '2025-07-01T02:00:00.000Z' };
  const findings = [
    makeFinding({ id: crypto.randomUUID(), key: 'a', status: 'accepted', ...review }),
    makeFinding({ id: crypto.randomUUID(), key: 'b', status: 'rejected', ...review }),
    makeFinding({ id: crypto.randomUUID(), key: 'c', status: 'open', reviewComment: '夹带的意见' }),
    makeFinding({ id: crypto.randomUUID(), key: 'd', status: 'confirmed', note: '检查员备注' }),
  ];
  const result = await importAsNewSession(db, findingsToJson({ findings, evidence: [] }));
  expect(result).toMatchObject({ added: 4, reviewsRemoved: 3, duplicateIds: [] });
  const stored = new Map((await findingsOfSession(db, result.sessionId)).map((f) => [f.key, f]));
  expect([...'abcd'].map((k) => stored.get(k)!.status)).toEqual(['confirmed', 'dismissed', 'open', 'confirmed']);
  for (const f of stored.values()) {
    expect(f.reviewer).toBeUndefined();
    expect(f.reviewComment).toBeUndefined();
    expect(f.reviewedAt).toBeUndefined();
  }
  expect(stored.get('d')!.note).toBe('检查员备注');
  const said = importSummary(translator('zh_CN'), 'colleague.json', result);
  expect(said).toContain('“colleague.json”导入完成：新增 4 条');
  expect(said).toContain('其中 3 条带有审核结论或审核意见');
  expect(importSummary(translator('en'), 'colleague.json', result)).toContain('3 of them carried a review verdict or comment');
});

test('ids repeated inside one file are reported; the newest copy of each is imported', async () => {
  db = await openStore(`gsi-import-review-${++n}`);
  const id = crypto.randomUUID();
  const older = makeFinding({ id, key: 'x', note: '旧', updatedAt: '2025-06-30T02:00:00.000Z' });
  const newer = { ...older, note: '新', updatedAt: '2025-06-30T03:00:00.000Z' };
  const other = makeFinding({ id: crypto.randomUUID(), key: 'y' });
  const result = await importAsNewSession(db, findingsToJson({ findings: [newer, other, older], evidence: [] }));
  expect(result).toMatchObject({ added: 2, duplicateIds: [id] });
  const stored = await findingsOfSession(db, result.sessionId);
  expect(stored.find((f) => f.id === id)?.note).toBe('新');
  expect(importSummary(translator('zh_CN'), 'f.json', result)).toContain(`文件中有 1 个编号重复出现（如 ${id}）`);
});

test('a file over the size limit is refused before it is read, with a clear message', async () => {
  let read = false;
  const huge = {
    size: MAX_IMPORT_BYTES + 1,
    text: async () => {
      read = true;
      return '{}';
    },
  } as unknown as Blob;
  const error = await readImportFile(huge).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  expect((error as ImportError).reasonIn('zh_CN')).toMatch(/^文件太大（50 MB），最多只能导入 50 MB/);
  expect((error as ImportError).reasonIn('en')).toMatch(/too large/);
  expect(read).toBe(false);
  await expect(readImportFile(new Blob(['{"a":1}']))).resolves.toBe('{"a":1}');
});
