import type { Finding, Session } from '../findings';
import { siteHost } from '../store/sessions';
import type { EvidenceRecord } from '../store/db';
import { findingsToCsv } from './csv';
import { evidenceOfFindings, exportedEvidence, screenshotsByFinding } from './evidence';
import { describeFilter, filterFindings, isFiltered, type FindingFilter } from './filter';
import { findingsToJson } from './json';
import { findingsToHtmlReport } from './report';
import { findingsToXlsx } from './xlsx';
import type { RegisteredSite } from '../rule-pack/pack';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
  html: 'text/html;charset=utf-8',
};
const SUFFIX: Record<ExportFormat, string> = { csv: '问题清单', xlsx: '问题清单', json: '数据', html: '检查报告' };

export interface ExportInput {
  session?: Session;
  /** The session's findings; the filter picks the view that is exported. */
  findings: readonly Finding[];
  filter?: FindingFilter;
  /** The session's evidence; only what the exported findings point at goes into the file. */
  evidence?: readonly EvidenceRecord[];
  /** Screenshot data: URLs by finding id from elsewhere (the review page fetches them from the server); the report only. */
  screenshots?: ReadonlyMap<string, string>;
  /** A line for the report's head, e.g. which screenshots could not be had. */
  note?: string;
  now?: Date;
  /** The rule pack's registry: names for sites the session does not list. */
  registry?: readonly RegisteredSite[];
}

export interface ExportedFile {
  name: string;
  blob: Blob;
  /** Findings in the file. */
  count: number;
}

/** Characters Windows and macOS refuse in file names, and control characters. */
function safeName(text: string): string {
  return text.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').trim().slice(0, 80) || '检查任务';
}

/** The file name: 任务名-2025Q2-问题清单(-筛选)-20250630.csv */
export function exportFileName(format: ExportFormat, session: Session | undefined, filtered: boolean, now = new Date()): string {
  const cst = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  const base = session ? `${safeName(session.name)}-${session.quarter}` : '政府网站检查';
  return `${base}-${SUFFIX[format]}${filtered ? '-筛选' : ''}-${cst}.${format}`;
}

/**
 * The hosts the session's sites go by in its findings (a site listed as gz.gov.cn whose pages are on
 * www.gz.gov.cn is www.gz.gov.cn there), with the names the session gives them.
 */
export function sessionSiteHosts(session: Session | undefined, findings: readonly Finding[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!session) return out;
  const seen = new Set(findings.map((f) => f.site));
  for (const site of session.sites) {
    const host = siteHost(site.url);
    const used = [host, `www.${host}`].filter((h) => seen.has(h));
    for (const h of used.length ? used : [host]) out.set(h, site.name);
  }
  return out;
}

/** One export of a session or of its filtered view, as the sessions page downloads it. */
export async function buildExport(format: ExportFormat, input: ExportInput): Promise<ExportedFile> {
  const filter = input.filter ?? {};
  const findings = filterFindings(input.findings, filter);
  const filtered = isFiltered(filter);
  const now = input.now ?? new Date();
  const name = exportFileName(format, input.session, filtered, now);
  const names = sessionSiteHosts(input.session, input.findings);
  // A view of one site judges that site only; otherwise every listed site gets a verdict (clean ones pass).
  const sites = filter.site ? [filter.site] : [...names.keys()];
  const evidence = () => evidenceOfFindings(findings, input.evidence ?? []);
  let body: BlobPart;
  switch (format) {
    case 'csv':
      body = findingsToCsv(findings);
      break;
    case 'xlsx':
      body = (await findingsToXlsx(findings, { sites, title: input.session?.name, siteNames: names, registry: input.registry })) as Uint8Array<ArrayBuffer>;
      break;
    case 'json':
      body = findingsToJson({ session: input.session, findings, evidence: exportedEvidence(evidence()) });
      break;
    case 'html':
      body = findingsToHtmlReport({
        session: input.session,
        findings,
        sites,
        siteNames: names,
        registry: input.registry,
        scope: describeFilter(filter),
        screenshots: new Map([...screenshotsByFinding(findings, evidence()), ...(input.screenshots ?? [])]),
        note: input.note,
        generatedAt: now,
      });
      break;
  }
  return { name, blob: new Blob([body], { type: TYPES[format] }), count: findings.length };
}
