import type { Finding, Unscanned } from './findings';
import type { Candidate, Rule, ScanContext, ScanRoot } from './rules/types';
import { selectorFor, snippetOf } from './dom/selector';
import { frameDocument } from './dom/frames';
import { newId } from './uuid';

export interface ScanOptions {
  /** Work this long before yielding to the page. */
  sliceMs?: number;
  /** Give up on a rule after it has run this long and report it as not scanned. */
  budgetMs?: number;
  /** How to give the page its turn; tests and the CLI may pass a no-op. */
  yieldToPage?: () => Promise<void>;
  now?: () => number;
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

/** Yield to the event loop without the 4 ms clamp of nested setTimeout. */
export function yieldToEventLoop(): Promise<void> {
  const sched = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (sched?.yield) return sched.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Everything `items` yields, taken in slices of `sliceMs` with the page given its turn between them: a
 * page's ten thousand links are not extracted in one stretch.
 */
export async function collectSliced<T>(items: Iterable<T>, opts: ScanOptions = {}): Promise<T[]> {
  const sliceMs = opts.sliceMs ?? 8;
  const now = opts.now ?? (() => performance.now());
  const yieldToPage = opts.yieldToPage ?? yieldToEventLoop;
  const out: T[] = [];
  let sliceStart = now();
  for (const item of items) {
    out.push(item);
    if ((out.length & 63) === 0 && now() - sliceStart >= sliceMs) {
      await yieldToPage();
      sliceStart = now();
    }
  }
  return out;
}

/**
 * The documents and open shadow roots under `doc`: same-origin iframes are entered, cross-origin ones and
 * closed shadow roots are reported. `openClosedRoot` (chrome.dom.openOrClosedShadowRoot in the extension)
 * lets the content script look into closed roots too.
 */
export function collectRoots(
  doc: Document,
  openClosedRoot?: (el: Element) => ShadowRoot | null,
): { roots: ScanRoot[]; unscanned: Unscanned[] } {
  const roots: ScanRoot[] = [];
  const unscanned: Unscanned[] = [];
  const visit = (root: Document | ShadowRoot, path: string[]) => {
    roots.push({ root, path });
    const walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, 1 /* SHOW_ELEMENT */);
    for (let node = walker.nextNode() as Element | null; node; node = walker.nextNode() as Element | null) {
      const shadow = node.shadowRoot ?? openClosedRoot?.(node) ?? null;
      if (shadow) visit(shadow, [...path, selectorFor(node)]);
      else if (node.localName.includes('-') && isClosedHost(node)) {
        unscanned.push({
          kind: 'closed-shadow-root',
          where: [...path, selectorFor(node)].join(' >>> '),
          reason: '自定义元素使用了封闭的 Shadow DOM，内容无法检查',
        });
      }
      if (node.localName === 'iframe' || node.localName === 'frame') {
        const frame = node as HTMLIFrameElement;
        const inner = frameDocument(frame);
        if (inner?.documentElement) visit(inner, [...path, selectorFor(node)]);
        else if (frame.getAttribute('src')) {
          unscanned.push({
            kind: 'cross-origin-frame',
            where: frame.src || frame.getAttribute('src') || '',
            reason: '跨域框架（iframe）的内容无法从本页检查，请单独打开该地址检查',
          });
        }
      }
    }
  };
  visit(doc, []);
  return { roots, unscanned };
}

// A defined custom element with rendered size but no light-DOM children most likely hides a closed root.
function isClosedHost(el: Element): boolean {
  const win = el.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  return !!win?.customElements?.get(el.localName) && el.childElementCount === 0 && !el.textContent?.trim();
}

/** Stable short key for (page, rule, element, subject): FNV-1a, 64-bit, hex. */
export function findingKey(parts: string[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  const text = parts.join('\u241f');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x01000197) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/** The page URL without its fragment: findings of `page#a` and `page#b` are the same page's. */
export function pageKeyOf(url: URL): string {
  const u = new URL(url.href);
  u.hash = '';
  return u.href;
}

function locate(el: Element, roots: ScanRoot[]): string {
  const root = el.getRootNode();
  const entry = roots.find((r) => r.root === root);
  return [...(entry?.path ?? []), selectorFor(el)].join(' >>> ');
}

export function toFinding(rule: Rule, c: Candidate, ctx: ScanContext, time: string, page = pageKeyOf(ctx.pageUrl)): Finding {
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
    detail: c.detail ?? {},
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
  const page = pageKeyOf(ctx.pageUrl);

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
