import { describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { findingsToCsv } from '@/lib/export/csv';
import { findingsToXlsx, UNREVIEWED_SHEET } from '@/lib/export/xlsx';
import { findingsToJson, mergeFindings, parseExportFile, ImportError } from '@/lib/export/json';
import { findingsToHtmlReport, escapeHtml } from '@/lib/export/report';
import { FINDING_COLUMNS } from '@/lib/export/rows';
import { makeFinding } from '../../factories';

const hostile = makeFinding({
  label: '=HYPERLINK("http://evil.example","点我"), "引号", 换行\n第二行',
  message: '<script>alert(1)</script><img src=x onerror=alert(2)>',
  site: 'a.example.gov.cn',
});
const plain = makeFinding({ rule: 'column-blank', label: '政策解读', message: '栏目为空：暂无信息', site: 'b.example.gov.cn', detail: { kind: 'notice-policy' } });

describe('CSV export', () => {
  test('starts with a BOM and reads back, field for field, with a real CSV parser', () => {
    const csv = findingsToCsv([hostile, plain]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows: string[][] = parse(csv.slice(1), { relaxColumnCount: false });
    expect(rows[0]).toEqual(FINDING_COLUMNS.map((c) => c.title));
    expect(rows).toHaveLength(3);
    const label = rows[1][FINDING_COLUMNS.findIndex((c) => c.key === 'label')];
    expect(label).toBe(`'${hostile.label}`);
    expect(rows[2][FINDING_COLUMNS.findIndex((c) => c.key === 'rule')]).toBe('空白栏目');
    expect(rows[2][FINDING_COLUMNS.findIndex((c) => c.key === 'id')]).toBe(plain.id);
  });
});

describe('XLSX export', () => {
  test('has a summary sheet by site and a findings sheet, read back with exceljs', async () => {
    const blanks = Array.from({ length: 5 }, (_, i) => makeFinding({ rule: 'column-blank', label: `栏目${i}`, site: 'b.example.gov.cn', status: 'confirmed' }));
    const bytes = await findingsToXlsx([hostile, plain, ...blanks], { sites: ['c.example.gov.cn'] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const summary = wb.getWorksheet('汇总')!;
    const values = summary.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(values[0].slice(0, 5)).toEqual(['站点', '结论', '否决原因', '已确认问题', '待确认']);
    const bySite = Object.fromEntries(values.slice(1).map((r) => [r[0], r]));
    expect(bySite['b.example.gov.cn'][1]).toBe('不合格');
    expect(String(bySite['b.example.gov.cn'][2])).toContain('空白栏目 5 个'); // the open one (plain) is not counted in a decided verdict
    expect(bySite['c.example.gov.cn'][1]).toBe('合格');
    // The record holds the 5 confirmed; the 2 open ones are on their own sheet, not in the record.
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '问题明细', UNREVIEWED_SHEET]);
    expect(wb.getWorksheet('问题明细')!.rowCount).toBe(6);
    const sheet = wb.getWorksheet(UNREVIEWED_SHEET)!;
    expect(sheet.rowCount).toBe(3);
    const labelCol = FINDING_COLUMNS.findIndex((c) => c.key === 'label') + 1;
    const cell = sheet.getRow(2).getCell(labelCol);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(`'${hostile.label}`);
  });
});

describe('JSON export and import', () => {
  test('round-trips and merges by id without duplicates', () => {
    const text = findingsToJson({ findings: [hostile, plain], evidence: [] });
    const file = parseExportFile(text);
    expect(file.findings).toEqual([hostile, plain]);
    const once = mergeFindings([plain], file.findings);
    expect(once.added).toBe(1);
    const twice = mergeFindings(once.merged, file.findings);
    expect(twice.added + twice.updated).toBe(0);
    expect(twice.merged).toHaveLength(2);
    const newer = { ...plain, version: 2, status: 'confirmed' as const };
    expect(mergeFindings(twice.merged, [newer]).merged.find((f) => f.id === plain.id)?.status).toBe('confirmed');
  });

  test('a corrupt file is rejected saying where', () => {
    expect(() => parseExportFile('{"format": "gov-site-inspector/findings",\n  "findings": [')).toThrow(ImportError);
    expect(() => parseExportFile('{\n"a": 1,\n}')).toThrow(/第 3 行/);
    const bad = JSON.parse(findingsToJson({ findings: [hostile, plain], evidence: [] }));
    bad.findings[1].rule = 'no-such-rule';
    try {
      parseExportFile(JSON.stringify(bad));
      expect.unreachable();
    } catch (error) {
      expect((error as ImportError).where).toBe('findings[1].rule');
    }
    expect(() => parseExportFile(JSON.stringify({ format: 'other' }))).toThrow(/format/);
  });
});

describe('HTML report', () => {
  test('escapes page text, shows verdicts and totals, carries no script', () => {
    const html = findingsToHtmlReport({ findings: [hostile, plain].map((f) => ({ ...f, status: 'confirmed' as const })), screenshots: new Map([[plain.id, 'data:image/png;base64,iVBORw0KGgo='], [hostile.id, 'javascript:alert(1)']]) });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(escapeHtml('<script>alert(1)</script>'));
    expect(html).not.toContain('javascript:alert');
    expect(html).toContain('data:image/png;base64,iVBORw0KGgo=');
    expect(html).toContain('空白栏目');
    expect(html).toContain('合格率');
    expect(html).not.toMatch(/<script/i);
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(doc.querySelectorAll('article.finding')).toHaveLength(2);
    expect(doc.querySelectorAll('script, [onerror]')).toHaveLength(0);
  });
});

describe('report verdicts', () => {
  test('verdicts judged elsewhere (a sweep) are shown as given; on the found basis open findings count', () => {
    const html = findingsToHtmlReport({
      findings: [plain],
      basis: 'found',
      verdicts: [{ site: '无法访问县', verdict: 'fail', reasons: ['首页无法打开'], counts: {}, total: 0, open: 0 }],
    });
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const rows = [...doc.querySelectorAll('tbody tr.fail, tbody tr.pass')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([['无法访问县', '不合格', '0', '0', '首页无法打开']]);
    expect(html).toContain('尚未人工确认');
  });
});
