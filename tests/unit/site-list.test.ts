import { describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { parseSiteList, SiteListError } from '@/lib/site-list';

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
