import { z } from 'zod';
import { en, zhCN } from 'zod/locales';
import { binaryKind, firstSyntaxError, type Said } from '../rule-pack/json-syntax';
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

type Lang = 'zh_CN' | 'en';

/** Where in the file a problem is: a JSON path (findings[3].rule), or a line and column for syntax errors. */
export interface FileLocation {
  path?: string;
  line?: number;
  column?: number;
}

function whereText(at: FileLocation, lang: Lang): string {
  if (at.line !== undefined) return lang === 'zh_CN' ? `第 ${at.line} 行第 ${at.column} 列` : `line ${at.line}, column ${at.column}`;
  if (at.path !== undefined) return at.path || (lang === 'zh_CN' ? '(根)' : '(root)');
  return lang === 'zh_CN' ? '(整个文件)' : '(whole file)';
}

export class ImportError extends Error {
  /** Where, in Chinese: a JSON path like findings[3].rule, or 第 3 行第 5 列 for syntax errors. */
  readonly where: string;

  constructor(
    /** What is wrong, in both languages. */
    readonly said: Said,
    readonly location: FileLocation = {},
  ) {
    const where = whereText(location, 'zh_CN');
    super(`${where}: ${said.zh}`);
    this.where = where;
  }

  whereIn(lang: Lang): string {
    return whereText(this.location, lang);
  }

  reasonIn(lang: Lang): string {
    return lang === 'zh_CN' ? this.said.zh : this.said.en;
  }
}

const FORMAT = 'gov-site-inspector/findings';
const ONLY_JSON: Said = {
  zh: '只能导入以“JSON（可重新导入）”导出的 .json 文件',
  en: 'only a .json file exported as “JSON (re-importable)” can be imported',
};

/** A text that is not JSON: what it looks like, and where the JSON goes wrong. */
function notJson(text: string): ImportError {
  if (!text.trim()) return new ImportError({ zh: `文件是空的；${ONLY_JSON.zh}`, en: `the file is empty; ${ONLY_JSON.en}` });
  const binary = binaryKind(text);
  if (binary) return new ImportError({ zh: `${binary.zh}，不是 JSON 文本；${ONLY_JSON.zh}`, en: `${binary.en}, not JSON text; ${ONLY_JSON.en}` });
  const head = text.slice(0, 200).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) {
    return new ImportError({ zh: `这是 HTML 网页（如导出的检查报告）；${ONLY_JSON.zh}`, en: `this is an HTML page (such as an exported report); ${ONLY_JSON.en}` });
  }
  if (/^站点,指标,问题类型/.test(head)) {
    return new ImportError({ zh: `这是导出的 CSV 问题清单；${ONLY_JSON.zh}`, en: `this is an exported CSV list of findings; ${ONLY_JSON.en}` });
  }
  const error = firstSyntaxError(text);
  if (!error) return new ImportError({ zh: '不是有效的 JSON', en: 'not valid JSON' });
  const at = { line: error.line, column: error.column };
  if (error.truncated) {
    return new ImportError(
      { zh: '文件不完整，在此处中断，可能下载或复制时被截断', en: 'the file breaks off here; it was probably cut short when downloaded or copied' },
      at,
    );
  }
  return new ImportError({ zh: `不是有效的 JSON：${error.said.zh}`, en: `not valid JSON: ${error.said.en}` }, at);
}

/** A JSON document that is not a findings export (a rule pack, another tool's file) or one from a newer version. */
function wrongDocument(raw: unknown): ImportError | undefined {
  const doc = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  if (doc?.format === FORMAT) {
    const v = doc.formatVersion;
    if (typeof v === 'number' && v > 1) {
      return new ImportError(
        { zh: `此文件由较新版本的检查助手导出（格式版本 ${v}），当前版本只能读取格式版本 1；请先升级扩展`, en: `this file was exported by a newer version of the extension (format version ${v}); this version reads format version 1 only, so update the extension first` },
        { path: 'formatVersion' },
      );
    }
    return undefined;
  }
  if (doc && 'links' in doc && 'wording' in doc) {
    return new ImportError(
      { zh: '这是规则包文件，请在“设置”页导入；此处只能导入导出的问题数据（JSON）', en: 'this is a rule pack: import it on the settings page; only exported findings data (JSON) can be imported here' },
      { path: 'format' },
    );
  }
  return new ImportError(
    { zh: `不是政府网站检查助手导出的问题数据（format 应为 ${FORMAT}）；${ONLY_JSON.zh}`, en: `not findings data exported by Gov Site Inspector (format should be ${FORMAT}); ${ONLY_JSON.en}` },
    { path: doc ? 'format' : '' },
  );
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

/**
 * The largest file an import reads. JSON.parse takes about three times a file's size in memory (70 MB of
 * file, 210 MB of heap); 50 MB holds a quarter's findings with a few dozen full-page screenshots.
 */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** The size check every import makes before reading or parsing anything; `bytes` is the file's size. */
export function checkImportSize(bytes: number): void {
  if (bytes <= MAX_IMPORT_BYTES) return;
  throw new ImportError({
    zh: `文件太大（${mb(bytes)}），最多只能导入 ${mb(MAX_IMPORT_BYTES)}：请按站点或时间分开导出后分别导入`,
    en: `the file is too large (${mb(bytes)}); at most ${mb(MAX_IMPORT_BYTES)} can be imported: export by site or period and import the parts`,
  });
}

/** Parse and validate an export file; throws ImportError saying, in Chinese and English, where the file is wrong. */
export function parseExportFile(text: string): ExportFile {
  // A text has at least as many UTF-8 bytes as UTF-16 units: one longer than the limit is refused unparsed.
  checkImportSize(text.length);
  const source = text.replace(/^\uFEFF/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch {
    throw notJson(source);
  }
  const wrong = wrongDocument(raw);
  if (wrong) throw wrong;
  const parsed = ExportFile.safeParse(raw, { error: zhCN().localeError });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const count = parsed.error.issues.length;
  const english = ExportFile.safeParse(raw, { error: en().localeError });
  const enMessage = english.success ? issue.message : english.error.issues[0].message;
  throw new ImportError({ zh: `${issue.message}（共 ${count} 处错误）`, en: `${enMessage} (${count} problem${count === 1 ? '' : 's'} in all)` }, { path: pathOf(issue.path) });
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
