import type { Finding } from '@/lib/findings';
import { bytesDataUrl } from '@/lib/export/evidence';
import { errorWords } from '@/lib/sync/errors';
import type { SyncApi } from '@/lib/sync/api';

/** Screenshots fetched at once: enough to hide the latency, few enough not to trip the server's rate limit. */
export const EVIDENCE_CONCURRENCY = 4;

export interface ServerScreenshots {
  /** data: URLs by finding id. */
  byFinding: Map<string, string>;
  /** Screenshot ids that could not be fetched, with why. */
  failed: Array<{ id: string; error: string }>;
}

/**
 * The screenshots of `findings` from the sync server (GET /api/evidence/:id with the token), each image
 * once however many findings share it, at most `concurrency` at a time. A screenshot that cannot be had
 * (deleted, not uploaded yet, network) is skipped and listed, so the report is still made without it.
 */
export async function fetchScreenshots(api: Pick<SyncApi, 'getEvidence'>, findings: readonly Finding[], concurrency = EVIDENCE_CONCURRENCY): Promise<ServerScreenshots> {
  const ids = [...new Set(findings.map((f) => f.screenshotId).filter((id): id is string => !!id))];
  const urls = new Map<string, string>();
  const failed: ServerScreenshots['failed'] = [];
  let next = 0;
  async function worker(): Promise<void> {
    while (next < ids.length) {
      const id = ids[next++];
      try {
        const blob = await api.getEvidence(id);
        urls.set(id, bytesDataUrl(blob.type.split(';')[0].trim(), await blob.arrayBuffer()));
      } catch (error) {
        failed.push({ id, error: errorWords(error) });
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  const byFinding = new Map<string, string>();
  for (const f of findings) {
    const url = f.screenshotId && urls.get(f.screenshotId);
    if (url) byFinding.set(f.id, url);
  }
  return { byFinding, failed };
}
