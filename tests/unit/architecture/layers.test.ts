import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importCycles, readImportGraph } from './imports';

const root = resolve(import.meta.dirname, '../../..');
const graph = readImportGraph(root, ['lib', 'components', 'entrypoints', 'cli', 'server']);
const importsOf = (prefix: string) => [...graph.edges].filter(([file]) => file.startsWith(prefix));

/** The page, the facts read from it and the helpers under them: what rules are built on. */
const BELOW_RULES = ['lib/page/', 'lib/facts/', 'lib/dom/', 'lib/links/', 'lib/emblem/', 'lib/rule-pack/', 'lib/sites/'];

describe('layers: arrows point down', () => {
  test('lib/ imports neither server/, cli/, components/ nor entrypoints/', () => {
    const up = importsOf('lib/').flatMap(([file, targets]) =>
      targets.filter((t) => /^(server|cli|components|entrypoints)\//.test(t)).map((t) => `${file} → ${t}`),
    );
    expect(up).toEqual([]);
  });

  test('what rules are built on imports neither rules/ nor the engine', () => {
    const up = BELOW_RULES.flatMap((dir) =>
      importsOf(dir).flatMap(([file, targets]) => targets.filter((t) => /^lib\/(rules|engine)\//.test(t)).map((t) => `${file} → ${t}`)),
    );
    expect(up).toEqual([]);
  });

  test('components/ import no entry point, and the server imports no client code but lib/', () => {
    const wrong = [
      ...importsOf('components/').flatMap(([file, targets]) => targets.filter((t) => t.startsWith('entrypoints/')).map((t) => `${file} → ${t}`)),
      ...importsOf('server/').flatMap(([file, targets]) => targets.filter((t) => /^(components|entrypoints|cli)\//.test(t)).map((t) => `${file} → ${t}`)),
    ];
    expect(wrong).toEqual([]);
  });

  test('no import circles, type-only imports included', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  test('lib/ keeps at most six loose files at its root', () => {
    const loose = readdirSync(resolve(root, 'lib')).filter((name) => statSync(resolve(root, 'lib', name)).isFile());
    expect(loose.length, loose.join(', ')).toBeLessThanOrEqual(6);
  });
});

describe('the import graph reader', () => {
  test('finds a circle, and the files on it', () => {
    const edges = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCycles({ edges })).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  test('reads type-only, re-export and dynamic imports, and the @/ alias', () => {
    const edges = graph.edges.get('lib/findings.ts') ?? [];
    expect(edges).toContain('lib/rule-catalog.ts');
    const popup = graph.edges.get('entrypoints/popup/main.tsx') ?? [];
    expect(popup.some((t) => t.startsWith('lib/'))).toBe(true);
  });
});
