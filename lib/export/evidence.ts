import type { Finding } from '../findings';
import type { EvidenceRecord } from '../store/db';
import type { ExportFile } from './json';

type ExportedEvidence = ExportFile['evidence'][number];

/** Base64 of bytes, in chunks: String.fromCharCode over a whole screenshot would overflow the call stack. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A stored screenshot as a data: URL: the report's CSP allows only these, so it prints the same anywhere. */
export function evidenceDataUrl(record: EvidenceRecord): string {
  return bytesDataUrl(record.mime, record.data);
}

/** Image bytes of a known type as a data: URL (a screenshot fetched from the sync server, say). */
export function bytesDataUrl(mime: string, data: ArrayBuffer): string {
  return `data:${mime};base64,${toBase64(new Uint8Array(data))}`;
}

/** The evidence that `findings` point at (by their screenshotId or the evidence's findingIds). */
export function evidenceOfFindings(findings: readonly Finding[], records: readonly EvidenceRecord[]): EvidenceRecord[] {
  const ids = new Set(findings.map((f) => f.id));
  const shots = new Set(findings.map((f) => f.screenshotId).filter(Boolean));
  return records.filter((r) => shots.has(r.id) || r.findingIds.some((id) => ids.has(id)));
}

/**
 * Screenshot data: URLs by finding id, for the report. A finding's own `screenshotId` wins; otherwise the
 * latest evidence naming the finding. Each image is encoded once however many findings share it.
 */
export function screenshotsByFinding(findings: readonly Finding[], records: readonly EvidenceRecord[]): Map<string, string> {
  const byId = new Map(records.map((r) => [r.id, r]));
  const latestFor = new Map<string, EvidenceRecord>();
  for (const r of [...records].sort((a, b) => a.capturedAt.localeCompare(b.capturedAt))) for (const id of r.findingIds) latestFor.set(id, r);
  const encoded = new Map<string, string>();
  const out = new Map<string, string>();
  for (const f of findings) {
    const record = (f.screenshotId ? byId.get(f.screenshotId) : undefined) ?? latestFor.get(f.id);
    if (!record) continue;
    let url = encoded.get(record.id);
    if (!url) encoded.set(record.id, (url = evidenceDataUrl(record)));
    out.set(f.id, url);
  }
  return out;
}

/** Evidence as the JSON export carries it: the metadata plus the image as a data: URL. */
export function exportedEvidence(records: readonly EvidenceRecord[]): ExportedEvidence[] {
  return records.map((record) => {
    const { data: _bytes, ...meta } = record;
    return { ...meta, dataUrl: evidenceDataUrl(record) };
  });
}

export class EvidenceDecodeError extends Error {}

/** An exported evidence entry back to a stored record; a data: URL that is not base64 of its type throws. */
export function importedEvidence(entry: ExportedEvidence, sessionId: string): EvidenceRecord {
  const m = /^data:(image\/(?:png|jpeg|webp));base64,([A-Za-z0-9+/]*={0,2})$/.exec(entry.dataUrl);
  if (!m) throw new EvidenceDecodeError(`截图 ${entry.id} 的图片数据不是 base64 编码的 data: 地址`);
  let binary: string;
  try {
    binary = atob(m[2]);
  } catch {
    throw new EvidenceDecodeError(`截图 ${entry.id} 的图片数据无法解码`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const { dataUrl: _url, ...meta } = entry;
  return { ...meta, sessionId, mime: m[1] as EvidenceRecord['mime'], bytes: bytes.length, data: bytes.buffer };
}
