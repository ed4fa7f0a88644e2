import type { Finding } from '@/lib/findings';
import type { FindingFilters, SyncApi } from '@/lib/sync/api';

/** Rows one view holds at most: beyond this the page asks for narrower filters instead of freezing. */
export const VIEW_LIMIT = 20_000;
const PAGE = 1000;

export interface Loaded {
  rows: Map<string, Finding>;
  /** Where a refresh continues: only rows changed since come back. */
  next?: string;
  /** More rows matched than VIEW_LIMIT. */
  truncated: boolean;
}

/**
 * The findings of one filtered view, paged by checkpoint into memory. In memory rather than a cache in
 * IndexedDB: a view is a quarter's findings of a few sites (thousands of rows, a few MB), read fresh each
 * time the page opens so a supervisor never decides on a stale copy; "refresh" asks only for what changed
 * since the view's checkpoint and merges it by id (a changed row comes back with its new version).
 */
export async function loadView(api: SyncApi, filters: FindingFilters, from?: Loaded, onPage?: (n: number) => void): Promise<Loaded> {
  const rows = new Map(from?.rows ?? []);
  let since = from?.next;
  for (;;) {
    const page = await api.pullFindings({ ...filters, since, limit: PAGE });
    for (const f of page.findings) rows.set(f.id, f);
    onPage?.(rows.size);
    if (!page.findings.length || page.next === since) return { rows, next: page.next, truncated: false };
    since = page.next;
    if (rows.size >= VIEW_LIMIT) return { rows, next: since, truncated: true };
  }
}
