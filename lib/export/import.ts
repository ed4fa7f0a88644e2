import type { Finding } from '../findings';
import { importFindings, type ImportResult } from '../store/recording';
import { createSession, getSession, quarterOf } from '../store/sessions';
import { writeTx, type EvidenceRecord, type InspectorStore } from '../store/db';
import { uuidFromBytes } from '../uuid';
import { importedEvidence } from './evidence';
import { ImportError, checkImportSize, parseExportFile, type ExportFile } from './json';

export interface FileImportResult extends ImportResult {
  /** Screenshots added (ones already stored are kept as they are). */
  evidence: number;
  sessionId: string;
  /**
   * Findings that came with a supervisor's review (status accepted/rejected, reviewer, comment, time): a
   * file cannot carry a review, only the sync server can, so these are imported without it.
   */
  reviewsRemoved: number;
  /** Ids that appear more than once among the file's findings: the newest copy of each was imported. */
  duplicateIds: string[];
}

interface Prepared {
  file: ExportFile;
  findings: Finding[];
  evidence: EvidenceRecord[];
  reviewsRemoved: number;
  duplicateIds: string[];
}

/** A file picked for import, read only when its size is within the limit (lib/export/json MAX_IMPORT_BYTES). */
export async function readImportFile(file: Blob): Promise<string> {
  checkImportSize(file.size);
  return file.text();
}

/**
 * The finding without what only a supervisor writes: an accepted finding becomes the inspector's
 * confirmed one, a rejected one dismissed. A review comes from the sync server alone; one in a file could
 * have been written by anybody.
 */
function withoutReview(f: Finding): { finding: Finding; removed: boolean } {
  const { reviewer, reviewComment, reviewedAt, ...rest } = f;
  const reviewed = f.status === 'accepted' || f.status === 'rejected';
  if (!reviewed && reviewer === undefined && reviewComment === undefined && reviewedAt === undefined) return { finding: f, removed: false };
  const status = f.status === 'accepted' ? 'confirmed' : f.status === 'rejected' ? 'dismissed' : f.status;
  return { finding: { ...rest, status }, removed: true };
}

/** One copy per id, the newest (by updatedAt; the first of equals), in the file's order; and the repeated ids. */
function uniqueById(findings: readonly Finding[]): { findings: Finding[]; duplicateIds: string[] } {
  const best = new Map<string, Finding>();
  const repeated = new Set<string>();
  for (const f of findings) {
    const seen = best.get(f.id);
    if (seen) repeated.add(f.id);
    if (!seen || seen.updatedAt < f.updatedAt) best.set(f.id, f);
  }
  if (!repeated.size) return { findings: [...findings], duplicateIds: [] };
  const out: Finding[] = [];
  const placed = new Set<string>();
  for (const f of findings) {
    if (placed.has(f.id)) continue;
    placed.add(f.id);
    out.push(best.get(f.id)!);
  }
  return { findings: out, duplicateIds: [...repeated] };
}

/** An ISO time in the one form the store compares as text (UTC, milliseconds, Z): `+08:00` sorts wrongly otherwise. */
function utc(iso: string): string {
  return new Date(iso).toISOString();
}

/** Validate the whole file and decode its images before anything is written: a bad file changes nothing. */
function prepare(text: string, sessionId: string): Prepared {
  const file = parseExportFile(text);
  const evidence = file.evidence.map((entry, i) => {
    try {
      return { ...importedEvidence(entry, sessionId), capturedAt: utc(entry.capturedAt) };
    } catch (error) {
      throw new ImportError({ zh: (error as Error).message, en: `screenshot ${entry.id}: the image is not base64 data of its type` }, { path: `evidence[${i}].dataUrl` });
    }
  });
  let reviewsRemoved = 0;
  const cleaned = file.findings.map((raw) => {
    const { finding: f, removed } = withoutReview(raw);
    if (removed) reviewsRemoved++;
    return { ...f, createdAt: utc(f.createdAt), updatedAt: utc(f.updatedAt) };
  });
  const { findings, duplicateIds } = uniqueById(cleaned);
  return { file, findings, evidence, reviewsRemoved, duplicateIds };
}

/**
 * An id for the copy of a record that another session holds: derived from the target session and the
 * original id (a name-based UUID), so importing the same file into the same session again finds it.
 */
async function copyId(sessionId: string, id: string): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${sessionId}/${id}`));
  return uuidFromBytes(new Uint8Array(hash), 5);
}

/**
 * Records are keyed by id across all sessions: a finding or screenshot of the file that another session of
 * this profile already holds (the file was exported here, or both came from one colleague) is imported as a
 * copy under its own id, so the other session keeps it. Without this the copy was skipped (an empty new
 * session) or, when newer, moved out of the session it belonged to.
 */
async function ownIds(db: InspectorStore, sessionId: string, prepared: Prepared): Promise<Prepared> {
  const tx = db.transaction(['findings', 'evidence']);
  const [findingOwners, evidenceOwners] = await Promise.all([
    Promise.all(prepared.findings.map((f) => tx.objectStore('findings').get(f.id))),
    Promise.all(prepared.evidence.map((e) => tx.objectStore('evidence').get(e.id))),
  ]);
  await tx.done;
  const renamed = new Map<string, string>();
  const renamedShots = new Map<string, string>();
  for (const [i, old] of findingOwners.entries()) {
    if (old && old.sessionId !== sessionId) renamed.set(prepared.findings[i].id, await copyId(sessionId, prepared.findings[i].id));
  }
  for (const [i, old] of evidenceOwners.entries()) {
    if (old && old.sessionId !== sessionId) renamedShots.set(prepared.evidence[i].id, await copyId(sessionId, prepared.evidence[i].id));
  }
  if (!renamed.size && !renamedShots.size) return prepared;
  return {
    ...prepared,
    findings: prepared.findings.map((f) => ({
      ...f,
      id: renamed.get(f.id) ?? f.id,
      ...(f.screenshotId ? { screenshotId: renamedShots.get(f.screenshotId) ?? f.screenshotId } : {}),
    })),
    evidence: prepared.evidence.map((e) => ({
      ...e,
      id: renamedShots.get(e.id) ?? e.id,
      findingIds: e.findingIds.map((id) => renamed.get(id) ?? id),
    })),
  };
}

async function importPrepared(db: InspectorStore, sessionId: string, prepared: Prepared): Promise<FileImportResult> {
  const { findings, evidence } = await ownIds(db, sessionId, prepared);
  const added = await storeEvidence(db, evidence.map((e) => ({ ...e, sessionId })));
  const result = await importFindings(db, sessionId, findings);
  return { ...result, evidence: added, sessionId, reviewsRemoved: prepared.reviewsRemoved, duplicateIds: prepared.duplicateIds };
}

/**
 * Merge a JSON export into a session: findings by id (the newer copy wins, the same finding under another
 * id is not duplicated) and their screenshots. Screenshots go first, so a finding never points at an image
 * that did not land. Throws ImportError (where the file is wrong) before writing anything.
 */
export async function importIntoSession(db: InspectorStore, sessionId: string, text: string): Promise<FileImportResult> {
  if (!(await getSession(db, sessionId))) throw new Error(`没有这个检查任务：${sessionId}`);
  return importPrepared(db, sessionId, prepare(text, sessionId));
}

/** A JSON export as a session of its own (name, quarter, inspector and sites from the file); it becomes the active one. */
export async function importAsNewSession(db: InspectorStore, text: string, now = new Date()): Promise<FileImportResult> {
  const prepared = prepare(text, '');
  const from = prepared.file.session;
  const exported = new Date(prepared.file.exportedAt);
  const exportedAt = Number.isNaN(exported.getTime()) ? now : exported;
  const session = await createSession(
    db,
    {
      name: from?.name ?? `导入的检查任务（${exportedAt.toISOString().slice(0, 10)}）`,
      quarter: from?.quarter ?? quarterOf(exportedAt),
      inspector: from?.inspector ?? '',
      sites: from?.sites.map((s) => ({ name: s.name, url: s.url })) ?? [],
    },
    now,
  );
  return importPrepared(db, session.id, prepared);
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
