import { parse } from 'csv-parse/browser/esm/sync';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import '../findings';

/** A problem told in both languages the extension speaks. */
interface Said {
  zh: string;
  en: string;
}

const URL_PROBLEM: Said = { zh: '网址应以 http:// 或 https:// 开头', en: 'the address must start with http:// or https://' };
const NAME_EMPTY: Said = { zh: '站点名称不能为空', en: 'the site name is empty' };
// A session keeps names up to 200 characters and addresses up to 2048 (lib/findings.ts SessionSite).
const NAME_LONG: Said = { zh: '站点名称不能超过 200 个字符', en: 'the site name is longer than 200 characters' };
const URL_LONG: Said = { zh: '网址不能超过 2048 个字符', en: 'the address is longer than 2048 characters' };

/**
 * A list of sites to inspect, as cities keep them (CSV or Excel, a header row with at least name,url;
 * registry columns optional). Headers may be English or the Chinese the registry export uses.
 */
export const SiteListEntry = z.object({
  name: z.string().min(1, NAME_EMPTY.zh).max(200, NAME_LONG.zh),
  url: z
    .string()
    .max(2048, URL_LONG.zh)
    .refine((v) => /^https?:\/\/[^/\s]+/i.test(v), URL_PROBLEM.zh),
  siteCode: z.string().optional(),
  icp: z.string().optional(),
  police: z.string().optional(),
});
export type SiteListEntry = z.infer<typeof SiteListEntry>;

const ENGLISH: Record<string, string> = Object.fromEntries([NAME_EMPTY, NAME_LONG, URL_PROBLEM, URL_LONG].map((s) => [s.zh, s.en]));

const HEADER_ALIASES: Record<string, keyof SiteListEntry> = {
  name: 'name',
  网站名称: 'name',
  站点名称: 'name',
  名称: 'name',
  url: 'url',
  网址: 'url',
  首页地址: 'url',
  网站地址: 'url',
  sitecode: 'siteCode',
  网站标识码: 'siteCode',
  icp: 'icp',
  icp备案号: 'icp',
  police: 'police',
  公安备案号: 'police',
  公网安备: 'police',
};

export class SiteListError extends Error {
  constructor(
    message: string,
    /** 1-based row in the file (the header is row 1), or 0 for the file as a whole. */
    readonly row: number,
    /** The same problem in English; defaults to the Chinese. */
    readonly english = message,
  ) {
    super(row ? `第 ${row} 行：${message}` : message);
  }

  /** The problem in the inspector's language. */
  describe(lang: 'zh_CN' | 'en'): string {
    if (lang === 'zh_CN') return this.message;
    return this.row ? `Row ${this.row}: ${this.english}` : this.english;
  }
}

const fail = (said: Said, row: number) => new SiteListError(said.zh, row, said.en);

/** A row of the sheet and its 1-based number as the spreadsheet program shows it. */
export interface Row {
  n: number;
  cells: string[];
}

export const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);
export const ZIP = [0x50, 0x4b, 0x03, 0x04];
export const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Parse a CSV or XLSX site list; throws SiteListError naming the row that is wrong. */
export async function parseSiteList(bytes: Uint8Array, fileName: string): Promise<SiteListEntry[]> {
  if (startsWith(bytes, OLE)) {
    throw fail({ zh: '这是旧版 Excel（.xls）文件，无法读取；请在 Excel 中另存为 .xlsx 或 CSV 后再导入', en: 'this is an old Excel (.xls) file, which cannot be read; save it as .xlsx or CSV in Excel and import that' }, 0);
  }
  // What the bytes are decides, not the name: a workbook renamed to .csv is still a workbook.
  const rows = /\.xlsx$/i.test(fileName) || startsWith(bytes, ZIP) ? await xlsxRows(bytes) : csvRows(bytes);
  if (rows.length === 0) throw fail({ zh: '文件为空', en: 'the file is empty' }, 0);
  const header = rows[0].cells.map((h) => HEADER_ALIASES[h.trim().toLowerCase()] ?? HEADER_ALIASES[h.trim()]);
  if (!header.includes('name') || !header.includes('url')) {
    throw fail({ zh: '表头需要包含 name 和 url 两列（或“网站名称”“网址”）', en: 'the header row needs a name and a url column (or 网站名称 and 网址)' }, rows[0].n);
  }
  const out: SiteListEntry[] = [];
  for (const { n, cells } of rows.slice(1)) {
    if (cells.every((c) => !c.trim())) continue;
    const record: Record<string, string> = {};
    header.forEach((key, col) => {
      const value = (cells[col] ?? '').trim();
      if (key && value) record[key] = value;
    });
    const parsed = SiteListEntry.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue.path[0] ?? '');
      // A missing column value reaches zod as undefined: say which column is empty.
      const said = issue.code === 'invalid_type' ? { zh: `${field} 不能为空`, en: `${field} is empty` } : { zh: `${field} ${issue.message}`, en: `${field}: ${ENGLISH[issue.message] ?? issue.message}` };
      throw fail(said, n);
    }
    out.push(parsed.data);
  }
  return out;
}

/** UTF-8 when the bytes are UTF-8; otherwise GB18030 (GBK), what Excel on Chinese Windows saves a CSV as. */
function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const CSV_ERRORS: Record<string, Said> = {
  CSV_QUOTE_NOT_CLOSED: { zh: '引号没有闭合', en: 'a quote is not closed' },
  CSV_INVALID_CLOSING_QUOTE: { zh: '引号闭合后紧跟了其他字符', en: 'characters follow a closing quote' },
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: { zh: '引号闭合后紧跟了其他字符', en: 'characters follow a closing quote' },
};

export function csvRows(bytes: Uint8Array): Row[] {
  const text = decode(bytes).replace(/^\uFEFF/, '');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // Blank lines are kept (and skipped below) so each record's index is its row in a spreadsheet.
    records = parse(text, { relaxColumnCount: true, info: true }) as typeof records;
  } catch (error) {
    const { code, lines, message } = error as { code?: string; lines?: number; message: string };
    const said = (code && CSV_ERRORS[code]) || { zh: message, en: message };
    throw fail({ zh: `CSV 格式错误：${said.zh}`, en: `CSV format error: ${said.en}` }, lines ?? 0);
  }
  return records.map(({ record }, i) => ({ n: i + 1, cells: record }));
}

export async function xlsxRows(bytes: Uint8Array): Promise<Row[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    const detail = (error as Error).message;
    throw fail({ zh: `无法读取 Excel 文件（${detail}）`, en: `cannot read the Excel file (${detail})` }, 0);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const rows: Row[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows.push({ n: row.number, cells: Array.from(cells, (c) => c ?? '') });
  });
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (typeof value === 'object') {
    if ('hyperlink' in value) return String(value.hyperlink);
    if ('text' in value) return String(value.text);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return String(value.result ?? '');
    if (value instanceof Date) return value.toISOString();
  }
  return String(value);
}
