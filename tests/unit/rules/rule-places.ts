/**
 * Every place a rule must have, and what is missing: the rule file, one registry entry, its catalog
 * record, both locales' name and description, its fixture test and its docs/rules.md section.
 */
export interface RulePlaces {
  /** Ids of the files in lib/rules/ (file name without .ts). */
  ruleFiles: readonly string[];
  /** Ids in the registry (lib/rules/index.ts), in order. */
  registered: readonly string[];
  /** Ids with a record in lib/rule-catalog.ts. */
  catalog: readonly string[];
  /** Message keys per locale. */
  locales: Readonly<Record<string, readonly string[]>>;
  /** Ids with a test file tests/unit/rules/<id>.test.ts. */
  tests: readonly string[];
  /** docs/rules.md. */
  docs: string;
}

export const localeKey = (id: string, part: 'name' | 'desc') => `rule_${id.replace(/-/g, '_')}_${part}`;

export function rulePlaceProblems(p: RulePlaces): string[] {
  const ids = [...new Set([...p.ruleFiles, ...p.registered, ...p.catalog])].sort();
  const problems: string[] = [];
  for (const id of ids) {
    if (!p.ruleFiles.includes(id)) problems.push(`${id}: no file lib/rules/${id}.ts`);
    const entries = p.registered.filter((r) => r === id).length;
    if (entries !== 1) problems.push(`${id}: registered ${entries} times in lib/rules/index.ts`);
    if (!p.catalog.includes(id)) problems.push(`${id}: no record in lib/rule-catalog.ts`);
    for (const [locale, keys] of Object.entries(p.locales)) {
      for (const part of ['name', 'desc'] as const) {
        if (!keys.includes(localeKey(id, part))) problems.push(`${id}: no ${localeKey(id, part)} in _locales/${locale}`);
      }
    }
    if (!p.tests.includes(id)) problems.push(`${id}: no fixture test tests/unit/rules/${id}.test.ts`);
    if (!new RegExp(`^## \`${id}\``, 'm').test(p.docs)) problems.push(`${id}: no section in docs/rules.md`);
  }
  return problems;
}
