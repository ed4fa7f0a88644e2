import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, test } from 'vitest';
import { AccountListError, parseAccountList } from '@/lib/accounts/list-import';
import { accountsOfSession, importAccounts } from '@/lib/accounts/store';
import { openStore, type InspectorStore } from '@/lib/store/db';
import { createSession } from '@/lib/store/sessions';
import { ACCOUNT_LIST } from '../../fixtures/accounts/server';

const csv = (text: string) => new TextEncoder().encode(text);

async function error(bytes: Uint8Array, name = 'list.csv'): Promise<AccountListError> {
  try {
    await parseAccountList(bytes, name);
  } catch (e) {
    expect(e).toBeInstanceOf(AccountListError);
    return e as AccountListError;
  }
  throw new Error('parsed without an error');
}

describe('account list import', () => {
  test('the 12-account list: every column mapped, platforms named as registries name them', async () => {
    const list = await parseAccountList(new Uint8Array(readFileSync(ACCOUNT_LIST)), 'accounts.csv');
    expect(list).toHaveLength(12);
    expect(list[0]).toEqual({ name: '示例市发布', platform: 'wechat', unit: '示例市委宣传部', accountId: 'slsfb', url: 'http://mp.weixin.qq.com/s/pass' });
    expect(list.map((a) => a.platform)).toEqual(['wechat', 'weibo', 'weibo', 'weibo', 'douyin', 'toutiao', 'weibo', 'weibo', 'wechat', 'weibo', 'wechat', 'app']);
    expect(list[5]).not.toHaveProperty('accountId');
  });

  test('other header names (类型, 开办主体, 微信号, 主页地址) and an Excel workbook read the same', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('账号');
    ws.addRow(['序号', '账号名称', '类型', '开办主体', '微信号', '主页地址']);
    ws.addRow([1, '示例市发布', '微信', '示例市委宣传部', 'slsfb', '']);
    ws.addRow([2, '示例市公安', '微博', '示例市公安局', '', 'https://weibo.com/u/1001']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(await parseAccountList(bytes, '账号表.xlsx')).toEqual([
      { name: '示例市发布', platform: 'wechat', unit: '示例市委宣传部', accountId: 'slsfb' },
      { name: '示例市公安', platform: 'weibo', unit: '示例市公安局', url: 'https://weibo.com/u/1001' },
    ]);
  });

  test('a missing column is named, on the header row', async () => {
    const e = await error(csv('账号名称,主办单位,链接\n示例市发布,宣传部,https://mp.weixin.qq.com/s/a\n'));
    expect(e.row).toBe(1);
    expect(e.message).toBe('第 1 行：表头缺少 “平台” 列（需要 账号名称、平台/类型、主办单位，以及 账号ID/微信号 或 链接/主页地址）');
    expect(e.describe('en')).toMatch(/^Row 1: the header row lacks the platform column/);
  });

  test('an unknown platform names its row and what is known', async () => {
    const e = await error(csv('账号名称,平台,主办单位,链接\n示例市发布,微信公众号,宣传部,https://mp.weixin.qq.com/s/a\n示例市公安,脸书,公安局,https://example.com/a\n'));
    expect(e.row).toBe(3);
    expect(e.message).toMatch(/^第 3 行：不认识的平台“脸书”（可用：微信公众号、新浪微博、抖音/);
  });

  test('a duplicate names both rows: same link, same id, same name on a platform', async () => {
    const head = '账号名称,平台,主办单位,账号ID,链接\n';
    expect((await error(csv(`${head}甲,微博,单位,1,https://weibo.com/u/1\n乙,微博,单位,2,https://www.weibo.com/u/1/\n`))).message).toBe('第 3 行：与第 2 行重复（同一链接），请删去重复的一行');
    expect((await error(csv(`${head}甲,微信,单位,abc,\n乙,微信公众号,单位,ABC,\n`))).message).toBe('第 3 行：与第 2 行重复（同一账号ID），请删去重复的一行');
    expect((await error(csv(`${head}甲,微博,单位,1,\n\n甲,新浪微博,单位,2,\n`))).message).toBe('第 4 行：与第 2 行重复（同一平台上的同名账号），请删去重复的一行');
  });

  test('an empty file, a header alone, an empty cell, a bad link: each a clear error', async () => {
    expect((await error(csv(''))).message).toBe('文件为空');
    expect((await error(csv('\uFEFF\n\n'))).message).toBe('文件为空');
    expect((await error(csv('账号名称,平台,主办单位,链接\n'))).message).toBe('账号表中没有账号（只有表头）');
    expect((await error(csv('账号名称,平台,主办单位,链接\n甲,微博,,https://weibo.com/u/1\n'))).message).toBe('第 2 行：“甲”的主办单位不能为空');
    expect((await error(csv('账号名称,平台,主办单位,链接\n甲,微博,单位,weibo.com/u/1\n'))).message).toBe('第 2 行：“甲”的链接应为 http:// 或 https:// 开头的网址，收到“weibo.com/u/1”');
    expect((await error(csv('账号名称,平台,主办单位,账号ID,链接\n甲,微博,单位,,\n'))).message).toBe('第 2 行：“甲”既没有链接也没有账号ID，无法找到该账号');
  });
});

describe('accounts in a session', () => {
  let db: InspectorStore | undefined;
  afterEach(() => db?.close());

  test('imported into the session, unchecked, in the list’s order; importing again adds nothing twice', async () => {
    db = await openStore(`gsi-accounts-${Math.random()}`);
    const session = await createSession(db, { name: '2025Q2 新媒体', quarter: '2025Q2', inspector: '张三' });
    const list = await parseAccountList(new Uint8Array(readFileSync(ACCOUNT_LIST)), 'accounts.csv');
    expect(await importAccounts(db, session.id, list)).toEqual({ added: 12, skipped: 0 });
    const stored = await accountsOfSession(db, session.id);
    expect(stored.map((a) => [a.name, a.status])).toEqual(list.map((a) => [a.name, 'unchecked']));
    expect(await importAccounts(db, session.id, list.slice(0, 3))).toEqual({ added: 0, skipped: 3 });
    expect(await accountsOfSession(db, session.id)).toHaveLength(12);
  });

  test('a list that fails half-way leaves the session as it was', async () => {
    db = await openStore(`gsi-accounts-${Math.random()}`);
    const session = await createSession(db, { name: '2025Q2', quarter: '2025Q2', inspector: '张三' });
    const good = { name: '甲', platform: 'weibo' as const, unit: '单位', url: 'https://weibo.com/u/1' };
    // A record the schema refuses (a name over 200 characters) after a good one: the transaction is aborted.
    await expect(importAccounts(db, session.id, [good, { ...good, name: 'x'.repeat(201), url: 'https://weibo.com/u/2' }])).rejects.toThrow();
    expect(await accountsOfSession(db, session.id)).toEqual([]);
  });
});
