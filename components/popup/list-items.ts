import type { Finding } from '@/lib/findings';
import type { ScanState } from '@/lib/messages';
import type { ListItem } from './types';

/**
 * The popup's list: the session's stored findings of this page (with the inspector's decisions) and the
 * live scan's findings not stored yet, in the page's order. The store reads in id order, which is random;
 * the live scan is in page order, and rows ("第 2 处（共 3 处）") count positions by it. Stored findings the
 * scan does not have (manual ones, ones no longer found) come after.
 */
export function listItems(state: ScanState, stored: readonly Finding[]): ListItem[] {
  const livePosition = new Map(state.findings.map((f, i) => [f.key, i]));
  const storedKeys = new Set(stored.map((f) => f.key));
  const items: (ListItem & { at: number })[] = [
    ...stored.map((f) => ({
      finding: f,
      gone: state.phase === 'done' && f.detail.manual !== true && !livePosition.has(f.key),
      at: livePosition.get(f.key) ?? Number.MAX_SAFE_INTEGER,
    })),
    ...state.findings.filter((f) => !storedKeys.has(f.key)).map((f) => ({ finding: f, gone: false, at: livePosition.get(f.key)! })),
  ];
  return items.sort((a, b) => a.at - b.at).map(({ finding, gone }) => ({ finding, gone }));
}
