import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

/** The project's own import graph (type-only imports included), read from the sources as written. */
export interface ImportGraph {
  /** Repository-relative file → repository-relative files it imports. */
  edges: Map<string, string[]>;
}

const SOURCE = /\.(ts|tsx)$/;
const SPEC = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const EXTENSIONS = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'];

function sourcesUnder(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const rel = posix.join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) out.push(...sourcesUnder(root, rel));
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

function resolveSpec(root: string, from: string, spec: string): string | undefined {
  let base: string;
  if (spec.startsWith('@/')) base = spec.slice(2);
  else if (spec.startsWith('.')) base = posix.normalize(posix.join(posix.dirname(from), spec));
  else return undefined;
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (SOURCE.test(candidate) && existsSync(join(root, candidate))) return candidate;
  }
  return undefined;
}

export function readImportGraph(root: string, dirs: readonly string[]): ImportGraph {
  const edges = new Map<string, string[]>();
  for (const dir of dirs) {
    for (const file of sourcesUnder(root, dir)) {
      const text = readFileSync(join(root, file), 'utf8');
      const targets: string[] = [];
      for (const m of text.matchAll(SPEC)) {
        const target = resolveSpec(root, file, m[1] ?? m[2]);
        if (target) targets.push(target);
      }
      edges.set(file, targets);
    }
  }
  return { edges };
}

/** Import cycles among the graph's files (each reported once, as the files on it). */
export function importCycles(graph: ImportGraph): string[][] {
  // Tarjan's strongly connected components: a component of more than one file is a circle.
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.edges.get(v) ?? []) {
      if (!graph.edges.has(w)) continue;
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.edges.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.edges.keys()) if (!indexOf.has(v)) visit(v);
  return cycles;
}
