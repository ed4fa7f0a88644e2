/**
 * Filing facts (备案信息) read from the rendered page: 网站标识码, ICP filing, police filing and the 党政机关
 * badge, plus the site code in `<meta name="SiteIDCode">` and the error-report widget. Formats are in
 * DOMAIN.md ("Filing information"); footers are often written by script, so this reads the live DOM.
 */

export type FilingField = 'siteCode' | 'icp' | 'police' | 'badge';

/** The field names inspectors write in their notes; also the findings' `label`. */
export const FIELD_LABELS: Record<FilingField, string> = {
  siteCode: '网站标识码',
  icp: 'ICP备案',
  police: '公网安备',
  badge: '党政机关标识',
};

/** How each format is described to inspectors when a value does not fit it. */
export const FORMAT_DESCRIPTIONS: Record<Exclude<FilingField, 'badge'>, string> = {
  siteCode: '10位数字（以6位行政区划代码开头）或 bm+8位数字',
  icp: '省份简称+ICP备+数字+号，可带 -序号（如 京ICP备19054529号-1）',
  police: '省份简称+公网安备+14位数字+号（如 京公网安备11010202007625号）',
};

/** Where a value was read. `page`: visible text outside the footer. */
export type FilingSource = 'footer' | 'page' | 'meta' | 'jiucuo' | 'jiucuo-link' | 'link';

export interface FilingValue {
  /** As written (whitespace folded). */
  raw: string;
  /** Normalised value when the format is valid; absent when malformed. */
  value?: string;
  source: FilingSource;
  /** The element carrying it; absent for values in <head>. */
  element?: Element;
}

export interface Footer {
  /** The footer blocks, most informative first; empty when the page has none. */
  elements: Element[];
  /**
   * When no footer was found but something that should produce it is on the page: a script (`<!--页脚开始-->`
   * before `<script src="…">`, or a script named foot.js) that did not load or wrote nothing, or a
   * server-side include (`<!-- #include file="footer.html" -->`) that the server did not expand.
   */
  missingSource?: { kind: 'script' | 'ssi'; ref: string };
}

export interface FilingFacts {
  footer: Footer;
  /** 网站标识码 shown on the page. */
  siteCode: FilingValue[];
  /** The same code in `<meta name="SiteIDCode">`, the `_jiucuo_` widget and 找错 links. */
  hiddenSiteCode: FilingValue[];
  icp: FilingValue[];
  police: FilingValue[];
  /** The 党政机关 badge, with what gave it away. */
  badge?: { element: Element; how: 'ideConac' | 'conac-script' | 'conac-link' | 'badge-image' };
}

// Abbreviations used in ICP and police filing numbers, including the alternative ones (蜀, 黔, 滇, 秦, 陇).
const PROVINCES = '京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕秦甘陇青宁新港澳';

// First two digits of the administrative-division codes (GB/T 2260) that start a 10-digit site code.
const DIVISION_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
]);

/** A valid 网站标识码: ten digits starting with a division code, or `bm` and eight digits. */
export function isSiteCode(code: string): boolean {
  if (/^bm\d{8}$/.test(code)) return true;
  return /^\d{10}$/.test(code) && DIVISION_PREFIXES.has(code.slice(0, 2));
}

// The trailing 号 is optional here as on many real footers (豫ICP备05010993): the number is what identifies
// the filing, and the registry comparison catches a wrong one.
const ICP_RE = new RegExp(`([${PROVINCES}])\\s*ICP\\s*备\\s*(\\d{4,12})(?:\\s*号)?(?:\\s*[-－—]\\s*(\\d{1,3}))?`, 'g');
const POLICE_RE = new RegExp(`([${PROVINCES}]?)\\s*公网安备\\s*(?:[:：]\\s*)?(\\d+)(?:\\s*号)?`, 'g');
// Digits first, so a code run into the next word (4401000004ICP备案号) still reads as the code.
const SITE_CODE_RE = /网站标识码\s*[：:]?\s*(bm\d+|\d+|[A-Za-z0-9]*)/g;

/** `粤ICP备2022092331号-1` from its parts, whatever spacing the page used. */
export function normalizeIcp(text: string): string | undefined {
  ICP_RE.lastIndex = 0;
  const m = ICP_RE.exec(text.replace(/\s+/g, ' '));
  if (!m) return undefined;
  return `${m[1]}ICP备${m[2]}号${m[3] ? `-${m[3]}` : ''}`;
}

/**
 * The 14-digit number of a police filing (`粤公网安备 44010602000929号` or the bare number): the number alone
 * identifies the filing, and pages vary in spacing, the province prefix and the trailing 号.
 */
export function policeNumber(text: string): string | undefined {
  const digits = text.match(/\d+/g);
  return digits?.length === 1 && digits[0].length === 14 ? digits[0] : undefined;
}

/**
 * Two ICP numbers name the same filing when the base number agrees and, where both carry one, the
 * `-N` site suffix too: the registry often records the number without the suffix.
 */
export function sameIcp(a: string, b: string): boolean {
  const [baseA, suffixA] = a.split('-');
  const [baseB, suffixB] = b.split('-');
  return baseA === baseB && (!suffixA || !suffixB || suffixA === suffixB);
}

const SKIP_TEXT = new Set(['script', 'style', 'noscript', 'template', 'textarea']);

/** Visible-text index of a subtree: whitespace folded, with the text node behind each character range. */
interface TextIndex {
  text: string;
  starts: number[];
  nodes: Text[];
}

// Filing numbers sit at the bottom of a page (the footer), now and then in its header: of a long text only
// its first HEAD_CHARS and last TAIL_CHARS characters are read, so a page of 20,000 links costs what a
// normal one does.
const HEAD_CHARS = 5_000;
const TAIL_CHARS = 20_000;
/** Units of work (elements or text nodes looked at) between two yields. */
const STEP = 512;
// Stands between the head and the tail of a long text: no filing pattern matches across it.
const GAP = '\u0000';

/**
 * The visible-text index of a subtree, bounded: every text node is visited (a native walk), but only
 * the head and tail are folded and indexed. A generator yielding `null` per STEP nodes.
 */
function* indexText(root: Element): Generator<null, TextIndex> {
  const doc = root.ownerDocument;
  // Skipped elements hold only text unless a <noscript> was parsed as markup or a template lives in the
  // tree: then the walk rejects their subtrees (a callback per node, slower); otherwise the text's parent tells.
  const nested = !!root.querySelector('noscript *, template *, textarea *, script *, style *');
  const walker = nested
    ? doc.createTreeWalker(root, 1 | 4 /* SHOW_ELEMENT | SHOW_TEXT */, {
        acceptNode: (node) => {
          if (node.nodeType === 3) return 1; /* FILTER_ACCEPT */
          return SKIP_TEXT.has((node as Element).localName) ? 2 /* FILTER_REJECT */ : 3; /* FILTER_SKIP */
        },
      })
    : doc.createTreeWalker(root, 4 /* SHOW_TEXT */);
  const all: Text[] = [];
  let total = 0;
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    if (!nested && n.parentElement && SKIP_TEXT.has(n.parentElement.localName)) continue;
    all.push(n);
    total += n.data.length;
    if (all.length % STEP === 0) yield null;
  }
  let head = all.length;
  let tail = all.length;
  if (total > HEAD_CHARS + TAIL_CHARS) {
    let chars = 0;
    for (head = 0; head < all.length && chars < HEAD_CHARS; head++) chars += all[head].data.length;
    chars = 0;
    for (tail = all.length; tail > head && chars < TAIL_CHARS; tail--) chars += all[tail - 1].data.length;
  }
  const parts: string[] = [];
  const starts: number[] = [];
  const nodes: Text[] = [];
  let length = 0;
  let endsWithSpace = false;
  const add = (n: Text) => {
    let part = n.data.replace(/[\s\u00a0\u3000]+/g, ' ');
    if (endsWithSpace && part.startsWith(' ')) part = part.slice(1);
    if (!part) return;
    starts.push(length);
    nodes.push(n);
    parts.push(part);
    length += part.length;
    endsWithSpace = part.endsWith(' ');
  };
  for (let i = 0; i < head; i++) add(all[i]);
  if (tail < all.length) {
    parts.push(GAP);
    length += GAP.length;
    endsWithSpace = false;
    for (let i = tail; i < all.length; i++) add(all[i]);
  }
  return { text: parts.join(''), starts, nodes };
}

function lazyIndex(root: Element | null): () => Generator<null, TextIndex> {
  let index: TextIndex | undefined;
  return function* () {
    index ??= root ? yield* indexText(root) : { text: '', starts: [], nodes: [] };
    return index;
  };
}

/** Runs a step generator to its end (for callers that do not yield to the page). */
function drain<T>(steps: Generator<null, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** The element holding characters [start, end) of an indexed subtree. */
function elementAt(index: TextIndex, start: number, end: number, fallback: Element): Element {
  const nodeAt = (offset: number) => {
    let lo = 0;
    let hi = index.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (index.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return index.nodes[lo];
  };
  const first = nodeAt(start)?.parentElement;
  const last = nodeAt(Math.max(start, end - 1))?.parentElement;
  if (!first || !last) return fallback;
  for (let el: Element | null = first; el; el = el.parentElement) {
    if (el.contains(last)) return el;
  }
  return fallback;
}

const FOOTER_KEYWORDS = /版权所有|主办|承办|ICP|备案|标识码|公网安备|技术支持|运行维护|Copyright|©/i;
// Words or numbers that only a footer carries: prose that explains "ICP备案" or "网站标识码" has no number.
const FOOTER_BLOCK_KEYWORDS = /版权所有|主办(?:单位)?\s*[：:]|承办(?:单位)?\s*[：:]|网站标识码\s*[：:]?\s*(?:\d{6}|bm\d)|ICP\s*备\s*\d|公网安备\s*\d/;
const FOOTER_TOKEN = /foot|^bottom|bottom$|^dibu|^db$/i;
// A footer is short: past this much text a block holds the page's content as well.
const FOOTER_MAX_TEXT = 800;

function isFooterLike(el: Element): boolean {
  if (el.localName === 'footer') return true;
  const id = el.getAttribute('id');
  if (id && FOOTER_TOKEN.test(id)) return true;
  // Only elements with a class pay for a token list (a 20,000-item list mostly has none).
  if (!el.hasAttribute('class')) return false;
  for (const token of el.classList) if (FOOTER_TOKEN.test(token)) return true;
  return false;
}

function footerScore(el: Element): number {
  const text = el.textContent ?? '';
  let score = 0;
  for (const re of [/版权/, /主办/, /承办/, /ICP/, /公网安备/, /标识码/]) if (re.test(text)) score++;
  if (el.querySelector('a[href*="beian"], a[href*="conac.cn"], #_ideConac, script#_jiucuo_')) score++;
  return score;
}

/**
 * The page's footer: `<footer>`, elements whose id/class say foot/footer/bottom, and which carry footer
 * words (版权所有, 主办, ICP…); failing that, the last short block holding 版权所有/主办/承办/ICP.
 */
export function findFooter(doc: Document): Footer {
  return drain(footerSteps(doc, lazyIndex(doc.body)));
}

function* footerSteps(doc: Document, bodyText: () => Generator<null, TextIndex>): Generator<null, Footer> {
  const body = doc.body;
  if (!body) return { elements: [] };
  const candidates: Element[] = [];
  let n = 0;
  for (const el of body.querySelectorAll('*')) {
    if (++n % STEP === 0) yield null;
    if (!isFooterLike(el) || SKIP_TEXT.has(el.localName)) continue;
    if (candidates.some((c) => c.contains(el))) continue;
    if (FOOTER_KEYWORDS.test(el.textContent ?? '') || el.querySelector('a[href*="beian"], a[href*="conac.cn"]')) {
      candidates.push(el);
    }
  }
  if (candidates.length) {
    const scored = candidates.map((el, i) => ({ el, i, score: footerScore(el) }));
    scored.sort((a, b) => b.score - a.score || a.i - b.i);
    return { elements: scored.map((s) => s.el) };
  }

  const block = lastKeywordBlock(body, yield* bodyText());
  if (block) return { elements: [block] };
  return { elements: [], missingSource: footerSourceOf(body) };
}

function lastKeywordBlock(body: HTMLElement, index: TextIndex): Element | undefined {
  let last: Text | undefined;
  for (let i = 0; i < index.nodes.length; i++) {
    if (FOOTER_BLOCK_KEYWORDS.test(index.nodes[i].data)) last = index.nodes[i];
  }
  let el = last?.parentElement ?? null;
  if (!el) return undefined;
  while (el.parentElement && el.parentElement !== body && (el.parentElement.textContent ?? '').length <= FOOTER_MAX_TEXT) {
    el = el.parentElement;
  }
  return el;
}

const FOOTER_SCRIPT_SRC = /foot|bottom|dibu|tail/i;
const FOOTER_COMMENT = /页脚|底部|尾部|版权|foot|bottom/i;

const SSI_INCLUDE = /^\s*#\s*include\s+(?:file|virtual)\s*=\s*["']([^"']+)["']/i;

// A script in the body whose name, or the comment just before it, says it writes the footer; or an
// unexpanded server-side include of a footer file.
function footerSourceOf(body: HTMLElement): Footer['missingSource'] {
  for (const script of body.querySelectorAll('script[src]')) {
    const src = script.getAttribute('src') ?? '';
    if (FOOTER_SCRIPT_SRC.test(src.split(/[?#]/)[0])) return { kind: 'script', ref: src };
    let prev = script.previousSibling;
    while (prev && prev.nodeType === 3 && !prev.textContent?.trim()) prev = prev.previousSibling;
    if (prev?.nodeType === 8 && FOOTER_COMMENT.test(prev.textContent ?? '')) return { kind: 'script', ref: src };
  }
  const walker = body.ownerDocument.createTreeWalker(body, 128 /* SHOW_COMMENT */);
  for (let c = walker.nextNode(); c; c = walker.nextNode()) {
    const ref = SSI_INCLUDE.exec(c.textContent ?? '')?.[1];
    if (ref && FOOTER_SCRIPT_SRC.test(ref)) return { kind: 'ssi', ref };
  }
  return undefined;
}

function visibleValues(index: TextIndex, root: Element, source: FilingSource) {
  const siteCode: FilingValue[] = [];
  const icp: FilingValue[] = [];
  const police: FilingValue[] = [];
  const { text } = index;
  const at = (start: number, end: number) => elementAt(index, start, end, root);

  for (const m of text.matchAll(SITE_CODE_RE)) {
    const code = m[1];
    const start = m.index;
    siteCode.push({ raw: code, ...(isSiteCode(code) ? { value: code } : {}), source, element: at(start, start + m[0].length) });
  }

  const covered: Array<[number, number]> = [];
  for (const m of text.matchAll(ICP_RE)) {
    covered.push([m.index, m.index + m[0].length]);
    icp.push({ raw: m[0], value: `${m[1]}ICP备${m[2]}号${m[3] ? `-${m[3]}` : ''}`, source, element: at(m.index, m.index + m[0].length) });
  }
  // "ICP备" not followed by 案 (the label "ICP备案号") and not part of a valid number is a malformed one.
  for (const m of text.matchAll(/ICP\s*备(?!\s*(?:案|查询))/g)) {
    if (covered.some(([s, e]) => m.index >= s && m.index < e)) continue;
    const start = Math.max(0, m.index - 1);
    const end = m.index + (/^ICP\s*备\s*[0-9A-Za-z]*(?:\s*号)?(?:\s*[-－—]\s*\d+)?/.exec(text.slice(m.index))?.[0].length ?? m[0].length);
    icp.push({ raw: text.slice(start, end).trim(), source, element: at(start, end) });
  }
  // A labelled value with no ICP number in it (备案号：12345678号) is malformed too.
  for (const m of text.matchAll(/(?<!公安|网安)备案(?:编)?号\s*[：:]\s*([^\s]{1,30})/g)) {
    if (covered.some(([s, e]) => m.index + m[0].length > s && m.index < e) || /ICP/.test(m[1])) continue;
    icp.push({ raw: m[1], source, element: at(m.index, m.index + m[0].length) });
  }

  const policeCovered: Array<[number, number]> = [];
  for (const m of text.matchAll(POLICE_RE)) {
    policeCovered.push([m.index, m.index + m[0].length]);
    const digits = m[2];
    police.push({ raw: m[0].trim(), ...(digits.length === 14 ? { value: digits } : {}), source, element: at(m.index, m.index + m[0].length) });
  }
  // 公网安备 with no number after it.
  for (const m of text.matchAll(/公网安备(?!\s*(?:案|查询))/g)) {
    if (policeCovered.some(([s, e]) => m.index >= s && m.index < e)) continue;
    const start = Math.max(0, m.index - 1);
    const end = Math.min(text.length, m.index + m[0].length + 8);
    police.push({ raw: text.slice(start, end).trim(), source, element: at(start, end) });
  }
  return { siteCode, icp, police };
}

function findBadge(doc: Document, scopes: Element[]): FilingFacts['badge'] {
  const probes: Array<[string, NonNullable<FilingFacts['badge']>['how']]> = [
    ['#_ideConac', 'ideConac'],
    ['script[src*="conac.cn"]', 'conac-script'],
    ['a[href*="conac.cn"]', 'conac-link'],
    ['img#imgConac, img[src*="dzjg"], img[src*="DZJG"]', 'badge-image'],
  ];
  for (const scope of [...scopes, doc.body].filter(Boolean) as Element[]) {
    for (const [selector, how] of probes) {
      const element = scope.querySelector(selector);
      if (element) return { element, how };
    }
  }
  return undefined;
}

function hiddenSiteCodes(doc: Document): FilingValue[] {
  const out: FilingValue[] = [];
  const push = (raw: string, source: FilingSource, element?: Element) => {
    const code = raw.trim();
    if (out.some((v) => v.source === source && v.raw === code)) return;
    out.push({ raw: code, ...(isSiteCode(code) ? { value: code } : {}), source, ...(element ? { element } : {}) });
  };
  for (const meta of doc.querySelectorAll('meta[name]')) {
    if (meta.getAttribute('name')?.toLowerCase() === 'siteidcode') push(meta.getAttribute('content') ?? '', 'meta');
  }
  for (const script of doc.querySelectorAll('script[id="_jiucuo_"]')) {
    const code = script.getAttribute('sitecode');
    if (code !== null) push(code, 'jiucuo', script.parentElement ?? undefined);
  }
  for (const a of doc.querySelectorAll('a[href*="site_code="]')) {
    const href = a.getAttribute('href') ?? '';
    if (!/jiucuo/i.test(href)) continue;
    const code = /[?&]site_code=([^&#]*)/.exec(href)?.[1];
    if (code !== undefined) push(decodeURIComponent(code), 'jiucuo-link', a);
  }
  return out;
}

function recordCodeLinks(scopes: Element[]): FilingValue[] {
  for (const scope of scopes) {
    for (const a of scope.querySelectorAll('a[href*="beian.gov.cn"]')) {
      const code = /recordcode=(\d+)/i.exec(a.getAttribute('href') ?? '')?.[1];
      if (code) return [{ raw: code, ...(code.length === 14 ? { value: code } : {}), source: 'link', element: a }];
    }
  }
  return [];
}

/**
 * Everything the filing rules judge, read from the footer first; a field the footer lacks is looked for
 * in the rest of the page's visible text, so a number placed elsewhere is not reported missing.
 */
export function extractFiling(doc: Document): FilingFacts {
  return drain(filingSteps(doc));
}

/** extractFiling as steps: yields `null` per unit of work so the scan can give the page its turn. */
export function* filingSteps(doc: Document): Generator<null, FilingFacts> {
  const bodyText = lazyIndex(doc.body);
  const footer = yield* footerSteps(doc, bodyText);
  const siteCode: FilingValue[] = [];
  const icp: FilingValue[] = [];
  const police: FilingValue[] = [];
  for (const el of footer.elements) {
    const found = visibleValues(yield* indexText(el), el, 'footer');
    siteCode.push(...found.siteCode);
    icp.push(...found.icp);
    police.push(...found.police);
  }
  if (doc.body && (!siteCode.length || !icp.length || !police.length)) {
    const rest = visibleValues(yield* bodyText(), doc.body, 'page');
    // Outside the footer only well-formed numbers count: an article explaining "ICP备案" or "网站标识码"
    // mentions the words without being a malformed filing.
    const outside = (v: FilingValue) => v.value !== undefined && !footer.elements.some((f) => v.element && f.contains(v.element));
    if (!siteCode.length) siteCode.push(...rest.siteCode.filter(outside));
    if (!icp.length) icp.push(...rest.icp.filter(outside));
    if (!police.length) police.push(...rest.police.filter(outside));
  }
  if (!police.length) police.push(...recordCodeLinks(doc.body ? [...footer.elements, doc.body] : footer.elements));
  return {
    footer,
    siteCode: dedupe(siteCode),
    hiddenSiteCode: hiddenSiteCodes(doc),
    icp: dedupe(icp),
    police: dedupe(police),
    badge: findBadge(doc, footer.elements),
  };
}

// Responsive pages repeat the footer for mobile; one finding per distinct value is enough.
function dedupe(values: FilingValue[]): FilingValue[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = `${v.source}\u241f${v.value ?? `!${v.raw}`}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Filing information is a web page's: a PDF, image or plain-text file opened in a tab has no footer to
 * judge (the browser wraps it in a viewer document whose `contentType` says what it is).
 */
export function isWebPage(doc: Document): boolean {
  return !doc.contentType || /html/i.test(doc.contentType);
}

const factsCache = new WeakMap<object, FilingFacts>();

/**
 * `filingSteps` once per scan: both filing rules read the same facts, and the scan engine hands them the
 * same context object.
 */
export function* filingFactsFor(scan: object, doc: Document): Generator<null, FilingFacts> {
  let facts = factsCache.get(scan);
  if (!facts) {
    facts = yield* filingSteps(doc);
    factsCache.set(scan, facts);
  }
  return facts;
}

/** How a source is named to inspectors. */
export const SOURCE_NAMES: Record<FilingSource, string> = {
  footer: '页脚',
  page: '页面正文',
  meta: '页面代码 <meta name="SiteIDCode">',
  jiucuo: '“我为政府网站找错”脚本的 sitecode',
  'jiucuo-link': '“我为政府网站找错”链接的 site_code',
  link: '公安备案链接',
};
