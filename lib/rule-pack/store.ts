import { browser } from 'wxt/browser';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { binaryKind, lineColumnOf, SYNTAX_MESSAGES } from './json-syntax';
import { z } from 'zod';
import { en, zhCN } from 'zod/locales';
import { DEFAULT_RULE_PACK, RulePack } from './pack';

export { lineColumnOf };

/** storage.local key of the active rule pack. */
export const RULE_PACK_KEY = 'rulePack';

/**
 * What storage holds besides the pack: where it came from, so the options page can say so and the sync
 * service (a later issue) can tell a pack it distributed from one an inspector imported by hand.
 */
export const StoredRulePack = z.object({
  pack: RulePack,
  source: z.enum(['imported', 'synced']),
  savedAt: z.string(),
  fileName: z.string().optional(),
});
export type StoredRulePack = z.infer<typeof StoredRulePack>;

/** The pack in force and its origin; `invalidStored` when a saved pack no longer validates. */
export interface ActiveRulePack {
  pack: RulePack;
  source: 'default' | StoredRulePack['source'];
  savedAt?: string;
  fileName?: string;
  invalidStored?: PackProblem[];
}

/** One thing wrong with a pack file, located: a JSON path and, where the file has it, line and column. */
export interface PackProblem {
  /** `wording[3].category`; empty for the document itself. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/**
 * A pack that validates may still carry fields the schema does not know: they are dropped (a newer pack's
 * additions must not make an older extension refuse it), and named in `ignored` so a misspelt field
 * (`newsContextWord`, whose default then applies silently) is noticed.
 */
export type PackParseResult =
  | { ok: true; pack: RulePack; ignored: PackProblem[] }
  | { ok: false; kind: 'syntax' | 'schema'; problems: PackProblem[] };

type Lang = 'zh_CN' | 'en';

/** `wording[3].category` from zod's `['wording', 3, 'category']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

// The node a schema issue points at, or the nearest existing ancestor (a missing property's object).
function nodeFor(tree: JsonNode | undefined, path: readonly PropertyKey[]): JsonNode | undefined {
  if (!tree) return undefined;
  const segments = path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
  for (let n = segments.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, segments.slice(0, n));
    if (node) return node.parent?.type === 'property' && node.parent.children?.[1] === node ? node.parent : node;
  }
  return undefined;
}

const MAX_PROBLEMS = 20;

/**
 * Parse and validate a rule-pack file. Nothing is trusted: syntax errors come back with line and column,
 * schema errors with their JSON path and the line and column of the offending value.
 */
export function parseRulePack(text: string, lang: Lang = 'zh_CN'): PackParseResult {
  const source = text.replace(/^\uFEFF/, '');
  const errors: ParseError[] = [];
  const tree = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const binary = binaryKind(source);
  if (binary) return { ok: false, kind: 'syntax', problems: [{ path: '', message: lang === 'zh_CN' ? `${binary.zh}，不是 JSON 文本` : `${binary.en}, not JSON text` }] };
  if (errors.length) {
    return {
      ok: false,
      kind: 'syntax',
      problems: errors.slice(0, MAX_PROBLEMS).map((e) => {
        const [zh, english] = SYNTAX_MESSAGES[printParseErrorCode(e.error)] ?? ['JSON 语法错误', 'JSON syntax error'];
        return { path: '', ...lineColumnOf(source, e.offset), message: lang === 'zh_CN' ? zh : english };
      }),
    };
  }
  let data: unknown;
  try {
    // The tolerant parser located nothing; JSON.parse stays the judge of what JSON is.
    data = JSON.parse(source);
  } catch (error) {
    return { ok: false, kind: 'syntax', problems: [{ path: '', message: String((error as Error).message) }] };
  }
  const result = RulePack.safeParse(data, { error: (lang === 'zh_CN' ? zhCN() : en()).localeError });
  if (result.success) {
    const message = lang === 'zh_CN' ? '未识别的字段，已忽略；请检查拼写' : 'unknown field, ignored; check its spelling';
    const ignored = unknownPaths(data, result.data, [])
      .slice(0, MAX_PROBLEMS)
      .map((path) => {
        const node = nodeFor(tree, path);
        return { path: formatPath(path), ...(node ? lineColumnOf(source, node.offset) : {}), message };
      });
    return { ok: true, pack: result.data, ignored };
  }
  return {
    ok: false,
    kind: 'schema',
    problems: result.error.issues.slice(0, MAX_PROBLEMS).map((issue) => {
      const node = nodeFor(tree, issue.path);
      return { path: formatPath(issue.path), ...(node ? lineColumnOf(source, node.offset) : {}), message: issue.message };
    }),
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Paths of the input's object keys that validation dropped: the schema did not know them. */
function unknownPaths(input: unknown, output: unknown, at: Array<string | number>): Array<Array<string | number>> {
  if (Array.isArray(input) && Array.isArray(output)) return input.flatMap((item, i) => unknownPaths(item, output[i], [...at, i]));
  if (!isPlainObject(input) || !isPlainObject(output)) return [];
  return Object.keys(input).flatMap((key) => (key in output ? unknownPaths(input[key], output[key], [...at, key]) : [[...at, key]]));
}

/** `wording[3].category（第 12 行，第 7 列）：无效选项…` — one line per problem, as the options page shows it. */
export function describeProblem(p: PackProblem, lang: Lang = 'zh_CN'): string {
  const where = p.line === undefined ? '' : lang === 'zh_CN' ? `（第 ${p.line} 行，第 ${p.column} 列）` : ` (line ${p.line}, column ${p.column})`;
  const path = p.path || (lang === 'zh_CN' ? '文件' : 'file');
  return `${path}${where}${lang === 'zh_CN' ? '：' : ': '}${p.message}`;
}

/** The active pack: the saved one when it still validates, else the shipped default. */
export async function loadActiveRulePack(): Promise<ActiveRulePack> {
  const stored = (await browser.storage.local.get(RULE_PACK_KEY))[RULE_PACK_KEY];
  return activeFrom(stored);
}

function activeFrom(stored: unknown): ActiveRulePack {
  if (stored === undefined || stored === null) return { pack: DEFAULT_RULE_PACK, source: 'default' };
  const parsed = StoredRulePack.safeParse(stored);
  if (!parsed.success) {
    // An extension update may tighten the schema: fall back rather than scan with a pack that no longer fits.
    return {
      pack: DEFAULT_RULE_PACK,
      source: 'default',
      invalidStored: parsed.error.issues.slice(0, MAX_PROBLEMS).map((i) => ({ path: formatPath(i.path), message: i.message })),
    };
  }
  const { pack, source, savedAt, fileName } = parsed.data;
  return { pack, source, savedAt, ...(fileName ? { fileName } : {}) };
}

/** The pack rules run with. */
export async function loadRulePack(): Promise<RulePack> {
  return (await loadActiveRulePack()).pack;
}

export async function saveRulePack(pack: RulePack, source: StoredRulePack['source'], fileName?: string): Promise<void> {
  const stored: StoredRulePack = { pack, source, savedAt: new Date().toISOString(), ...(fileName ? { fileName } : {}) };
  await browser.storage.local.set({ [RULE_PACK_KEY]: stored });
}

/** Back to the pack shipped with the extension. */
export async function resetRulePack(): Promise<void> {
  await browser.storage.local.remove(RULE_PACK_KEY);
}

/** Calls `listener` with the new active pack whenever it is saved or reset anywhere; returns the unsubscribe. */
export function onRulePackChange(listener: (active: ActiveRulePack) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && RULE_PACK_KEY in changes) listener(activeFrom(changes[RULE_PACK_KEY].newValue));
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}

/** The pack as a file: pretty-printed JSON that `parseRulePack` reads back unchanged. */
export function rulePackFile(pack: RulePack): { name: string; text: string } {
  return { name: `rule-pack-v${pack.version}.json`, text: `${JSON.stringify(pack, null, 2)}\n` };
}
