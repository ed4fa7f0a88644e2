import { z } from 'zod';
import { Evidence, Finding, Session } from '../findings';

/** The re-importable JSON export of a session (or a filtered view). */
export const ExportFile = z.object({
  format: z.literal('gov-site-inspector/findings'),
  formatVersion: z.literal(1),
  exportedAt: z.string(),
  session: Session.optional(),
  findings: z.array(Finding),
  /** Evidence records with their images as data: URLs, so a report can be rebuilt elsewhere. */
  evidence: z.array(Evidence.extend({ dataUrl: z.string().startsWith('data:image/') })).default([]),
});
export type ExportFile = z.infer<typeof ExportFile>;

export function findingsToJson(file: Omit<ExportFile, 'format' | 'formatVersion' | 'exportedAt'>): string {
  const out: ExportFile = { format: 'gov-site-inspector/findings', formatVersion: 1, exportedAt: new Date().toISOString(), ...file };
  return JSON.stringify(out, null, 2);
}

export class ImportError extends Error {
  constructor(
    message: string,
    /** Where in the file: a JSON path like findings[3].rule, or line:column for syntax errors. */
    readonly where: string,
  ) {
    super(`${where}: ${message}`);
  }
}

/** Parse and validate an export file; throws ImportError saying where the file is wrong. */
export function parseExportFile(text: string): ExportFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportError(`不是有效的 JSON（${String((error as Error).message)}）`, jsonErrorWhere(text, error as Error));
  }
  const parsed = ExportFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(根)';
    throw new ImportError(`${issue.message}（共 ${parsed.error.issues.length} 处错误）`, where);
  }
  return parsed.data;
}

function jsonErrorWhere(text: string, error: Error): string {
  // Firefox names the line and column itself.
  const lc = /line (\d+) column (\d+)/.exec(error.message);
  if (lc) return `第 ${lc[1]} 行第 ${lc[2]} 列`;
  // V8 gives a position, or says the text ended early (a truncated file).
  const m = /position (\d+)/.exec(error.message);
  const pos = m ? Number(m[1]) : /end of JSON input/.test(error.message) ? text.length : -1;
  if (pos < 0) return '(JSON)';
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `第 ${line} 行第 ${col} 列`;
}

/**
 * Merge imported findings into existing ones by id: an id seen before keeps the copy with the higher
 * version (ties keep the existing one), so importing the same file twice changes nothing.
 */
export function mergeFindings(existing: readonly Finding[], incoming: readonly Finding[]): { merged: Finding[]; added: number; updated: number } {
  const byId = new Map(existing.map((f) => [f.id, f]));
  let added = 0;
  let updated = 0;
  for (const f of incoming) {
    const old = byId.get(f.id);
    if (!old) {
      added++;
      byId.set(f.id, f);
    } else if (f.version > old.version) {
      updated++;
      byId.set(f.id, f);
    }
  }
  return { merged: [...byId.values()], added, updated };
}
