import { Evidence } from '../findings';
import { queueIn } from './outbox';
import { writeTx, type EvidenceRecord, type InspectorStore } from './db';
import { newId } from '../uuid';

export interface NewEvidence {
  sessionId?: string;
  findingIds: string[];
  pageUrl: string;
  pageTitle: string;
  blob: Blob;
  width: number;
  height: number;
}

/**
 * Store a screenshot and point its findings at it (`screenshotId`), in one transaction; the image and
 * the changed findings are queued for sync.
 */
export async function saveEvidence(db: InspectorStore, input: NewEvidence, now = new Date()): Promise<Evidence> {
  const time = now.toISOString();
  const meta = Evidence.parse({
    id: newId(),
    ...(input.sessionId ? { sessionId: input.sessionId } : {}),
    findingIds: input.findingIds,
    pageUrl: input.pageUrl.slice(0, 4096),
    pageTitle: input.pageTitle.slice(0, 1000),
    capturedAt: time,
    mime: input.blob.type || 'image/png',
    width: input.width,
    height: input.height,
    bytes: input.blob.size,
  });
  // Read the image before the transaction: a transaction closes when it waits on anything but itself.
  const data = await input.blob.arrayBuffer();
  await writeTx(db, ['evidence', 'findings', 'outbox'], async (tx) => {
    const findings = tx.objectStore('findings');
    const outbox = tx.objectStore('outbox');
    await tx.objectStore('evidence').put({ ...meta, data });
    const changed: string[] = [];
    for (const id of input.findingIds) {
      const row = await findings.get(id);
      if (!row) continue;
      await findings.put({ ...row, screenshotId: meta.id, updatedAt: time });
      changed.push(id);
    }
    // The image goes before the findings that name it.
    await Promise.all([...queueIn(outbox, 'evidence', [meta.id], time), ...queueIn(outbox, 'finding', changed, time)]);
  });
  return meta;
}

export async function getEvidence(db: InspectorStore, id: string): Promise<EvidenceRecord | undefined> {
  return db.get('evidence', id);
}

export async function evidenceOfSession(db: InspectorStore, sessionId: string): Promise<EvidenceRecord[]> {
  return db.getAllFromIndex('evidence', 'by-session', sessionId);
}

/** The stored image as a Blob, for display and upload. */
export function evidenceBlob(record: EvidenceRecord): Blob {
  return new Blob([record.data], { type: record.mime });
}
