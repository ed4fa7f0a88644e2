import { describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { parseSiteList, SiteListError } from '@/lib/sites/list-import';

const enc = (s: string) => new TextEncoder().encode(s);

describe('site list import', () => {
  test('reads a CSV with a BOM, Chinese headers, quoted fields and blank lines', async () => {
    const csv = '\uFEFF网站名称,网址,网站标识码\r\n"济南市人民政府","http://www.jinan.gov.cn",3701000005\r\n\r\n"历下区人民政府, 门户","http://www.lixia.gov.cn/",\r\n';
    expect(await parseSiteList(enc(csv), 'sites.csv')).toEqual([
      { name: '济南市人民政府', url: 'http://www.jinan.gov.cn', siteCode: '3701000005' },
      { name: '历下区人民政府, 门户', url: 'http://www.lixia.gov.cn/' },
    ]);
  });

  test('reads the first sheet of an Excel file, hyperlink cells included', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('站点');
    ws.addRow(['name', 'url']);
    ws.addRow(['示例县政府', { text: '示例县', hyperlink: 'https://www.example.gov.cn/' }]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(await parseSiteList(bytes, 'sites.xlsx')).toEqual([{ name: '示例县政府', url: 'https://www.example.gov.cn/' }]);
  });

  test('says which row is wrong', async () => {
    await expect(parseSiteList(enc('name,url\na,https://a.gov.cn\nb,ftp://b\n'), 's.csv')).rejects.toThrow('第 3 行');
    await expect(parseSiteList(enc('站点,地址\na,b\n'), 's.csv')).rejects.toThrow(SiteListError);
    await expect(parseSiteList(enc('not a zip'), 's.xlsx')).rejects.toThrow('无法读取 Excel');
    await expect(parseSiteList(enc(''), 's.csv')).rejects.toThrow('文件为空');
  });
});

describe('site lists as cities really send them', () => {
  test('a CSV saved by Excel on Chinese Windows (GBK) is read, not garbled into a missing header', async () => {
    // 网站名称,网址\r\n济南市人民政府,http://www.jinan.gov.cn\r\n in GBK.
    const gbk = Uint8Array.from([
      205, 248, 213, 190, 195, 251, 179, 198, 44, 205, 248, 214, 183, 13, 10, 188, 195, 196, 207, 202, 208, 200, 203, 195, 241, 213, 254, 184, 174, 44, 104, 116, 116, 112, 58,
      47, 47, 119, 119, 119, 46, 106, 105, 110, 97, 110, 46, 103, 111, 118, 46, 99, 110, 13, 10,
    ]);
    expect(await parseSiteList(gbk, 'sites.csv')).toEqual([{ name: '济南市人民政府', url: 'http://www.jinan.gov.cn' }]);
  });

  test('the row named is the row the spreadsheet shows, blank rows counted', async () => {
    // Row 1 header, rows 2–3 blank, row 4 good, row 5 blank, row 6 wrong.
    await expect(parseSiteList(enc('name,url\r\n\r\n\r\nA,https://a.gov.cn\r\n\r\nB,a.gov.cn/b\r\n'), 's.csv')).rejects.toThrow('第 6 行');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('站点');
    ws.getRow(1).values = ['name', 'url'];
    ws.getRow(2).values = ['A', 'https://a.gov.cn'];
    ws.getRow(5).values = ['B', 'not a url'];
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    await expect(parseSiteList(bytes, 'sites.xlsx')).rejects.toThrow('第 5 行');
  });

  test('an Excel workbook renamed to .csv is read as the workbook it is; an old .xls is named as such', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('站点').addRows([
      ['网站名称', '网址'],
      ['示例县政府', 'https://www.example.gov.cn/'],
    ]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(await parseSiteList(bytes, 'sites.csv')).toEqual([{ name: '示例县政府', url: 'https://www.example.gov.cn/' }]);
    const ole = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await expect(parseSiteList(ole, 'sites.xls')).rejects.toThrow(/\.xls/);
  });

  test('a name or address too long for a session is refused at its row, not later as a raw validation dump', async () => {
    const long = `name,url\nA,https://a.gov.cn\n${'某'.repeat(201)},https://b.gov.cn\nC,https://c.gov.cn/${'x'.repeat(2100)}\n`;
    await expect(parseSiteList(enc(long), 's.csv')).rejects.toThrow(/^第 3 行：/);
  });

  test('each problem is also told in English', async () => {
    try {
      await parseSiteList(enc('name,url\nA,ftp://a\n'), 's.csv');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SiteListError);
      expect((error as SiteListError).describe('en')).toMatch(/^Row 2: .*http/);
      expect((error as SiteListError).describe('zh_CN')).toBe((error as SiteListError).message);
    }
  });
});
