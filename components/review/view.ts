import type { Finding, FindingStatus, RuleId, Severity } from '@/lib/findings';
import type { FindingFilters } from '@/lib/sync/api';

/** The review page's filters: one value each (empty = any), sent to the server as query parameters. */
export interface ReviewFilters {
  site: string;
  rule: RuleId | '';
  severity: Severity | '';
  inspector: string;
  /** `decided`: confirmed by the inspector or accepted (the record, and the page's default view). */
  status: FindingStatus | '' | 'decided';
  /** `YYYY-MM-DD`, China Standard Time: createdAt from this day … */
  from: string;
  /** … up to and including this day. */
  to: string;
}

export const NO_FILTERS: ReviewFilters = { site: '', rule: '', severity: '', inspector: '', status: '', from: '', to: '' };

/** The page opens on the record: what inspectors confirmed and supervisors accepted; the rest is a filter away. */
export const DEFAULT_FILTERS: ReviewFilters = { ...NO_FILTERS, status: 'decided' };

const DECIDED: readonly FindingStatus[] = ['confirmed', 'accepted'];

export type SortKey = 'createdAt' | 'site' | 'rule' | 'severity' | 'status' | 'inspector' | 'label';
export interface Sort {
  key: SortKey;
  desc: boolean;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The day after `YYYY-MM-DD`: the server's `to` is exclusive, the page's "to" day is inclusive. */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function toQuery(f: ReviewFilters): FindingFilters {
  const q: FindingFilters = {};
  if (f.site.trim()) q.site = [f.site.trim()];
  if (f.rule) q.rule = [f.rule];
  if (f.severity) q.severity = [f.severity];
  if (f.inspector.trim()) q.inspector = [f.inspector.trim()];
  if (f.status) q.status = f.status === 'decided' ? [...DECIDED] : [f.status];
  if (DAY_RE.test(f.from)) q.from = f.from;
  if (DAY_RE.test(f.to)) q.to = nextDay(f.to);
  return q;
}

const cstDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

/** The same filters on the page's copy: a row the supervisor just accepted leaves an "open" view. */
export function matches(row: Finding, f: ReviewFilters): boolean {
  if (f.site.trim() && row.site !== f.site.trim()) return false;
  if (f.rule && row.rule !== f.rule) return false;
  if (f.severity && row.severity !== f.severity) return false;
  if (f.inspector.trim() && row.inspector !== f.inspector.trim()) return false;
  if (f.status === 'decided' ? !DECIDED.includes(row.status) : f.status && row.status !== f.status) return false;
  if (DAY_RE.test(f.from) && cstDay(row.createdAt) < f.from) return false;
  if (DAY_RE.test(f.to) && cstDay(row.createdAt) > f.to) return false;
  return true;
}

const SEVERITY_ORDER: Record<Severity, number> = { veto: 0, deduct: 1, review: 2 };
const STATUS_ORDER: Record<FindingStatus, number> = { open: 0, confirmed: 1, dismissed: 2, accepted: 3, rejected: 4 };

function value(row: Finding, key: SortKey): string | number {
  switch (key) {
    case 'createdAt':
      return Date.parse(row.createdAt);
    case 'severity':
      return SEVERITY_ORDER[row.severity];
    case 'status':
      return STATUS_ORDER[row.status];
    case 'inspector':
      return row.inspector ?? '';
    default:
      return row[key];
  }
}

const collator = new Intl.Collator('zh-CN');

/** Sorted copy; ties keep the newest first, then by id, so the order is stable between reloads. */
export function sortRows(rows: readonly Finding[], sort: Sort): Finding[] {
  const dir = sort.desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = value(a, sort.key);
    const vb = value(b, sort.key);
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb));
    if (c) return c * dir;
    return b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
  });
}

/** The quarter's first day and the next quarter's first day (`YYYY-MM-DD`, CST) for the summary. */
export function quarterRange(quarter: string): { from: string; to: string } {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!m) throw new Error(`not a quarter: ${quarter}`);
  const year = Number(m[1]);
  const q = Number(m[2]);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${year}-${pad(q * 3 - 2)}-01`, to: q === 4 ? `${year + 1}-01-01` : `${year}-${pad(q * 3 + 1)}-01` };
}
