import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AuditArgs, Target } from './args';
import { runAudit } from './run-audit';
import { Baseline, belowBaseline, CaseLabel, CorpusLabels, emptyScores, formatScores, scoreCase, totalsOf, type CaseLabel as Label } from '../lib/accuracy/score';

/**
 * `npm run accuracy [-- --baseline <file>] [--extension <build dir>] [--verbose]`
 *
 * Audits the labelled fixture pages (tests/fixtures/accuracy/<case>.html beside <case>.json) and the labelled
 * pages of the shared corpus (tests/fixtures/accuracy/corpus.json, pages referenced by path) exactly as
 * `npm run audit` does, real rules in Chromium with the built extension, and prints each rule's precision,
 * recall and trap hits. The last line is `accuracy: precision=<p> recall=<r> traps=<hit>/<total>`; with
 * --baseline, figures below it make the exit code 1.
 */
const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'tests/fixtures/accuracy');
const CORPUS = resolve(ROOT, '../shared/corpus');
// Fixtures' dates are written against this check date, so the report does not drift with the calendar.
const CHECK_DATE = '2026-12-01';

interface Page {
  name: string;
  target: Target;
  label: Label;
}

async function fixturePages(): Promise<Page[]> {
  const pages: Page[] = [];
  for (const file of (await readdir(FIXTURES)).sort()) {
    if (!file.endsWith('.html')) continue;
    const name = basename(file, '.html');
    const labelFile = join(FIXTURES, `${name}.json`);
    if (!existsSync(labelFile)) throw new Error(`fixture without its label: ${labelFile}`);
    const label = CaseLabel.parse(JSON.parse(await readFile(labelFile, 'utf8')));
    const path = join(FIXTURES, file);
    pages.push({ name, target: { kind: 'file', path, arg: path }, label });
  }
  return pages;
}

async function corpusPages(log: (line: string) => void): Promise<Page[]> {
  const labels = CorpusLabels.parse(JSON.parse(await readFile(join(FIXTURES, 'corpus.json'), 'utf8')));
  if (!existsSync(CORPUS)) {
    log(`corpus: skipped (${CORPUS} absent)`);
    return [];
  }
  return labels.flatMap(({ path: rel, ...label }) => {
    const path = join(CORPUS, rel);
    if (!existsSync(path)) {
      log(`corpus: skipped ${rel} (absent)`);
      return [];
    }
    return [{ name: `corpus:${rel}`, target: { kind: 'file' as const, path, arg: path }, label }];
  });
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { baseline: { type: 'string' }, extension: { type: 'string' }, verbose: { type: 'boolean', short: 'v' }, timeout: { type: 'string' } },
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const pages = [...(await fixturePages()), ...(await corpusPages(log))];
  const args: AuditArgs = {
    format: 'json',
    now: CHECK_DATE,
    timeoutMs: Number(values.timeout ?? 60) * 1000,
    rulePack: null,
    emblems: [],
    targets: pages.map((p) => p.target),
    help: false,
  };
  const { report, problems } = await runAudit(args, values.verbose ? log : () => undefined, values.extension ? { extensionDir: resolve(values.extension) } : {});
  for (const p of problems) log(`incomplete: ${p}`);
  const scores = emptyScores();
  // runAudit serves each target's folder under f0, f1… in the order the folders first appear.
  const mounts = new Map<string, string>();
  for (const p of pages) if (p.target.kind === 'file' && !mounts.has(dirname(p.target.path))) mounts.set(dirname(p.target.path), `f${mounts.size}`);
  const byPath = new Map(report.pages.map((p) => [new URL(p.url).pathname, p]));
  for (const page of pages) {
    const path = page.target.kind === 'file' ? page.target.path : '';
    const found = byPath.get(`/${mounts.get(dirname(path))}/${basename(path)}`);
    scoreCase(scores, page.name, page.label, found?.findings ?? []);
    if (!found) scores.cases.at(-1)!.problems.unshift('页面未能检查 page not audited');
  }
  for (const c of scores.cases) {
    if (!c.problems.length) continue;
    process.stdout.write(`${c.name}\n${c.problems.map((p) => `  ${p}`).join('\n')}\n`);
  }
  process.stdout.write(`\nfixtures: ${pages.filter((p) => !p.name.startsWith('corpus:')).length} pages, corpus: ${pages.filter((p) => p.name.startsWith('corpus:')).length} pages\n`);
  process.stdout.write(formatScores(scores));
  if (values.baseline) {
    const baseline = Baseline.parse(JSON.parse(await readFile(values.baseline, 'utf8')));
    const drops = belowBaseline(totalsOf(scores), baseline);
    if (drops.length) {
      log(`below the baseline (${values.baseline}): ${drops.join('; ')}`);
      return 1;
    }
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
