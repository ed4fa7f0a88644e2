import { describe, expect, test } from 'vitest';
import zhCN from '../../public/_locales/zh_CN/messages.json';
import en from '../../public/_locales/en/messages.json';
import { VOCABULARY, VOCABULARY_ACTION_KEYS, VOCABULARY_KEYS } from '../../lib/rule-catalog';

type Catalog = Record<string, { message: string }>;
const LOCALES: Record<'zh' | 'en', Catalog> = { zh: zhCN, en };
type Family = keyof typeof VOCABULARY;
const FAMILIES = Object.keys(VOCABULARY) as Family[];

const termsOf = (family: Family) => Object.keys(VOCABULARY[family].zh) as string[];
const word = (family: Family, lang: 'zh' | 'en', term: string) => (VOCABULARY[family][lang] as Record<string, string>)[term];
const keysOf = (family: Family, term: string): readonly string[] => (VOCABULARY_KEYS[family] as Record<string, readonly string[]>)[term] ?? [];
const actionKeys = (family: Family, term: string): readonly string[] =>
  ((VOCABULARY_ACTION_KEYS as Record<string, Record<string, readonly string[]>>)[family] ?? {})[term] ?? [];

describe('one vocabulary, one source per term (lib/rule-catalog.ts)', () => {
  test('every locale key that shows a term reads exactly the term, in both locales', () => {
    for (const family of FAMILIES) {
      for (const term of termsOf(family)) {
        expect(keysOf(family, term).length, `${family}.${term} has no locale key`).toBeGreaterThan(0);
        for (const lang of ['zh', 'en'] as const) {
          for (const key of keysOf(family, term)) expect(LOCALES[lang][key]?.message, `${lang} ${key}`).toBe(word(family, lang, term));
        }
        for (const key of actionKeys(family, term)) expect(LOCALES.zh[key]?.message, key).toBe(word(family, 'zh', term));
      }
    }
  });

  test('no other locale key spells a term on its own: a copy of a word is a second source', () => {
    const listed = new Set<string>();
    for (const family of FAMILIES) for (const term of termsOf(family)) for (const k of [...keysOf(family, term), ...actionKeys(family, term)]) listed.add(k);
    const words = new Map<string, string>();
    for (const family of FAMILIES) for (const term of termsOf(family)) words.set(word(family, 'zh', term), `${family}.${term}`);
    const strays = Object.entries(LOCALES.zh as Catalog).filter(([key, { message }]) => words.has(message.trim()) && !listed.has(key));
    expect(strays.map(([k, v]) => `${k}: ${v.message}`)).toEqual([]);
  });

  test("the inspector's decision and the machine's uncertainty are different words", () => {
    const decisions = Object.values(VOCABULARY.status.zh) as string[];
    const unsure = VOCABULARY.severity.zh.review;
    for (const d of decisions) {
      expect(unsure.includes(d) || d.includes(unsure)).toBe(false);
      // Not even a shared leading character pair (待确认 / 待人工核实 both read as "pending").
      expect(unsure.slice(0, 1)).not.toBe(d.slice(0, 1));
    }
    expect(unsure).toBe('需人工判断');
    const decisionsEn = (Object.values(VOCABULARY.status.en) as string[]).map((w) => w.toLowerCase());
    expect(decisionsEn.some((w) => VOCABULARY.severity.en.review.toLowerCase().includes(w))).toBe(false);
  });

  test('within and across families no two terms share a word, in either language', () => {
    for (const lang of ['zh', 'en'] as const) {
      const all = FAMILIES.flatMap((f) => termsOf(f).map((t) => word(f, lang, t)));
      expect(new Set(all).size, lang).toBe(all.length);
    }
  });

  test('the retired word for the machine being unsure appears in no locale', () => {
    for (const lang of ['zh', 'en'] as const) {
      const hits = Object.entries(LOCALES[lang]).filter(([, v]) => v.message.includes('待人工核实'));
      expect(hits).toEqual([]);
    }
  });
});

describe('verdict names', () => {
  test('a site is 合格 or 不合格; 单项否决 names a severity, never a verdict', () => {
    expect(VOCABULARY.verdict.zh).toEqual({ pass: '合格', fail: '不合格' });
    expect(VOCABULARY.verdict.en).toEqual({ pass: 'Pass', fail: 'Fail' });
    expect(Object.values(VOCABULARY.verdict.zh)).not.toContain(VOCABULARY.severity.zh.veto);
    // Every screen that states a verdict reads the same two words.
    for (const key of [...VOCABULARY_KEYS.verdict.fail]) expect(LOCALES.zh[key].message).toBe('不合格');
    for (const key of [...VOCABULARY_KEYS.verdict.pass]) expect(LOCALES.zh[key].message).toBe('合格');
  });
});
