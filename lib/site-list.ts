import { parse } from 'csv-parse/browser/esm/sync';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import './findings';

/**
 * A list of sites to inspect, as cities keep them (CSV or Excel, a header row with at least name,url;
 * registry columns optional). Headers may be English or the Chinese the registry export uses.
 */
export const SiteListEntry = z.object({
  name: z.string().min(1, '站点名称不能为空'),
  url: z.string().refine((v) => /^https?:\/\/[^/\s]+/i.test(v), '网址应以 http:// 或 https:// 开头'),
  siteCode: z.string().optional(),
  icp: z.string().optional(),
  police: z.string().optional(),
});
export type SiteListEntry = z.infer<typeof SiteListEntry>;

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
  ) {
    super(row ? `第 ${row} 行：${message}` : message);
  }
}

/** Parse a CSV or XLSX site list; throws SiteListError naming the row that is wrong. */
export async function parseSiteList(bytes: Uint8Array, fileName: string): Promise<SiteListEntry[]> {
  const rows = /\.xlsx$/i.test(fileName) ? await xlsxRows(bytes) : csvRows(bytes);
  if (rows.length === 0) throw new SiteListError('文件为空', 0);
  const header = rows[0].map((h) => HEADER_ALIASES[h.trim().toLowerCase()] ?? HEADER_ALIASES[h.trim()]);
  if (!header.includes('name') || !header.includes('url')) {
    throw new SiteListError('表头需要包含 name 和 url 两列（或“网站名称”“网址”）', 1);
  }
  const out: SiteListEntry[] = [];
  rows.slice(1).forEach((cells, i) => {
    if (cells.every((c) => !c.trim())) return;
    const record: Record<string, string> = {};
    header.forEach((key, col) => {
      const value = (cells[col] ?? '').trim();
      if (key && value) record[key] = value;
    });
    const parsed = SiteListEntry.safeParse(record);
    if (!parsed.success) throw new SiteListError(`${String(parsed.error.issues[0].path[0] ?? '')} ${parsed.error.issues[0].message}`.trim(), i + 2);
    out.push(parsed.data);
  });
  return out;
}

function csvRows(bytes: Uint8Array): string[][] {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  try {
    return parse(text, { relaxColumnCount: true, skipEmptyLines: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new SiteListError(`CSV 格式错误（${(error as Error).message}）`, line ?? 0);
  }
}

async function xlsxRows(bytes: Uint8Array): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    throw new SiteListError(`无法读取 Excel 文件（${(error as Error).message}）`, 0);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows.push(Array.from(cells, (c) => c ?? ''));
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
