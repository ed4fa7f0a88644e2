import { Finding, ScannedPage, type FindingStatus, type RuleId, type Severity } from '../findings';
import { queueIn } from './outbox';
import { writeTx, type InspectorStore } from './db';
import { hostnameOf } from '../sites/match';
import { newId } from '../uuid';
import { pageKey } from '../page/key';
import type { ScanState } from '../messages';

/**
 * The requests of one transaction. If the body fails half-way the transaction is aborted and the requests
 * already issued reject with AbortError: they are awaited together at the end, never left unhandled.
 */
class Writes {
  private readonly all: Promise<unknown>[] = [];
  push(...requests: Promise<unknown>[]): void {
    for (const r of requests) {
      r.catch(() => undefined);
      this.all.push(r);
    }
  }
  done(): Promise<unknown[]> {
    return Promise.all(this.all);
  }
}

/** The fields a scan owns: a rescan refreshes them; everything else (decisions, notes, evidence) is kept. */
const SCAN_FIELDS = ['severity', 'pageTitle', 'selector', 'snippet', 'label', 'href', 'detail', 'message'] as const;

export interface RecordScanInput {
  sessionId: string;
  inspector?: string;
  pageUrl: string;
  pageTitle: string;
  findings: readonly Finding[];
}

export interface RecordScanResult {
  added: number;
  updated: number;
  unchanged: number;
}

/**
 * Merge one page's scan into the session: a finding with a key the session already has updates that
 * record (same id, the inspector's status, note and screenshot kept); a new key is added as `open`.
 * Every added or changed finding is queued for sync in the same transaction.
 */
export async function recordScan(db: InspectorStore, input: RecordScanInput, now = new Date()): Promise<RecordScanResult> {
  const time = now.toISOString();
  const result: RecordScanResult = { added: 0, updated: 0, unchanged: 0 };
  await writeTx(db, ['findings', 'pages', 'outbox'], async (tx) => {
    const findings = tx.objectStore('findings');
    const byKey = findings.index('by-session-key');
    const changed: string[] = [];
    const writes = new Writes();
    const existing = await Promise.all(input.findings.map((f) => byKey.get([input.sessionId, f.key])));
    const seen = new Set<string>();
    input.findings.forEach((f, i) => {
      if (seen.has(f.key)) return;
      seen.add(f.key);
      const old = existing[i];
      if (!old) {
        const fresh: Finding = {
          ...f,
          sessionId: input.sessionId,
          status: 'open',
          createdAt: f.createdAt || time,
          updatedAt: time,
          // The version of the server row this edit is based on: none yet.
          version: 0,
          ...(input.inspector ? { inspector: input.inspector } : {}),
        };
        writes.push(findings.put(fresh));
        changed.push(fresh.id);
        result.added++;
        return;
      }
      const next: Finding = { ...old };
      let differs = false;
      for (const field of SCAN_FIELDS) {
        if (JSON.stringify(old[field]) !== JSON.stringify(f[field])) {
          (next as Record<string, unknown>)[field] = f[field];
          differs = true;
        }
      }
      if (!differs) {
        result.unchanged++;
        return;
      }
      if (f.href === undefined) delete next.href;
      next.updatedAt = time;
      writes.push(findings.put(next));
      changed.push(next.id);
      result.updated++;
    });
    const page: ScannedPage = ScannedPage.parse({
      sessionId: input.sessionId,
      pageUrl: input.pageUrl.slice(0, 4096),
      pageTitle: input.pageTitle.slice(0, 1000),
      site: hostnameOf(input.pageUrl) ?? '',
      scannedAt: time,
      findings: seen.size,
    });
    writes.push(tx.objectStore('pages').put(page));
    writes.push(...queueIn(tx.objectStore('outbox'), 'finding', changed, time));
    await writes.done();
  });
  return result;
}

/** The session's stored findings for one page (what the popup lists), oldest first. */
export async function findingsForPage(db: InspectorStore, sessionId: string, pageUrl: string): Promise<Finding[]> {
  return db.getAllFromIndex('findings', 'by-session-page', [sessionId, pageUrl]);
}

export async function findingsOfSession(db: InspectorStore, sessionId: string): Promise<Finding[]> {
  return db.getAllFromIndex('findings', 'by-session', sessionId);
}

export async function getFindings(db: InspectorStore, ids: readonly string[]): Promise<Finding[]> {
  const tx = db.transaction('findings');
  const rows = await Promise.all(ids.map((id) => tx.objectStore('findings').get(id)));
  await tx.done;
  return rows.filter((f): f is Finding => !!f);
}

export interface FindingEdit {
  status?: Extract<FindingStatus, 'open' | 'confirmed' | 'dismissed'>;
  /** An empty note removes it. */
  note?: string;
  screenshotId?: string;
}

/** The inspector's edit of one or many findings (confirm, dismiss, note, evidence); queued for sync. */
export async function editFindings(db: InspectorStore, ids: readonly string[], edit: FindingEdit, now = new Date()): Promise<Finding[]> {
  const time = now.toISOString();
  return writeTx(db, ['findings', 'outbox'], async (tx) => {
    const store = tx.objectStore('findings');
    const rows = await Promise.all(ids.map((id) => store.get(id)));
    const out: Finding[] = [];
    const writes = new Writes();
    for (const row of rows) {
      if (!row) continue;
      const next: Finding = { ...row, updatedAt: time };
      // After a supervisor's review the status is theirs; the inspector can still add a note or evidence.
      if (edit.status && row.status !== 'accepted' && row.status !== 'rejected') next.status = edit.status;
      if (edit.note !== undefined) {
        if (edit.note.trim()) next.note = edit.note.slice(0, 4000);
        else delete next.note;
      }
      if (edit.screenshotId !== undefined) next.screenshotId = edit.screenshotId;
      out.push(Finding.parse(next));
      writes.push(store.put(next));
    }
    writes.push(...queueIn(tx.objectStore('outbox'), 'finding', out.map((f) => f.id), time));
    await writes.done();
    return out;
  });
}

export interface ManualFindingInput {
  sessionId: string;
  inspector?: string;
  rule: RuleId;
  severity: Severity;
  pageUrl: string;
  pageTitle: string;
  /** The picked element, or empty for the whole page. */
  selector: string;
  snippet: string;
  label: string;
  note?: string;
  /** A free-text category for problems no rule catches (e.g. 其他). */
  category?: string;
}

/** A finding the inspector adds by hand: confirmed from the start, marked `detail.manual`. */
export async function addManualFinding(db: InspectorStore, input: ManualFindingInput, now = new Date()): Promise<Finding> {
  const time = now.toISOString();
  const id = newId();
  const finding = Finding.parse({
    id,
    key: `manual-${id}`,
    rule: input.rule,
    severity: input.severity,
    status: 'confirmed',
    pageUrl: input.pageUrl.slice(0, 4096),
    pageTitle: input.pageTitle.slice(0, 1000),
    site: hostnameOf(input.pageUrl) ?? '',
    selector: input.selector.slice(0, 2000),
    snippet: input.snippet.slice(0, 1000),
    label: (input.label || input.pageTitle || input.pageUrl).slice(0, 500),
    detail: { manual: true, ...(input.category ? { category: input.category.slice(0, 100) } : {}) },
    message: `人工记录：${(input.note || input.label || '').slice(0, 1900)}`,
    createdAt: time,
    updatedAt: time,
    sessionId: input.sessionId,
    ...(input.inspector ? { inspector: input.inspector } : {}),
    ...(input.note?.trim() ? { note: input.note.slice(0, 4000) } : {}),
    version: 0,
  });
  await writeTx(db, ['findings', 'outbox'], (tx) => Promise.all([tx.objectStore('findings').put(finding), ...queueIn(tx.objectStore('outbox'), 'finding', [id], time)]));
  return finding;
}

export interface ImportResult {
  added: number;
  updated: number;
  unchanged: number;
}

/**
 * Merge findings (a re-imported JSON export) into a session by id: an id already stored keeps the newer
 * record (by `updatedAt`); a record whose (session, key) exists under another id is the same finding and
 * is skipped. Nothing is queued: imported findings are someone's export, not this inspector's edits.
 */
export async function importFindings(db: InspectorStore, sessionId: string, findings: readonly Finding[]): Promise<ImportResult> {
  const result: ImportResult = { added: 0, updated: 0, unchanged: 0 };
  await writeTx(db, ['findings'], async (tx) => {
    const byKey = tx.objectStore('findings').index('by-session-key');
    for (const f of findings) {
      const row = { ...f, sessionId };
      const old = await tx.objectStore('findings').get(f.id);
      if (old) {
        if (old.updatedAt < row.updatedAt) {
          await tx.objectStore('findings').put(row);
          result.updated++;
        } else result.unchanged++;
        continue;
      }
      if (await byKey.getKey([sessionId, f.key])) {
        result.unchanged++;
        continue;
      }
      await tx.objectStore('findings').put(row);
      result.added++;
    }
  });
  return result;
}

/** The page a scan's findings are stored under: its findings' page, else the address without its fragment. */
export function pageUrlOfScan(state: Pick<ScanState, 'url' | 'findings'>): string {
  return state.findings[0]?.pageUrl ?? pageKey(state.url);
}

/** Record a page's live scan into a session, as the background does when a scan settles. */
export function recordLiveScan(
  db: InspectorStore,
  session: { id: string; inspector: string },
  state: Pick<ScanState, 'url' | 'title' | 'findings'>,
): Promise<RecordScanResult> {
  return recordScan(db, { sessionId: session.id, inspector: session.inspector, pageUrl: pageUrlOfScan(state), pageTitle: state.title, findings: state.findings });
}
