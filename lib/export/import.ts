import { importFindings, type ImportResult } from '../recording';
import { createSession, getSession, quarterOf } from '../session-store';
import { writeTx, type EvidenceRecord, type InspectorStore } from '../store';
import { importedEvidence } from './evidence';
import { ImportError, parseExportFile, type ExportFile } from './json';

export interface FileImportResult extends ImportResult {
  /** Screenshots added (ones already stored are kept as they are). */
  evidence: number;
  sessionId: string;
}

/** Validate the whole file and decode its images before anything is written: a bad file changes nothing. */
function prepare(text: string, sessionId: string): { file: ExportFile; evidence: EvidenceRecord[] } {
  const file = parseExportFile(text);
  const evidence = file.evidence.map((entry, i) => {
    try {
      return importedEvidence(entry, sessionId);
    } catch (error) {
      throw new ImportError((error as Error).message, `evidence[${i}].dataUrl`);
    }
  });
  return { file, evidence };
}

/**
 * Merge a JSON export into a session: findings by id (the newer copy wins, the same finding under another
 * id is not duplicated) and their screenshots. Screenshots go first, so a finding never points at an image
 * that did not land. Throws ImportError (where the file is wrong) before writing anything.
 */
export async function importIntoSession(db: InspectorStore, sessionId: string, text: string): Promise<FileImportResult> {
  if (!(await getSession(db, sessionId))) throw new Error(`没有这个检查任务：${sessionId}`);
  const { file, evidence } = prepare(text, sessionId);
  const added = await storeEvidence(db, evidence);
  const result = await importFindings(db, sessionId, file.findings);
  return { ...result, evidence: added, sessionId };
}

/** A JSON export as a session of its own (name, quarter, inspector and sites from the file); it becomes the active one. */
export async function importAsNewSession(db: InspectorStore, text: string, now = new Date()): Promise<FileImportResult> {
  const { file } = prepare(text, '');
  const from = file.session;
  const session = await createSession(
    db,
    {
      name: from?.name ?? `导入的检查任务（${file.exportedAt.slice(0, 10)}）`,
      quarter: from?.quarter ?? quarterOf(new Date(file.exportedAt)),
      inspector: from?.inspector ?? '',
      sites: from?.sites.map((s) => ({ name: s.name, url: s.url })) ?? [],
    },
    now,
  );
  return importIntoSession(db, session.id, text);
}

async function storeEvidence(db: InspectorStore, records: readonly EvidenceRecord[]): Promise<number> {
  if (!records.length) return 0;
  return writeTx(db, ['evidence'], async (tx) => {
    let added = 0;
    for (const record of records) {
      if (await tx.objectStore('evidence').getKey(record.id)) continue;
      await tx.objectStore('evidence').put(record);
      added++;
    }
    return added;
  });
}
