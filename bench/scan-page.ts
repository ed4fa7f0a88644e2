/**
 * The in-page half of `npm run bench -- scan`, bundled by bench/scan.ts and injected into the page under
 * test. Runs the content script's own PageInspector over the page with every rule except the image ones,
 * the prober replaced by pre-made results answered a task later, as a runtime message would be (network
 * excluded), and times it.
 */
import type { ProbeResult } from '../lib/links/types';
import { PageInspector } from '../lib/engine/inspector';
import { DEFAULT_RULE_PACK } from '../lib/rule-pack/pack';
import { RULES } from '../lib/rules';
import { extractLinks } from '../lib/links/extract';
import type { ScanContext } from '../lib/page/context';
import { scan } from '../lib/engine/scan';
import { collectRoots } from '../lib/page/roots';
import { yieldToEventLoop } from '../lib/page/slicing';

export interface ScanBenchRun {
  elapsedMs: number;
  /** Longest stretch of main-thread work between two yields of the scan, measured at the yields. */
  longestStretchMs: number;
  /** The functions on the stack where that stretch ended. */
  longestStretchAt: string;
  /** Long tasks (over 50 ms) the browser itself reported while the scan ran. */
  longTasksMs: number[];
  findings: number;
  links: number;
  rules: string[];
  /** Each rule's time within this scan (yields included) and its longest stretch without yielding. */
  inScan: RuleTiming[];
  /** When each phase of the inspector ended, ms after the scan started: DOM rules, links collected, probes answered. */
  phases: { domRules: number; linksCollected: number; probed: number };
}

export interface RuleTiming {
  rule: string;
  elapsedMs: number;
  longestSliceMs: number;
}

/** Every twentieth URL is dead so the link-dead rule has work to report, as on a neglected site. */
function premade(url: string, i: number): ProbeResult {
  const checkedAt = new Date().toISOString();
  return i % 20 === 7
    ? { url, verdict: 'broken', reason: 'http-404', status: 404, method: 'GET', attempts: 1, checkedAt }
    : { url, verdict: 'ok', reason: 'http-200', status: 200, method: 'HEAD', attempts: 1, checkedAt };
}

/**
 * One scan of the page by the inspector. `linkRulesOnly`: only the link rules (link-empty, link-hidden,
 * link-illegal, link-dead) with the link extraction and probing they need, the scope of issue 2's figure.
 */
async function runScanBench(linkRulesOnly = false): Promise<ScanBenchRun> {
  const rules = RULES.filter((r) => r.needs !== 'images' && (!linkRulesOnly || r.id.startsWith('link-')));
  const longTasksMs: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasksMs.push(e.duration);
  });
  observer.observe({ type: 'longtask' });

  let longestStretchMs = 0;
  let resumed = performance.now();
  // Every point where the page gets its turn back: the scan's own yields, and the probe answers, which in
  // the product arrive from the service worker as separate message events.
  let longestStretchAt = '';
  const yieldToPage = async () => {
    const stretch = performance.now() - resumed;
    if (stretch > longestStretchMs) {
      longestStretchMs = stretch;
      // Where the stretch ended: the functions on the stack at the yield (names survive the bundling).
      longestStretchAt = whereFrom(new Error().stack);
    }
    await yieldToEventLoop();
    resumed = performance.now();
  };
  let probed = 0;
  const inScan: RuleTiming[] = [];
  const phases = { domRules: NaN, linksCollected: NaN, probed: NaN };
  let started = 0;
  const inspector = new PageInspector(document, {
    rules,
    pack: DEFAULT_RULE_PACK,
    probe: async (urls) => {
      await yieldToPage();
      return urls.map((u) => premade(u, probed++));
    },
    onState: (state) => {
      const t = performance.now() - started;
      if (state.phase === 'probing' && Number.isNaN(phases.domRules)) phases.domRules = t;
      if (state.phase === 'probing' && state.linksTotal > 0 && Number.isNaN(phases.linksCollected)) phases.linksCollected = t;
      if (state.phase === 'probing' && state.linksTotal > 0 && state.linksProbed === state.linksTotal) phases.probed = t;
    },
    scanOptions: { yieldToPage, onRuleDone: (rule, elapsedMs, longestSliceMs) => inScan.push({ rule, elapsedMs, longestSliceMs }) },
  });

  started = performance.now();
  resumed = started;
  await inspector.rescan();
  const ended = performance.now();
  if (ended - resumed > longestStretchMs) {
    longestStretchMs = ended - resumed;
    longestStretchAt = 'the end of the scan';
  }
  // Long-task entries are delivered after the task; give the browser a turn, then take what is pending.
  await new Promise((r) => setTimeout(r, 50));
  for (const e of observer.takeRecords()) longTasksMs.push(e.duration);
  observer.disconnect();
  const state = inspector.current;
  if (state.phase !== 'done') throw new Error(`scan ended in phase ${state.phase}`);
  return { elapsedMs: ended - started, longestStretchMs, longestStretchAt, longTasksMs, findings: state.findings.length, links: state.linksTotal, rules: rules.map((r) => r.id), inScan, phases };
}

function whereFrom(stack: string | undefined): string {
  const names = (stack ?? '')
    .split('\n')
    .slice(2)
    .map((line) => /at (?:async )?([\w$.<>]+) \(/.exec(line)?.[1])
    .filter((name): name is string => !!name && !/^(?:Generator|Promise|Array|Object)\b/.test(name));
  return names.slice(0, 4).join(' < ') || '?';
}

/** Each rule alone over the same page, for finding which one costs the time (not part of the timed figure). */
async function timeEachRule(): Promise<RuleTiming[]> {
  let t = performance.now();
  const { roots } = collectRoots(document);
  const out: RuleTiming[] = [{ rule: '(collectRoots)', elapsedMs: performance.now() - t, longestSliceMs: performance.now() - t }];
  t = performance.now();
  const links = new Map(
    [...new Set(extractLinks(roots).flatMap((l) => (l.url ? [l.url] : [])))].map((u, i) => [u, premade(u, i)] as const),
  );
  out.push({ rule: '(extractLinks)', elapsedMs: performance.now() - t, longestSliceMs: performance.now() - t });
  const ctx: ScanContext = { doc: document, roots, pageUrl: new URL(document.URL), site: location.hostname, now: new Date(), pack: DEFAULT_RULE_PACK, links };
  for (const rule of RULES.filter((r) => r.needs !== 'images')) {
    const result = await scan(ctx, [rule]);
    out.push({ rule: rule.id, elapsedMs: result.elapsedMs, longestSliceMs: result.longestSliceMs });
  }
  return out;
}

Object.assign(globalThis, { __gsiScanBench: runScanBench, __gsiTimeEachRule: timeEachRule });
