import { createRequire } from 'node:module';
import ts from 'typescript';

/**
 * Checks built bundles against @mdn/browser-compat-data: every extension API (`chrome.*`, `browser.*`, and the
 * polyfill's renamed `browser`, which minifies to a one-letter name), every web/JS global, static member and
 * member name the code touches is looked up, and anything added after the floor is reported unless the code
 * tests for it first. It reads the bundles rather than the sources because the libraries (zod, preact,
 * exceljs, the polyfill) ship in them too and run on the same browsers.
 */

export type Browser = 'chrome' | 'firefox';

export interface CompatIssue {
  file: string;
  line: number;
  /** What was used, e.g. `storage.session` or `Array.prototype.findLast` / `.findLast`. */
  api: string;
  /** The first version of `browser` that has it. */
  since: number;
  /** `extension`: an extension API; `global`/`static`: a web or JS global or its member; `member`: a property name found only on newer APIs. */
  kind: 'extension' | 'global' | 'static' | 'member' | 'manifest';
  /** Feature-tested in the same function (or an enclosing one): allowed. */
  guarded: boolean;
}

interface SupportStatement {
  version_added?: string | boolean | null;
  version_removed?: string | boolean | null;
  flags?: unknown;
  prefix?: string;
  alternative_name?: string;
  partial_implementation?: boolean;
}
interface CompatNode {
  __compat?: { support?: Record<string, SupportStatement | SupportStatement[]> };
  [key: string]: unknown;
}
interface Bcd {
  api: Record<string, CompatNode>;
  javascript: { builtins: Record<string, CompatNode> };
  webextensions: { api: Record<string, CompatNode>; manifest: Record<string, CompatNode> };
}

let cached: Bcd | null = null;
export function loadBcd(): Bcd {
  // A CommonJS require: the package is one JSON file, and import attributes for JSON differ across tools.
  cached ??= createRequire(import.meta.url)('@mdn/browser-compat-data') as Bcd;
  return cached;
}

/**
 * Chrome-only extension APIs that browser-compat-data does not list (it covers the cross-browser ones).
 * Versions from developer.chrome.com/docs/extensions/reference ("Chrome N+").
 */
const CHROME_ONLY: Record<string, number> = {
  offscreen: 109,
  readingList: 120,
  tabCapture: 71,
  debugger: 18,
  declarativeContent: 33,
  'action.openPopup': 127,
  'storage.session': 102,
};

/**
 * The first version with unprefixed, unflagged support; null: none, or unknown (`true`/`null` in the data,
 * which is too vague to fail a build on).
 */
export function firstVersion(node: CompatNode | undefined, browser: Browser): number | null {
  const support = node?.__compat?.support?.[browser];
  if (!support) return null;
  let best: number | null = null;
  for (const s of Array.isArray(support) ? support : [support]) {
    if (s.flags || s.prefix || s.alternative_name || s.partial_implementation || s.version_removed) continue;
    if (typeof s.version_added !== 'string') continue;
    const v = Number.parseFloat(s.version_added.replace(/^≤/, ''));
    if (Number.isFinite(v) && (best === null || v < best)) best = v;
  }
  return best;
}

/** Not supported at all in `browser` (version_added false): a use is an issue whatever the floor. */
function unsupported(node: CompatNode | undefined, browser: Browser): boolean {
  const support = node?.__compat?.support?.[browser];
  const list = support ? (Array.isArray(support) ? support : [support]) : [];
  return list.length > 0 && list.every((s) => s.version_added === false);
}

const NEVER = 100_000;

function versionOf(node: CompatNode | undefined, browser: Browser): number | null {
  if (unsupported(node, browser)) return NEVER;
  return firstVersion(node, browser);
}

function child(node: CompatNode | undefined, key: string): CompatNode | undefined {
  if (!node || key.startsWith('__') || !Object.hasOwn(node, key)) return undefined;
  const c = node[key];
  return c && typeof c === 'object' ? (c as CompatNode) : undefined;
}

/**
 * The web API interfaces whose methods are looked up by name alone (`x.checkVisibility()`): the DOM and
 * platform objects extension code calls every day. Other interfaces' method names (check, format, use…)
 * collide with library methods too often to mean anything in a minified bundle.
 */
const COMMON_INTERFACES = [
  'Element', 'HTMLElement', 'Node', 'Document', 'Window', 'Navigator', 'Event', 'Range', 'Selection',
  'DOMTokenList', 'Response', 'Request', 'Headers', 'URL', 'URLSearchParams', 'Blob', 'File', 'FileReader',
  'ReadableStream', 'ReadableStreamDefaultReader', 'WritableStream', 'CSSStyleDeclaration', 'HTMLCanvasElement',
  'HTMLDialogElement', 'HTMLInputElement', 'HTMLImageElement', 'HTMLIFrameElement', 'Crypto', 'SubtleCrypto',
  'IDBFactory', 'IDBDatabase', 'IDBObjectStore', 'IDBIndex', 'IDBTransaction', 'AbortController', 'AbortSignal',
  'TextEncoder', 'TextDecoder', 'MutationObserver', 'IntersectionObserver', 'ResizeObserver', 'Clipboard',
  'ShadowRoot', 'DocumentFragment', 'CharacterData', 'Text', 'StorageManager', 'WorkerGlobalScope', 'FormData',
];

/**
 * Builtins whose method names (day, month, use, toArray, isError…) are also everyday library method names; their
 * globals (Temporal, Iterator.from) are still checked as globals and statics.
 */
const SKIPPED_BUILTINS = new Set(['Temporal', 'Iterator', 'AsyncIterator', 'DisposableStack', 'AsyncDisposableStack', 'Atomics', 'Error', 'Intl']);
/** Builtin method names shared with common library methods of the same shape: `resize` (ArrayBuffer, 111). */
const LIBRARY_COLLIDING = ['resize'];

/**
 * Method name → the lowest version of any builtin prototype (Array.at, String.replaceAll, Intl.*.format) or
 * common interface that has it. Only calls are matched, and a name is reported only when every object that
 * has it is newer than the floor.
 */
function memberIndex(bcd: Bcd, browser: Browser): Map<string, number> {
  const index = new Map<string, number>();
  const add = (name: string, v: number | null) => {
    // Unknown data counts as old, and a name no version of this browser has is some library's own method.
    if (v === NEVER) return;
    const version = v ?? 0;
    const prev = index.get(name);
    if (prev === undefined || version < prev) index.set(name, version);
  };
  const walk = (ownerName: string, owner: CompatNode, depth: number) => {
    for (const [name, node] of Object.entries(owner)) {
      if (name.startsWith('__') || name.startsWith('@@') || name.endsWith('_event') || name.endsWith('_static')) continue;
      // The constructor entry (Array.Array) is the global itself, checked as such.
      if (name === ownerName) continue;
      // Namespaces (Intl.DateTimeFormat, Temporal.PlainDate) hold their own methods.
      if (/^[A-Z]/.test(name) && depth < 2) walk(name, node as CompatNode, depth + 1);
      else add(name, versionOf(node as CompatNode, browser));
    }
  };
  for (const [name, node] of Object.entries(bcd.javascript.builtins)) if (!SKIPPED_BUILTINS.has(name)) walk(name, node, 0);
  for (const name of LIBRARY_COLLIDING) index.delete(name);
  for (const name of COMMON_INTERFACES) if (bcd.api[name]) walk(name, bcd.api[name], 2);
  return index;
}

const memberIndexes = new Map<Browser, Map<string, number>>();

/** Names declared anywhere in the file: a global of that name is shadowed, so not looked up. */
function declaredNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const bind = (name: ts.BindingName | undefined) => {
    if (!name) return;
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bind(el.name);
  };
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) bind(node.name);
    else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassExpression(node)) && node.name) names.add(node.name.text);
    else if (ts.isImportSpecifier(node) || ts.isImportClause(node) || ts.isNamespaceImport(node)) if (node.name) names.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** `a.b.c` → ['a','b','c'] when the chain is plain identifiers and property names; null otherwise. */
function chainOf(node: ts.Expression): string[] | null {
  if (ts.isIdentifier(node)) return [node.text];
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) {
    const left = chainOf(node.expression);
    return left ? [...left, node.name.text] : null;
  }
  // globalThis.chrome.x / self.browser.x: drop the global object.
  return null;
}

function isFunctionLike(node: ts.Node): boolean {
  return ts.isFunctionLike(node) || ts.isSourceFile(node) || ts.isClassStaticBlockDeclaration(node);
}

/**
 * True when this occurrence is itself a feature test: `typeof x`, `'m' in obj` (obj is the occurrence's
 * object), an `if`/`?:`/`!`/`&&`/`||`/`??` operand, a comparison, or reached through optional chaining.
 */
function isTest(node: ts.Expression): boolean {
  if (ts.isPropertyAccessExpression(node) && node.questionDotToken) return true;
  let expr: ts.Node = node;
  while (ts.isParenthesizedExpression(expr.parent)) expr = expr.parent;
  const p = expr.parent;
  if (ts.isPropertyAccessExpression(p) && p.expression === expr && p.questionDotToken) return true;
  if (ts.isCallExpression(p) && p.expression === expr && p.questionDotToken) return true;
  if (ts.isTypeOfExpression(p)) return true;
  if (ts.isPrefixUnaryExpression(p) && p.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isIfStatement(p) && p.expression === expr) return true;
  if (ts.isConditionalExpression(p) && p.condition === expr) return true;
  if (ts.isBinaryExpression(p)) {
    const op = p.operatorToken.kind;
    if (op === ts.SyntaxKind.InKeyword) return p.right === expr;
    if ((op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) && p.left === expr) return true;
    if ([ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(op)) return true;
  }
  return false;
}

interface Occurrence {
  key: string;
  api: string;
  since: number;
  kind: CompatIssue['kind'];
  node: ts.Node;
  test: boolean;
  /** Only a test (`'m' in obj`), not a use. */
  marker?: boolean;
}

export interface CheckOptions {
  browser: Browser;
  floor: number;
}

/** Every use above the floor in one JavaScript file, guarded or not. */
export function checkScript(file: string, text: string, opts: CheckOptions): CompatIssue[] {
  const bcd = loadBcd();
  const { browser, floor } = opts;
  let members = memberIndexes.get(browser);
  if (!members) memberIndexes.set(browser, (members = memberIndex(bcd, browser)));
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const declared = declaredNames(source);
  const found: Occurrence[] = [];
  const add = (o: Omit<Occurrence, 'test'>, testNode: ts.Expression) => {
    if (o.since > floor) found.push({ ...o, test: isTest(testNode) });
  };
  const webext = bcd.webextensions.api;

  const visit = (node: ts.Node) => {
    // `'session' in x.storage`: a test for x.storage.session.
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InKeyword && ts.isStringLiteral(node.left)) {
      const chain = ts.isExpression(node.right) ? chainOf(node.right) : null;
      if (chain) {
        const m = node.left.text;
        const owner = chain[chain.length - 1];
        // 'session' in x.storage → storage.session; 'captureStackTrace' in Error → Error.captureStackTrace;
        // 'fetch' in self → fetch; and the bare method name for calls through an alias.
        const keys = ['globalThis', 'self', 'window'].includes(owner) && chain.length === 1 ? [m] : [`${owner}.${m}`, `.${m}`];
        for (const key of keys) found.push({ key, api: key, since: NEVER, kind: 'global', node, test: true, marker: true });
      }
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) {
      const name = node.name.text;
      const chain = chainOf(node);
      // Extension API: <root>.<namespace>.<member>, or chrome.<namespace> / browser.<namespace>.
      if (chain && chain.length >= 2) {
        const parts = chain[0] === 'globalThis' || chain[0] === 'self' || chain[0] === 'window' ? chain.slice(1) : chain;
        const literalRoot = parts[0] === 'chrome' || parts[0] === 'browser';
        const [ns, member] = [parts[1], parts[2]];
        if (parts.length === 2 && literalRoot && ns) {
          const since = CHROME_ONLY[ns] !== undefined && browser === 'chrome' ? CHROME_ONLY[ns] : versionOf(child(webext, ns), browser);
          if (since !== null) add({ key: ns, api: ns, since, kind: 'extension', node }, node);
        }
        if (parts.length === 3 && ns && member && (literalRoot || child(webext, ns) || CHROME_ONLY[ns] !== undefined)) {
          const nsNode = child(webext, ns);
          const memberNode = child(nsNode, member);
          const chromeOnly = browser === 'chrome' ? (CHROME_ONLY[`${ns}.${member}`] ?? CHROME_ONLY[ns]) : undefined;
          const since = chromeOnly ?? (memberNode ? Math.max(versionOf(nsNode, browser) ?? 0, versionOf(memberNode, browser) ?? 0) : null);
          if (since !== null) add({ key: `${ns}.${member}`, api: `${ns}.${member}`, since, kind: 'extension', node }, node);
        }
      }
      // Static member of a global: Object.hasOwn, AbortSignal.timeout, Promise.any.
      if (ts.isIdentifier(node.expression) && !declared.has(node.expression.text)) {
        const g = node.expression.text;
        const owner = child(bcd.javascript.builtins, g) ?? child(bcd.api, g);
        const m = child(owner, `${name}_static`) ?? child(owner, name);
        const since = versionOf(m, browser);
        if (owner && since !== null) add({ key: `${g}.${name}`, api: `${g}.${name}`, since, kind: 'static', node }, node);
      } else if (node.expression.kind === ts.SyntaxKind.ThisKeyword) {
        // this.m(): the class's own method.
      } else if ((ts.isCallExpression(node.parent) && node.parent.expression === node) || isTest(node)) {
        const since = members!.get(name);
        if (since !== undefined && since > floor) add({ key: `.${name}`, api: `.${name}`, since, kind: 'member', node }, node);
      }
    }
    // Free global: structuredClone, CompressionStream, queueMicrotask.
    if (ts.isIdentifier(node) && !declared.has(node.text) && isReference(node)) {
      const g = node.text;
      const since = versionOf(child(bcd.api, g), browser) ?? versionOf(child(bcd.javascript.builtins, g), browser);
      if (since !== null) add({ key: g, api: g, since, kind: 'global', node }, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  // A test anywhere in a function (or one enclosing it) guards every use of the same API inside it.
  const scopeOf = (n: ts.Node) => {
    let s: ts.Node = n.parent;
    while (!isFunctionLike(s)) s = s.parent;
    return s;
  };
  const tested = new Map<string, Set<ts.Node>>();
  for (const o of found) if (o.test) (tested.get(o.key) ?? tested.set(o.key, new Set()).get(o.key)!).add(scopeOf(o.node));
  const guarded = (o: Occurrence) => {
    if (o.test || insideTry(o.node)) return true;
    // A test of the namespace (`if (!chrome.offscreen)`) guards its members too.
    const keys = o.kind === 'extension' && o.key.includes('.') ? [o.key, o.key.split('.')[0]] : [o.key];
    for (const key of keys) {
      const scopes = tested.get(key);
      if (!scopes) continue;
      for (let s: ts.Node | undefined = scopeOf(o.node); s; s = s.parent) if (scopes.has(s)) return true;
    }
    return false;
  };
  return found
    .filter((o) => !o.marker)
    .map((o) => ({
      file,
      line: source.getLineAndCharacterOfPosition(o.node.getStart(source)).line + 1,
      api: o.api,
      since: o.since,
      kind: o.kind,
      guarded: guarded(o),
    }));
}

/** In the try block of a try/catch: a browser without the API throws, and the catch is the fallback. */
function insideTry(node: ts.Node): boolean {
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    if (isFunctionLike(n)) return false;
    if (ts.isTryStatement(n.parent) && n.parent.tryBlock === n && n.parent.catchClause) return true;
  }
  return false;
}

/** An identifier used as a value, not a property name, label or declaration. */
function isReference(node: ts.Identifier): boolean {
  const p = node.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === node) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === node) return false;
  if (ts.isShorthandPropertyAssignment(p)) return true;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  if (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isBindingElement(p)) return p.name !== node;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p)) return false;
  return true;
}

/** The manifest's keys and permissions against webextensions.manifest / webextensions.api. */
export function checkManifest(file: string, manifest: Record<string, unknown>, opts: CheckOptions): CompatIssue[] {
  const bcd = loadBcd();
  const out: CompatIssue[] = [];
  for (const key of Object.keys(manifest)) {
    const since = versionOf(child(bcd.webextensions.manifest, key), opts.browser);
    if (since !== null && since > opts.floor) out.push({ file, line: 1, api: `manifest.${key}`, since, kind: 'manifest', guarded: false });
  }
  for (const perm of (manifest.permissions as string[] | undefined) ?? []) {
    const since = opts.browser === 'chrome' && CHROME_ONLY[perm] !== undefined ? CHROME_ONLY[perm] : versionOf(child(bcd.webextensions.api, perm), opts.browser);
    if (since !== null && since > opts.floor) out.push({ file, line: 1, api: `permission ${perm}`, since, kind: 'manifest', guarded: false });
  }
  return out;
}
