import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SweepInputError, readSites } from '../../../cli/sweep';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gsi-sites-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function sitesFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('the sweep sites file', () => {
  test('BOM, CRLF, blank lines, IDN and IPv6 hosts are read as written', async () => {
    const path = await sitesFile('ok.csv', '\uFEFFname,url\r\n县政府,http://www.qinghe.gov.cn/\r\n\r\n中文域名,http://青禾.政务/\r\nv6,http://[::1]:8080/\r\n');
    expect((await readSites(path)).map((s) => [s.name, s.url])).toEqual([
      ['县政府', 'http://www.qinghe.gov.cn/'],
      ['中文域名', 'http://青禾.政务/'],
      ['v6', 'http://[::1]:8080/'],
    ]);
  });

  test('an address that starts with http:// but is no URL is an input error naming the site, also with registry columns', async () => {
    for (const text of ['name,url\n县政府,http://www.qinghe.gov.cn:99999/\n', 'name,url,网站标识码\n县政府,http://www.qinghe.gov.cn:99999/,3701000005\n']) {
      const path = await sitesFile('bad-url.csv', text);
      const error = await readSites(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SweepInputError);
      expect((error as Error).message).toBe(`站点表有误 (invalid sites file) ${path}：“县政府”的网址无法识别：http://www.qinghe.gov.cn:99999/`);
    }
  });

  test('a site listed twice (same address in another spelling) is an input error naming both rows', async () => {
    const path = await sitesFile('twice.csv', 'name,url\n县政府,http://www.qinghe.gov.cn/\n教育局,http://jyj.qinghe.gov.cn/\n县政府门户,HTTP://WWW.QINGHE.GOV.CN:80/#top\n');
    await expect(readSites(path)).rejects.toThrow(new SweepInputError(`站点表有误 (invalid sites file) ${path}：“县政府”和“县政府门户”是同一个网址（HTTP://WWW.QINGHE.GOV.CN:80/#top），请删去重复的一行`));
  });

  test('a missing file, a folder and an empty file are input errors', async () => {
    await expect(readSites(join(dir, 'none.csv'))).rejects.toThrow(/^无法读取站点表：.*none\.csv（ENOENT/);
    await expect(readSites(dir)).rejects.toThrow(/^无法读取站点表：.*（EISDIR/);
    await expect(readSites(await sitesFile('empty.csv', ''))).rejects.toThrow(/：文件为空$/);
    await expect(readSites(await sitesFile('header.csv', 'name,url\n'))).rejects.toThrow(/：站点表中没有站点$/);
  });
});
