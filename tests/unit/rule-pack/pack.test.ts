import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DEFAULT_RULE_PACK, RulePack } from '@/lib/rule-pack/pack';
import {
  RULE_PACK_KEY,
  describeProblem,
  formatPath,
  lineColumnOf,
  loadActiveRulePack,
  loadRulePack,
  onRulePackChange,
  parseRulePack,
  resetRulePack,
  rulePackFile,
  saveRulePack,
  type ActiveRulePack,
} from '@/lib/rule-pack/store';

const defaultText = readFileSync(resolve(import.meta.dirname, '../../../public/rule-pack.default.json'), 'utf8');
const custom = (): RulePack => ({
  ...DEFAULT_RULE_PACK,
  name: '济南市检查规则包',
  version: 7,
  sites: [{ name: '济南市人民政府', domains: ['www.jinan.gov.cn'], siteCode: '3701000005', icp: '鲁ICP备05000000号', conacBadge: true }],
});

describe('parsing a pack file', () => {
  test('the shipped default parses to the default pack', () => {
    const result = parseRulePack(defaultText);
    expect(result).toEqual({ ok: true, pack: DEFAULT_RULE_PACK, ignored: [] });
  });

  test('an exported pack reads back unchanged, with or without a BOM', () => {
    const file = rulePackFile(custom());
    expect(file.name).toBe('rule-pack-v7.json');
    expect(parseRulePack(file.text)).toEqual({ ok: true, pack: custom(), ignored: [] });
    expect(parseRulePack(`\uFEFF${file.text}`)).toEqual({ ok: true, pack: custom(), ignored: [] });
  });

  test('a JSON syntax error is located by line and column', () => {
    const text = '{\n  "version": 1,\n  "name": "x"\n  "updatedAt": ""\n}';
    const result = parseRulePack(text);
    expect(result).toMatchObject({ ok: false, kind: 'syntax' });
    if (result.ok) return;
    expect(result.problems[0]).toEqual({ path: '', line: 4, column: 3, message: '此处应为逗号 “,”' });
    expect(describeProblem(result.problems[0])).toBe('文件（第 4 行，第 3 列）：此处应为逗号 “,”');
    expect(describeProblem(parseRulePackEn(text).problems[0], 'en')).toBe('file (line 4, column 3): comma expected');
  });

  test('comments and trailing commas are not JSON', () => {
    for (const text of ['{ // note\n "version": 1 }', '{ "version": 1, }']) {
      const result = parseRulePack(text);
      expect(result).toMatchObject({ ok: false, kind: 'syntax' });
    }
    expect(parseRulePack('')).toMatchObject({ ok: false, kind: 'syntax' });
  });

  test('a schema error names the JSON path and points at the value', () => {
    const pack = JSON.parse(defaultText);
    pack.wording[3].category = '错别字';
    const text = JSON.stringify(pack, null, 2);
    const result = parseRulePack(text);
    expect(result).toMatchObject({ ok: false, kind: 'schema' });
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    const [p] = result.problems;
    expect(p.path).toBe('wording[3].category');
    expect(p.message).toContain('无效选项');
    const line = text.split('\n')[p.line! - 1];
    expect(line.slice(p.column! - 1)).toMatch(/^"category": "错别字"/);
    expect(describeProblem(p)).toMatch(/^wording\[3\]\.category（第 \d+ 行，第 \d+ 列）：无效选项/);
  });

  test('several problems, a missing field and a malformed registry value are all reported', () => {
    const pack = JSON.parse(defaultText);
    delete pack.name;
    pack.version = -1;
    pack.sites = [{ name: '某市', domains: ['a.gov.cn'], siteCode: '12345' }];
    const result = parseRulePack(JSON.stringify(pack, null, 2));
    if (result.ok) throw new Error('accepted a bad pack');
    const byPath = Object.fromEntries(result.problems.map((p) => [p.path, p]));
    expect(Object.keys(byPath).sort()).toEqual(['name', 'sites[0].siteCode', 'version']);
    expect(byPath['sites[0].siteCode'].message).toBe('网站标识码应为10位数字（以6位行政区划代码开头）或 bm+8位数字');
    // A missing property is located at the object that lacks it.
    expect(byPath.name.line).toBe(1);
  });

  test('English messages when the interface is in English', () => {
    const result = parseRulePack('{"version": "1"}', 'en');
    if (result.ok) throw new Error('accepted a bad pack');
    expect(result.problems.find((p) => p.path === 'version')?.message).toMatch(/expected number/i);
  });

  test('helpers', () => {
    expect(formatPath(['wording', 3, 'category'])).toBe('wording[3].category');
    expect(formatPath([])).toBe('');
    expect(lineColumnOf('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

function parseRulePackEn(text: string) {
  const r = parseRulePack(text, 'en');
  if (r.ok) throw new Error('accepted');
  return r;
}

describe('the stored pack', () => {
  beforeEach(() => fakeBrowser.reset());

  test('nothing saved: the default pack', async () => {
    expect(await loadActiveRulePack()).toEqual({ pack: DEFAULT_RULE_PACK, source: 'default' });
    expect(await loadRulePack()).toBe(DEFAULT_RULE_PACK);
  });

  test('an imported pack is loaded with its origin; reset goes back to the default', async () => {
    await saveRulePack(custom(), 'imported', 'jinan.json');
    const active = await loadActiveRulePack();
    expect(active).toMatchObject({ pack: custom(), source: 'imported', fileName: 'jinan.json' });
    expect(Date.parse(active.savedAt!)).not.toBeNaN();
    await resetRulePack();
    expect((await loadActiveRulePack()).source).toBe('default');
  });

  test('a saved pack that no longer validates falls back to the default and says why', async () => {
    await fakeBrowser.storage.local.set({ [RULE_PACK_KEY]: { pack: { version: 'x' }, source: 'imported', savedAt: 'now' } });
    const active = await loadActiveRulePack();
    expect(active.pack).toBe(DEFAULT_RULE_PACK);
    expect(active.source).toBe('default');
    expect(active.invalidStored?.map((p) => p.path)).toContain('pack.version');
  });

  test('listeners hear saves and resets', async () => {
    const heard: ActiveRulePack[] = [];
    const stop = onRulePackChange((a) => heard.push(a));
    await saveRulePack(custom(), 'synced');
    await resetRulePack();
    stop();
    await saveRulePack(custom(), 'imported');
    expect(heard.map((a) => [a.source, a.pack.name])).toEqual([
      ['synced', '济南市检查规则包'],
      ['default', DEFAULT_RULE_PACK.name],
    ]);
  });
});

describe('hostile pack files', () => {
  test('a misspelt or unknown field is dropped but named with its line, in either language', () => {
    const pack = JSON.parse(defaultText);
    pack.links.newsContextWord = ['打击'];
    pack.wording[2].allowedContext = ['历史上'];
    pack.futureField = { a: 1 };
    const text = JSON.stringify(pack, null, 2);
    const result = parseRulePack(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.pack.links.newsContextWords).toEqual(DEFAULT_RULE_PACK.links.newsContextWords);
    expect(result.ignored.map((p) => p.path)).toEqual(['links.newsContextWord', 'wording[2].allowedContext', 'futureField']);
    const [first] = result.ignored;
    expect(text.split('\n')[first.line! - 1].slice(first.column! - 1)).toMatch(/^"newsContextWord"/);
    expect(describeProblem(first)).toMatch(/^links\.newsContextWord（第 \d+ 行，第 \d+ 列）：未识别的字段，已忽略/);
    const english = parseRulePack(text, 'en');
    expect(english.ok && english.ignored[0].message).toBe('unknown field, ignored; check its spelling');
  });

  test('an image or a workbook picked by mistake is named, not reported as an invalid symbol', () => {
    const png = parseRulePack('\uFFFDPNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR');
    expect(png).toEqual({ ok: false, kind: 'syntax', problems: [{ path: '', message: '这是 PNG 图片，不是 JSON 文本' }] });
    expect(parseRulePackEn('PK\u0003\u0004\u0014\u0000').problems[0].message).toMatch(/^this is an Excel \(\.xlsx\) workbook/);
  });
});
