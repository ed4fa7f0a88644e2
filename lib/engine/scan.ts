import type { Finding, Unscanned } from '../findings';
import type { Candidate, Rule } from '../rules/types';
import type { ScanContext, ScanRoot } from '../page/context';
import { selectorFor, snippetOf } from '../dom/selector';
import { findingKey, pageKey } from '../page/key';
import { yieldToEventLoop, type SliceOptions } from '../page/slicing';
import { newId } from '../uuid';
import { placeDetail } from '../page/region';
import { visibilityFor } from '../dom/visibility';

export interface ScanOptions extends SliceOptions {
  /** Give up on a rule after it has run this long and report it as not scanned. */
  budgetMs?: number;
  /** Told after each rule: its time (yields included) and its longest stretch without yielding. For benchmarks. */
  onRuleDone?: (rule: Rule['id'], elapsedMs: number, longestSliceMs: number) => void;
}

export interface ScanResult {
  findings: Finding[];
  unscanned: Unscanned[];
  /** Longest stretch of work without yielding, for the benchmark. */
  longestSliceMs: number;
  elapsedMs: number;
}

function locate(el: Element, roots: ScanRoot[]): string {
  const root = el.getRootNode();
  const entry = roots.find((r) => r.root === root);
  return [...(entry?.path ?? []), selectorFor(el)].join(' >>> ');
}

export function toFinding(rule: Rule, c: Candidate, ctx: ScanContext, time: string, page = pageKey(ctx.pageUrl)): Finding {
  const selector = c.element ? locate(c.element, ctx.roots) : '';
  return {
    id: newId(),
    key: findingKey([page, rule.id, selector, c.subject ?? c.label]),
    rule: rule.id,
    severity: c.severity,
    status: 'open',
    pageUrl: page,
    pageTitle: (ctx.doc.title || '').slice(0, 1000),
    site: ctx.site,
    selector: selector.slice(0, 2000),
    snippet: c.element ? snippetOf(c.element) : '',
    label: c.label.slice(0, 500),
    ...(c.href ? { href: c.href.slice(0, 4096) } : {}),
    // Where the element is and whether it can be seen: the popup's rows tell repeated links apart by it.
    // The rule's own facts win over these.
    detail: c.element ? { ...placeDetail(c.element, visibilityFor(ctx)), ...(c.detail ?? {}) } : (c.detail ?? {}),
    message: c.message.slice(0, 2000),
    createdAt: time,
    updatedAt: time,
    version: 1,
  };
}

/**
 * Run `rules` over the page in slices of `sliceMs`, yielding to the page between slices so the page stays
 * responsive. A rule that throws is reported as not scanned; the others go on.
 */
export async function scan(ctx: ScanContext, rules: readonly Rule[], opts: ScanOptions = {}): Promise<ScanResult> {
  const sliceMs = opts.sliceMs ?? 8;
  const budgetMs = opts.budgetMs ?? 20_000;
  const now = opts.now ?? (() => performance.now());
  const yieldToPage = opts.yieldToPage ?? yieldToEventLoop;
  const findings: Finding[] = [];
  const unscanned: Unscanned[] = [];
  const seen = new Set<string>();
  const started = now();
  let sliceStart = started;
  let longestSliceMs = 0;
  const time = new Date().toISOString();
  // The same for every finding of the scan: a URL parse per finding is thousands of parses on a big page.
  const page = pageKey(ctx.pageUrl);

  for (const rule of rules) {
    if (rule.needs === 'links' && !ctx.links) continue;
    // Each rule has its own budget: one slow rule on a huge page must not leave every later rule unscanned.
    const ruleStarted = now();
    let ruleLongestMs = 0;
    try {
      for (const candidate of rule.run(ctx)) {
        if (candidate) {
          const finding = toFinding(rule, candidate, ctx, time, page);
          if (!seen.has(finding.key)) {
            seen.add(finding.key);
            findings.push(finding);
          }
        }
        const t = now();
        if (t - sliceStart >= sliceMs) {
          ruleLongestMs = Math.max(ruleLongestMs, t - sliceStart);
          if (t - ruleStarted > budgetMs) {
            unscanned.push({ kind: 'time-limit', where: rule.id, reason: `检查超过 ${budgetMs / 1000} 秒上限，已停止，结果可能不完整` });
            break;
          }
          await yieldToPage();
          sliceStart = now();
        }
      }
    } catch (error) {
      unscanned.push({ kind: 'rule-error', where: rule.id, reason: `规则执行出错：${String(error).slice(0, 300)}` });
    }
    const ruleEnded = now();
    ruleLongestMs = Math.max(ruleLongestMs, ruleEnded - sliceStart);
    longestSliceMs = Math.max(longestSliceMs, ruleLongestMs);
    opts.onRuleDone?.(rule.id, ruleEnded - ruleStarted, ruleLongestMs);
  }
  longestSliceMs = Math.max(longestSliceMs, now() - sliceStart);
  return { findings, unscanned, longestSliceMs, elapsedMs: now() - started };
}
