import type { Kysely } from 'kysely';
import type { Finding } from '../lib/findings';
import { quarterSummary, siteVerdicts } from '../lib/verdict';
import type { Database } from './db';
import type { SummaryQuery, SummaryResponse } from '../lib/sync/wire';

/**
 * GET /api/summary: per-site verdicts against the national veto lines (lib/verdict.ts, the same rule the
 * exports use) and the pass rate. Only decided problems count: confirmed by the inspector or accepted by
 * a supervisor. Open findings are nobody's word yet; they are reported per site as `open` so a supervisor
 * sees what is left to review, but they do not fail a site.
 */
export async function summarize(db: Kysely<Database>, q: SummaryQuery): Promise<SummaryResponse> {
  let base = db.selectFrom('findings');
  if (q.from !== undefined) base = base.where('created_ms', '>=', q.from);
  if (q.to !== undefined) base = base.where('created_ms', '<', q.to);

  const checked = await base.select('site').distinct().execute();
  const openRows = await base
    .select((eb) => ['site', eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'open')
    .groupBy('site')
    .execute();
  const decided = await base.select('data').where('status', 'in', ['confirmed', 'accepted']).execute();

  const findings = decided.map((r) => JSON.parse(r.data) as Finding);
  const verdicts = siteVerdicts(findings, [...checked.map((r) => r.site), ...q.site]);
  const open = new Map(openRows.map((r) => [r.site, Number(r.n)]));
  return {
    ...quarterSummary(verdicts),
    sites: verdicts.map((v) => ({ ...v, open: open.get(v.site) ?? 0 })),
  };
}
