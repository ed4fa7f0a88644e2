import type { WordingEntry } from '../rule-pack/pack';
import type { ScanRoot } from '../page/context';

/** A wrong phrase found in a run of text. */
export interface WordingHit {
  entry: WordingEntry;
  /** The text as found. */
  found: string;
  start: number;
  end: number;
}

/** How far around a match an allowed context is looked for (characters each side). */
export const CONTEXT_RADIUS = 40;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * All of a pack's wrong phrases as one matcher: a single alternation, longest phrase first so that a longer
 * entry wins over one it contains, run once per text run instead of one search per word.
 */
export class WordingMatcher {
  private readonly re: RegExp | null;
  private readonly byPhrase = new Map<string, WordingEntry>();

  constructor(entries: readonly WordingEntry[]) {
    for (const entry of entries) {
      const key = entry.wrong.toLowerCase();
      if (!this.byPhrase.has(key)) this.byPhrase.set(key, entry);
    }
    const phrases = [...this.byPhrase.values()].map((e) => e.wrong).sort((a, b) => b.length - a.length);
    this.re = phrases.length ? new RegExp(phrases.map(escapeRegExp).join('|'), 'giu') : null;
  }

  /** Wrong phrases in `text` that no allowed context excuses; `extraContext` (e.g. the page title) counts as near. */
  *find(text: string, extraContext = ''): Generator<WordingHit> {
    if (!this.re) return;
    for (const m of text.matchAll(this.re)) {
      const entry = this.byPhrase.get(m[0].toLowerCase());
      if (!entry) continue;
      const hit: WordingHit = { entry, found: m[0], start: m.index, end: m.index + m[0].length };
      if (!isExcused(text, hit, extraContext)) yield hit;
    }
  }
}

/**
 * An allowed context that contains the wrong phrase itself (原农业部, 文化部门) excuses only that exact
 * wording around the match; any other (辛亥革命, 1912年) excuses a match within CONTEXT_RADIUS of it.
 */
export function isExcused(text: string, hit: WordingHit, extraContext = ''): boolean {
  const wrong = hit.found.toLowerCase();
  for (const context of hit.entry.allowedContexts) {
    if (!context) continue;
    const lower = context.toLowerCase();
    const at = lower.indexOf(wrong);
    if (at >= 0) {
      const from = hit.start - at;
      if (from >= 0 && text.slice(from, from + context.length).toLowerCase() === lower) return true;
      continue;
    }
    const window = text.slice(Math.max(0, hit.start - CONTEXT_RADIUS), hit.end + CONTEXT_RADIUS).toLowerCase();
    if (window.includes(lower) || extraContext.toLowerCase().includes(lower)) return true;
  }
  return false;
}

const matchers = new WeakMap<readonly WordingEntry[], WordingMatcher>();

/** One matcher per pack's word list, built on first use. */
export function matcherFor(entries: readonly WordingEntry[]): WordingMatcher {
  let matcher = matchers.get(entries);
  if (!matcher) {
    matcher = new WordingMatcher(entries);
    matchers.set(entries, matcher);
  }
  return matcher;
}

// Elements whose text a reader never sees as page text.
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title', 'svg', 'math']);

// Inline elements do not break a phrase: 中华人民共<b>合</b>国 reads as one run.
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd', 'label',
  'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'strike', 'tt', 'big', 'nobr',
]);

/** Consecutive text nodes inside one block element, read as one string. */
export interface TextRun {
  text: string;
  nodes: Text[];
  /** Offset of each node's first character in `text`. */
  starts: number[];
}

function blockOf(node: Node): Element | null {
  let el = node.parentElement;
  while (el && INLINE.has(el.localName)) el = el.parentElement;
  return el;
}

function skipped(el: Element | null, stop: Node): boolean {
  for (; el && el !== stop; el = el.parentElement) if (SKIP.has(el.localName)) return true;
  return false;
}

/**
 * The page's visible-text runs: each document's `<body>` and each shadow root hosted inside a body. The
 * extension's own overlay hangs off `<html>`, outside the body, so it is never read.
 */
export function* textRuns(roots: readonly ScanRoot[]): Generator<TextRun> {
  for (const { root } of roots) {
    let start: Node | null;
    if (root.nodeType === 9) start = (root as Document).body;
    else start = (root as ShadowRoot).host.closest('body') ? root : null;
    if (!start) continue;
    const doc = (root.ownerDocument ?? root) as Document;
    // A filter callback per node costs more than a native walk plus one ancestor check per parent element.
    const walker = doc.createTreeWalker(start, 4 /* SHOW_TEXT */);
    let lastParent: Element | null = null;
    let lastSkipped = false;
    let run: TextRun | null = null;
    let runBlock: Element | null = null;
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      if (!n.data) continue;
      if (n.parentElement !== lastParent) {
        lastParent = n.parentElement;
        lastSkipped = skipped(lastParent, start);
      }
      if (lastSkipped) continue;
      const block = blockOf(n);
      if (!run || block !== runBlock) {
        if (run) yield run;
        run = { text: '', nodes: [], starts: [] };
        runBlock = block;
      }
      run.starts.push(run.text.length);
      run.nodes.push(n);
      run.text += n.data;
    }
    if (run) yield run;
  }
}

function nodeIndexAt(run: TextRun, offset: number): number {
  let lo = 0;
  let hi = run.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (run.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Where a hit sits in the DOM: the smallest element holding it, and its offset in that element's textContent. */
export function locateHit(run: TextRun, start: number, end: number): { element: Element; offset: number } | null {
  const first = run.nodes[nodeIndexAt(run, start)];
  const last = run.nodes[nodeIndexAt(run, end - 1)];
  let element = first.parentElement;
  while (element && !element.contains(last)) element = element.parentElement;
  if (!element) return null;
  let offset = start - run.starts[nodeIndexAt(run, start)];
  const walker = element.ownerDocument.createTreeWalker(element, 4 /* SHOW_TEXT */);
  for (let n = walker.nextNode(); n && n !== first; n = walker.nextNode()) offset += (n as Text).data.length;
  return { element, offset };
}

/** A short, whitespace-folded excerpt around a hit, for the inspector to read without opening the page. */
export function contextOf(text: string, start: number, end: number, radius = 20): string {
  const before = text.slice(Math.max(0, start - radius), start);
  const after = text.slice(end, end + radius);
  return `${start > radius ? '…' : ''}${before}${text.slice(start, end)}${after}${end + radius < text.length ? '…' : ''}`
    .replace(/\s+/g, ' ')
    .trim();
}
