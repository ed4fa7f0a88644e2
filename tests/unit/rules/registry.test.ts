import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RULES } from '@/lib/rules';
import { RULE_IDS } from '@/lib/rule-catalog';

const root = resolve(import.meta.dirname, '../../..');
const ruleFiles = readdirSync(resolve(root, 'lib/rules'))
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'types.ts')
  .map((f) => f.replace(/\.ts$/, ''));
const docs = readFileSync(resolve(root, 'docs/rules.md'), 'utf8');

describe('rule registry', () => {
  test('every rule file is named after a product rule id', () => {
    for (const file of ruleFiles) expect(RULE_IDS).toContain(file);
  });

  test.each(ruleFiles)('%s is registered once, tested and documented', (id) => {
    expect(RULES.filter((r) => r.id === id)).toHaveLength(1);
    expect(existsSync(resolve(root, `tests/unit/rules/${id}.test.ts`))).toBe(true);
    expect(docs).toMatch(new RegExp(`^## \`${id}\``, 'm'));
  });

  test('nothing is registered without a file of its own', () => {
    expect(RULES.map((r) => r.id).sort()).toEqual([...ruleFiles].sort());
  });
});
