import { z } from 'zod';
import type { Finding } from '../findings';

/**
 * Scoring of the accuracy report (npm run accuracy), axe-core's way: every labelled page says which rules it
 * judges, the findings it must produce (`expect`) and the look-alikes that must stay clean (`traps`). A
 * finding of a judged rule that matches neither is a false alarm; a trap hit is one too, and counted apart.
 */
const Severity = z.enum(['veto', 'deduct', 'review']);

export const Expectation = z.object({
  rule: z.string().min(1),
  /** Text found in the finding's label, href or snippet (case-insensitive). */
  match: z.string().min(1),
  /** The severities that count as found; any when absent. `review` hands work to an inspector. */
  severity: z.union([Severity, z.array(Severity)]).optional(),
  why: z.string().optional(),
});
export type Expectation = z.infer<typeof Expectation>;

export const CaseLabel = z.object({
  /** What the page reproduces, and its trap. */
  title: z.string(),
  /** Rules whose every finding on this page is scored; other rules' findings are ignored. */
  rules: z.array(z.string().min(1)).min(1),
  expect: z.array(Expectation).default([]),
  traps: z.array(Expectation).default([]),
});
export type CaseLabel = z.infer<typeof CaseLabel>;

/** Labels of pages outside the project (the shared corpus), referenced by path. */
export const CorpusLabels = z.array(CaseLabel.extend({ path: z.string().min(1) }));

export interface RuleScore {
  tp: number;
  fp: number;
  fn: number;
  trapHits: number;
  traps: number;
  reviews: number;
}

export interface CaseResult {
  name: string;
  /** Human lines: a miss, a false alarm, a trap hit. */
  problems: string[];
}

export interface Scores {
  rules: Map<string, RuleScore>;
  cases: CaseResult[];
}

function matches(f: Pick<Finding, 'label' | 'href' | 'snippet'>, e: Expectation): boolean {
  const needle = e.match.toLowerCase();
  return [f.label, f.href ?? '', f.snippet].some((v) => v.toLowerCase().includes(needle));
}

function severityOk(f: Pick<Finding, 'severity'>, e: Expectation): boolean {
  if (!e.severity) return true;
  return (Array.isArray(e.severity) ? e.severity : [e.severity]).includes(f.severity);
}

export function emptyScores(): Scores {
  return { rules: new Map(), cases: [] };
}

function scoreOf(scores: Scores, rule: string): RuleScore {
  let s = scores.rules.get(rule);
  if (!s) scores.rules.set(rule, (s = { tp: 0, fp: 0, fn: 0, trapHits: 0, traps: 0, reviews: 0 }));
  return s;
}

type Scored = Pick<Finding, 'rule' | 'severity' | 'label' | 'href' | 'snippet'>;

/** Adds one page's findings against its label to `scores`. */
export function scoreCase(scores: Scores, name: string, label: CaseLabel, findings: readonly Scored[]): void {
  const problems: string[] = [];
  const judged = findings.filter((f) => label.rules.includes(f.rule));
  const used = new Set<Scored>();
  for (const rule of label.rules) scoreOf(scores, rule);
  for (const e of label.expect) {
    const s = scoreOf(scores, e.rule);
    const hits = judged.filter((f) => f.rule === e.rule && matches(f, e));
    for (const f of hits) used.add(f);
    if (hits.some((f) => severityOk(f, e))) s.tp++;
    else {
      s.fn++;
      problems.push(hits.length ? `漏报 miss ${e.rule} “${e.match}”: found as ${hits.map((f) => f.severity).join('/')}` : `漏报 miss ${e.rule} “${e.match}”`);
    }
  }
  for (const t of label.traps) {
    const s = scoreOf(scores, t.rule);
    s.traps++;
    const hits = judged.filter((f) => f.rule === t.rule && !used.has(f) && matches(f, t));
    if (hits.length) {
      s.trapHits++;
      s.fp += hits.length;
      for (const f of hits) used.add(f);
      problems.push(`陷阱 trap ${t.rule} “${t.match}” reported (${hits.map((f) => f.severity).join('/')})`);
    }
  }
  for (const f of judged) {
    if (f.severity === 'review') scoreOf(scores, f.rule).reviews++;
    if (used.has(f)) continue;
    scoreOf(scores, f.rule).fp++;
    problems.push(`误报 false alarm ${f.rule} ${f.severity} “${(f.label || f.href || '').slice(0, 60)}”`);
  }
  scores.cases.push({ name, problems });
}

export interface Totals {
  precision: number;
  recall: number;
  trapHits: number;
  traps: number;
}

const ratio = (num: number, den: number) => (den === 0 ? 1 : num / den);

export function precisionOf(s: Pick<RuleScore, 'tp' | 'fp'>): number {
  return ratio(s.tp, s.tp + s.fp);
}

export function recallOf(s: Pick<RuleScore, 'tp' | 'fn'>): number {
  return ratio(s.tp, s.tp + s.fn);
}

export function totalsOf(scores: Scores): Totals {
  const sum = { tp: 0, fp: 0, fn: 0, trapHits: 0, traps: 0 };
  for (const s of scores.rules.values()) {
    sum.tp += s.tp;
    sum.fp += s.fp;
    sum.fn += s.fn;
    sum.trapHits += s.trapHits;
    sum.traps += s.traps;
  }
  return { precision: precisionOf(sum), recall: recallOf(sum), trapHits: sum.trapHits, traps: sum.traps };
}

/** The per-rule table and the one summary line the CI reads last. */
export function formatScores(scores: Scores): string {
  const rows = [...scores.rules.entries()].sort(([a], [b]) => a.localeCompare(b));
  const lines = ['rule                 tp   fp   fn  traps   review  precision  recall'];
  for (const [rule, s] of rows) {
    lines.push(
      `${rule.padEnd(20)} ${String(s.tp).padStart(3)}  ${String(s.fp).padStart(3)}  ${String(s.fn).padStart(3)}  ${`${s.trapHits}/${s.traps}`.padStart(5)}   ${String(s.reviews).padStart(6)}  ${precisionOf(s).toFixed(3).padStart(9)}  ${recallOf(s).toFixed(3).padStart(6)}`,
    );
  }
  return `${lines.join('\n')}\n${summaryLine(totalsOf(scores))}\n`;
}

export function summaryLine(t: Totals): string {
  return `accuracy: precision=${t.precision.toFixed(3)} recall=${t.recall.toFixed(3)} traps=${t.trapHits}/${t.traps}`;
}

export const Baseline = z.object({ precision: z.number(), recall: z.number(), trapHits: z.number().int() });
export type Baseline = z.infer<typeof Baseline>;

/** Why the figures fell below the committed baseline; empty when they did not. */
export function belowBaseline(t: Totals, b: Baseline): string[] {
  const out: string[] = [];
  // Rounded as printed: a baseline copied from the summary line is met by the same run.
  const r = (v: number) => Math.round(v * 1000) / 1000;
  if (r(t.precision) < b.precision) out.push(`precision ${t.precision.toFixed(3)} < baseline ${b.precision}`);
  if (r(t.recall) < b.recall) out.push(`recall ${t.recall.toFixed(3)} < baseline ${b.recall}`);
  if (t.trapHits > b.trapHits) out.push(`trap hits ${t.trapHits} > baseline ${b.trapHits}`);
  return out;
}
