import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RULES } from '@/lib/rules';
import { RULE_IDS } from '@/lib/rule-catalog';
import { rulePlaceProblems, type RulePlaces } from './rule-places';

const root = resolve(import.meta.dirname, '../../..');
const idsIn = (dir: string, suffix: string, except: string[] = []) =>
  readdirSync(resolve(root, dir))
    .filter((f) => f.endsWith(suffix) && !except.includes(f))
    .map((f) => f.slice(0, -suffix.length));
const localeKeys = (locale: string) => Object.keys(JSON.parse(readFileSync(resolve(root, `public/_locales/${locale}/messages.json`), 'utf8')));

const places: RulePlaces = {
  ruleFiles: idsIn('lib/rules', '.ts', ['index.ts', 'types.ts']),
  registered: RULES.map((r) => r.id),
  catalog: RULE_IDS,
  locales: { zh_CN: localeKeys('zh_CN'), en: localeKeys('en') },
  tests: idsIn('tests/unit/rules', '.test.ts', ['registry.test.ts']),
  docs: readFileSync(resolve(root, 'docs/rules.md'), 'utf8'),
};

describe('rule registry', () => {
  test('every rule has its file, one registry entry, its record, both locales, a fixture test and its docs', () => {
    expect(rulePlaceProblems(places)).toEqual([]);
  });
});

describe('the registry check names the one missing place', () => {
  const id = 'link-hidden';
  const without = (list: readonly string[], item: string) => list.filter((x) => x !== item);
  const cases: [string, RulePlaces, string][] = [
    ['rule file', { ...places, ruleFiles: without(places.ruleFiles, id) }, `${id}: no file lib/rules/${id}.ts`],
    ['registry entry', { ...places, registered: without(places.registered, id) }, `${id}: registered 0 times in lib/rules/index.ts`],
    ['second registry entry', { ...places, registered: [...places.registered, id] }, `${id}: registered 2 times in lib/rules/index.ts`],
    ['catalog record', { ...places, catalog: without(places.catalog, id) }, `${id}: no record in lib/rule-catalog.ts`],
    ['Chinese name', { ...places, locales: { ...places.locales, zh_CN: without(places.locales.zh_CN, 'rule_link_hidden_name') } }, `${id}: no rule_link_hidden_name in _locales/zh_CN`],
    ['English description', { ...places, locales: { ...places.locales, en: without(places.locales.en, 'rule_link_hidden_desc') } }, `${id}: no rule_link_hidden_desc in _locales/en`],
    ['fixture test', { ...places, tests: without(places.tests, id) }, `${id}: no fixture test tests/unit/rules/${id}.test.ts`],
    ['docs section', { ...places, docs: places.docs.replace(/^## `link-hidden`/m, '## link-hidden') }, `${id}: no section in docs/rules.md`],
  ];
  test.each(cases)('without its %s', (_, broken, problem) => {
    expect(rulePlaceProblems(broken)).toEqual([problem]);
  });

  test('a rule file nobody registered or recorded', () => {
    expect(rulePlaceProblems({ ...places, ruleFiles: [...places.ruleFiles, 'link-new'] })).toEqual(
      expect.arrayContaining(['link-new: registered 0 times in lib/rules/index.ts', 'link-new: no record in lib/rule-catalog.ts', 'link-new: no fixture test tests/unit/rules/link-new.test.ts']),
    );
  });
});
