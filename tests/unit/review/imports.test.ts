import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';

const DIR = resolve(import.meta.dirname, '../../../components/review');

/** The review page's own files and the sibling files each imports (type imports too: they are still edges). */
function graph(): Map<string, string[]> {
  const files = readdirSync(DIR).filter((f) => /\.tsx?$/.test(f));
  const names = new Set(files.map((f) => f.replace(/\.tsx?$/, '')));
  const out = new Map<string, string[]>();
  for (const f of files) {
    const text = readFileSync(resolve(DIR, f), 'utf8');
    const deps = [...text.matchAll(/from\s+'\.\/([\w-]+)'/g)].map((m) => m[1]).filter((d) => names.has(d));
    out.set(f.replace(/\.tsx?$/, ''), deps);
  }
  return out;
}

test('no import cycle among the review page files (a child never imports its parent)', () => {
  const g = graph();
  const cycles: string[] = [];
  const visit = (node: string, path: string[]) => {
    if (path.includes(node)) {
      cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
      return;
    }
    for (const next of g.get(node) ?? []) visit(next, [...path, node]);
  };
  for (const node of g.keys()) visit(node, []);
  expect(cycles).toEqual([]);
  expect(g.get('FindingDetail')).not.toContain('ReviewApp');
});
