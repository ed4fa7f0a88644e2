import { z } from 'zod';
import { PageVisit } from './visit';

/**
 * The resume state of a sweep: JSON lines, a header naming what was asked, then one line per page as it
 * was visited. Appending a line per page keeps saving cheap on a big sweep; a line cut short by a kill is
 * ignored (that page is visited again). A run asked something else (other sites, limits, check date or
 * rule pack) does not reuse the state.
 */
const Header = z.object({ format: z.literal('gov-site-inspector/sweep-state'), version: z.literal(1), fingerprint: z.string() });
const Line = z.object({ site: z.string(), visit: PageVisit });

/** Pages already visited, by site home URL, then by the URL the sweep asked for. */
export type SavedVisits = Map<string, Map<string, PageVisit>>;

export function stateHeader(fingerprint: string): string {
  return `${JSON.stringify({ format: 'gov-site-inspector/sweep-state', version: 1, fingerprint })}\n`;
}

export function stateLine(site: string, visit: PageVisit): string {
  return `${JSON.stringify({ site, visit })}\n`;
}

export type ParsedState = { ok: true; visits: SavedVisits; lines: number } | { ok: false; reason: string };

export function parseState(text: string, fingerprint: string): ParsedState {
  const lines = text.split('\n');
  let header: unknown;
  try {
    header = JSON.parse(lines[0] ?? '');
  } catch {
    return { ok: false, reason: '续查状态文件的第一行不是有效的 JSON' };
  }
  const h = Header.safeParse(header);
  if (!h.success) return { ok: false, reason: '不是续查状态文件' };
  if (h.data.fingerprint !== fingerprint) return { ok: false, reason: '上次检查的站点、深度、页面上限、检查日期或规则包与本次不同' };
  const visits: SavedVisits = new Map();
  let count = 0;
  for (const raw of lines.slice(1)) {
    if (!raw.trim()) continue;
    let parsed;
    try {
      parsed = Line.safeParse(JSON.parse(raw));
    } catch {
      continue; // the last line of a killed run may be cut short
    }
    if (!parsed.success) continue;
    const { site, visit } = parsed.data;
    if (!visits.has(site)) visits.set(site, new Map());
    visits.get(site)!.set(visit.url, visit);
    count++;
  }
  return { ok: true, visits, lines: count };
}

/** A short stable hash of what a sweep was asked, for the state header. */
export function fingerprintOf(value: unknown): string {
  const text = JSON.stringify(value);
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x01000197) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
