import type { ColumnKind, RulePack } from '../rule-pack/pack';
import type { ScanContext } from '../page/context';
import { edgeDate, parseDate } from './dates';
import { childCountUpTo } from '../dom/link-text';

/**
 * Columns (栏目) as inspectors see them: a titled block that lists items — a heading or title bar (often
 * with a 更多 link) followed by a list of dated links — and the column page a 更多 link leads to, whose
 * main list is the column. Shared by the column rules and the message-board reader.
 */

export interface ColumnItem {
  text: string;
  date?: Date;
  element: Element;
}

export interface Column {
  title: string;
  /** The element to outline: the title together with its list area. */
  element: Element;
  titleElement: Element;
  items: ColumnItem[];
  /** The list area's whole text when it only stands in for content (暂无信息, 栏目建设中 …). */
  placeholder?: string;
  /** block: a titled area on a page; tab: one panel of a tab box; page: the main list of a column page. */
  source: 'block' | 'tab' | 'page';
}

const MAX_TITLE = 16;
const HEADING = /^h[1-6]$/;
const TITLE_TAGS = new Set(['div', 'span', 'p', 'b', 'strong', 'dt', 'td', 'th', 'caption', 'font', 'em', 'header', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
// Class/id words templates use for column title bars: tit, title, hd, bt (标题), lmmc (栏目名称), camelCase *Tit.
const TITLE_WORD = /(?:^|[-_])(?:tit|title|titles|hd|bt|lmmc|lmbt|lmtit|head|heading|header|caption|name)\d*(?:$|[-_])|^(?:tit|title)|[a-z\d](?:Tit|Title|Hd|Head)\d*$/i;
const MORE_TEXT = new Set(['更多', 'more', '查看更多', '更多内容', '更多信息', '了解更多', '进入栏目', '更多新闻']);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'br', 'hr', 'link', 'meta']);
const LIST_TAGS = new Set(['ul', 'ol', 'dl', 'table', 'tbody']);
const ACTIVE_TAB = /(?:^|\s)(?:on|active|cur|current|selected|sel|hover)(?:\s|$)/i;
// What every form parseDate reads contains (a number, a separator, a number; or a relative word): item titles
// full of numbers (第1234号) are not handed to the date parser.
const MAY_BE_DATE = /\d\s*[-/.年月]\s*\d|刚刚|今天|昨天|前天|\d\s*(?:秒|分钟|小时|天)前/;
const PAGER = /^(?:首页|上一页|下一页|尾页|末页|前一页|后一页|跳转|go|确定|\d{1,4}|…|\.\.\.)$/i;
const BREADCRUMB = /^(?:当前位置|您的位置|你的位置|您当前的位置|您现在的位置|你现在的位置|当前所在位置|所在位置|您当前位置|现在位置)\s*[：:]?/;
const CRUMB_SEPARATOR = /\s*(?:>|＞|»|›|→|\/|>>)\s*/;
// Site header, navigation and footer: the site name or a language switch there is no column title.
const PAGE_CHROME = 'header, nav, footer, [id="header"], [id="head"], [id="top"], [id="footer"], [class~="header"], [class~="head"], [class~="top"], [class~="footer"], [class~="foot"]';
// Parts of an article page, not columns: an empty 相关附件 box under an article is no blank column.
const NOT_A_COLUMN = /^(?:相关|附件|上一篇|下一篇|分享|打印)/;
// Words that pad a placeholder ("该栏目暂无信息", "本栏目正在建设中，敬请期待") without being content.
const PLACEHOLDER_FILLER = /(?:该|本|此)?栏目|目前|当前|页面/g;

/** Text with white space, punctuation and symbols removed: how placeholders and titles are compared. */
export function compact(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();
}

/** Rendered-ish text: script and style contents left out, white space folded. */
export function textWithout(el: Element, skip?: (e: Element) => boolean): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) parts.push(child.nodeValue ?? '');
      else if (child.nodeType === 1) {
        const e = child as Element;
        if (SKIP.has(e.localName) || skip?.(e)) continue;
        parts.push(' ');
        walk(e);
        parts.push(' ');
      }
    }
  };
  walk(el);
  // Parsers may split one run of text into several nodes; only element boundaries separate words.
  return parts.join('').replace(/\s+/g, ' ').trim();
}

// Every entry of MORE_TEXT holds one of these; text without them and with a letter or digit is no 更多 link.
const MORE_HINT = /[更mM进]/;
const HAS_WORD = /[^\s\p{P}\p{S}]/u;

function isMoreLink(el: Element): boolean {
  const first = el.firstElementChild;
  const link = el.localName === 'a' ? el : first && first.localName === 'a' && !first.nextElementSibling ? first : null;
  if (!link) return false;
  const raw = link.textContent ?? '';
  if (raw.length > 20) return false;
  // compact() is a Unicode-class replace: called for every link of every list, so skipped where it cannot match.
  if (!MORE_HINT.test(raw) && HAS_WORD.test(raw)) return false;
  const text = compact(raw);
  if (MORE_TEXT.has(text)) return true;
  return !text && /more|gd/i.test(`${link.getAttribute('class') ?? ''} ${el.getAttribute('class') ?? ''}`);
}

/** The text of `placeholders` the whole text stands for, or undefined when it says anything else. */
export function placeholderIn(text: string, placeholders: readonly string[]): string | undefined {
  if (!onlyPlaceholderLetters(text, placeholders)) return undefined;
  let rest = compact(text);
  if (!rest) return undefined;
  let matched = false;
  for (const p of [...placeholders].sort((a, b) => b.length - a.length)) {
    const cp = compact(p);
    if (cp && rest.includes(cp)) {
      rest = rest.split(cp).join('');
      matched = true;
    }
  }
  if (!matched) return undefined;
  return rest.replace(PLACEHOLDER_FILLER, '') === '' ? text.replace(/\s+/g, ' ').trim() : undefined;
}

const placeholderLetters = new WeakMap<readonly string[], { letters: Set<string>; other: RegExp }>();

// A text can only be placeholders and filler words when each of its letters (what compact() keeps) is one of
// theirs: a list of a hundred headlines is ruled out at its first letter instead of folded whole.
function onlyPlaceholderLetters(text: string, placeholders: readonly string[]): boolean {
  let known = placeholderLetters.get(placeholders);
  if (!known) {
    const letters = new Set(compact(`${placeholders.join('')}该本此栏目目前当前页面`));
    const escaped = [...letters].map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('');
    known = { letters, other: new RegExp(`[^\\s\\p{P}\\p{S}${escaped}]`, 'u') };
    placeholderLetters.set(placeholders, known);
  }
  const m = known.other.exec(text);
  // Lower-casing may turn a letter into one of theirs (A → a): then the whole comparison decides.
  return !m || [...m[0].toLowerCase()].every((c) => known.letters.has(c));
}

/** The column kind whose title words appear in `title` (first match wins), or undefined. */
export function columnKind(title: string, pack: RulePack): ColumnKind | undefined {
  return pack.columns.kinds.find((k) => k.titleWords.some((w) => title.includes(w)));
}

/** A column title bar's own text: without 更多 links, or its first labelled child when it also holds links. */
function titleText(el: Element): string | null {
  if (el.closest('a') || el.querySelector('ul, ol, dl, table, li') || el.closest(PAGE_CHROME)) return null;
  // Inside a list item only a layout cell may carry a column title (<li><div class="tit">…</div><ul>…</ul></li>).
  const cell = el.closest('li, dd');
  if (cell && !cell.querySelector('ul, ol, dl, table')) return null;
  const links = [...el.querySelectorAll('a')].filter((a) => !isMoreLink(a));
  let text = textWithout(el, isMoreLink);
  // A title bar that also carries links (交流互动 | 信访指南 | 投诉服务 …) is titled by its first unlinked child.
  if (links.length >= 2) {
    const first = [...el.children].find((c) => c.localName !== 'a' && !SKIP.has(c.localName) && !isMoreLink(c) && !c.querySelector('a'));
    if (!first) return null;
    text = textWithout(first);
  }
  text = text.replace(/[>»›+＋\s]+$/, '').trim();
  const c = compact(text);
  if (c.length < 2 || text.length > MAX_TITLE || MORE_TEXT.has(c) || BREADCRUMB.test(text) || NOT_A_COLUMN.test(text) || /^\d+$/.test(c)) return null;
  return text;
}

function hasTitleSignal(el: Element): boolean {
  if (HEADING.test(el.localName)) return true;
  const cls = el.getAttribute('class');
  const id = el.getAttribute('id');
  if ((cls && cls.split(/\s+/).some((t) => TITLE_WORD.test(t))) || (id && TITLE_WORD.test(id))) return true;
  // Title bars are small: a more link is looked for among a few children only.
  if (el.firstElementChild && childCountUpTo(el, 6) <= 6) for (let c: Element | null = el.firstElementChild; c; c = c.nextElementSibling) if (isMoreLink(c)) return true;
  return el.localName === 'dt' && el.nextElementSibling?.localName === 'dd' && !el.querySelector('a');
}

interface TabBox {
  bar: Element;
  tabs: Element[];
  panels: Element[];
}

function contentChildren(el: Element): Element[] {
  return [...el.children].filter((c) => !SKIP.has(c.localName));
}

/** A tab box: a bar of 2–10 short labels followed by as many panels (每个标签一个栏目). */
function tabBoxAt(bar: Element): TabBox | null {
  // A list of a hundred items is no tab bar: counted without building it.
  let count = 0;
  for (let c = bar.firstElementChild; c && count <= 10; c = c.nextElementSibling) if (!SKIP.has(c.localName)) count++;
  if (count > 10) return null;
  const tabs = contentChildren(bar);
  if (tabs.length < 2 || tabs.length > 10 || BREADCRUMB.test((bar.textContent ?? '').trim())) return null;
  if (!tabs.every((t) => t.localName === tabs[0].localName)) return null;
  const shortLabel = (t: Element) => {
    const raw = t.textContent ?? '';
    const n = raw.length <= 80 ? compact(raw).length : 0;
    return n >= 2 && n <= 10;
  };
  if (!tabs.every(shortLabel)) return null;
  if (tabs.some((t) => t.querySelector('ul, ol, dl, table'))) return null;
  // Tab bars mark the shown tab (on/active/cur) or switch without navigating; plain link lists do neither.
  const marked = tabs.some((t) => ACTIVE_TAB.test(t.getAttribute('class') ?? '')) || /tab/i.test(`${bar.getAttribute('class') ?? ''} ${bar.id}`);
  const switching = tabs.every((t) => [...(t.localName === 'a' ? [t] : t.querySelectorAll('a'))].every((a) => /^(?:#.*|javascript:.*|)$/i.test((a.getAttribute('href') ?? '').trim())));
  if (!marked && !switching) return null;
  for (const sib of followingSiblings(bar, new Set()).area.slice(0, 3)) {
    const kids = contentChildren(sib);
    if (kids.length === tabs.length) return { bar, tabs, panels: kids };
    const inner = kids.length === 1 ? contentChildren(kids[0]) : [];
    if (inner.length === tabs.length) return { bar, tabs, panels: inner };
  }
  return null;
}

/**
 * What follows a title up to the next title: its following siblings, or — when the title is the only
 * content of its wrapper (<div class="hd"><h2>要闻</h2><a>更多</a></div>) — the wrapper's. Reports whether
 * a 更多 link was passed on the way.
 */
function followingSiblings(el: Element, stops: Set<Element>): { area: Element[]; more: boolean } {
  const area: Element[] = [];
  let more = false;
  let node: Element = el;
  const own = compact(textWithout(el, isMoreLink));
  for (let depth = 0; depth < 4; depth++) {
    for (let sib = node.nextElementSibling; sib; sib = sib.nextElementSibling) {
      if (stops.has(sib)) break;
      if (isMoreLink(sib)) more = true;
      else if (!SKIP.has(sib.localName)) area.push(sib);
    }
    if (area.length) break;
    const parent: Element | null = node.parentElement;
    if (!parent || parent.localName === 'body' || !onlyHolds(parent, own)) break;
    node = parent;
  }
  return { area, more };
}

/** The title element and the wrappers that hold nothing but it: where the previous column's area ends. */
function addWithWrappers(el: Element, into: Set<Element>): void {
  into.add(el);
  const own = compact(textWithout(el, isMoreLink));
  for (let p = el.parentElement; p && p.localName !== 'body' && onlyHolds(p, own); p = p.parentElement) into.add(p);
}

// A wrapper that says nothing but the title (and 更多). Title bars are short: skip reading big subtrees.
function onlyHolds(wrapper: Element, compactTitle: string): boolean {
  return (wrapper.textContent ?? '').length <= 200 && compact(textWithout(wrapper, isMoreLink)) === compactTitle;
}

interface Block {
  title: string;
  titleElement: Element;
  area: Element[];
  source: Column['source'];
  hasMore: boolean;
}

function lowestCommonAncestor(nodes: Element[]): Element {
  let anc: Element | null = nodes[0];
  while (anc && !nodes.every((n) => anc!.contains(n))) anc = anc.parentElement;
  return anc ?? nodes[0];
}

// An article (正文) page is not a column page even when it shows a breadcrumb: its prose is the content.
function isArticlePage(doc: Document): boolean {
  if (doc.querySelector('meta[name="ArticleTitle" i], meta[name="ContentSource" i]')) return true;
  let prose = 0;
  for (const p of doc.querySelectorAll('p')) {
    if (p.closest('li, dd, a')) continue;
    prose += (p.textContent ?? '').trim().length;
    if (prose > 400) return true;
  }
  return false;
}

function crumbTitle(el: Element): string | null {
  const raw = el.textContent ?? '';
  // The trail's words start the text and hold no white space: test them before folding a big subtree's text.
  if (!BREADCRUMB.test(raw.trimStart().slice(0, 12))) return null;
  const text = raw.replace(/\s+/g, ' ').trim();
  if (text.length > 120 || !BREADCRUMB.test(text)) return null;
  const segments = text.replace(BREADCRUMB, '').split(CRUMB_SEPARATOR).map((s) => s.trim()).filter(Boolean);
  const title = segments[segments.length - 1]; // not .at(-1): Chromium 92, above the floor
  return title && title !== '首页' && title.length <= 30 ? title : null;
}

const CRUMB_TAGS = new Set(['div', 'span', 'p', 'td', 'nav', 'section', 'ol', 'ul']);
// Every trail word starts with one of these: an element's text can only start with a trail when one of its
// text nodes does.
const CRUMB_START = /^\s*[当您你所现]/;

/** The innermost element holding the trail (当前位置：首页 > 政务公开 > 通知公告) and its last step. */
function* breadcrumbOf(doc: Document): Generator<null, { element: Element; title: string } | null> {
  const body = doc.body;
  if (!body) return null;
  // Only the ancestors of a text node that starts like a trail can hold one: reading the text of every div
  // and span of a big page is megabytes.
  const candidates = new Set<Element>();
  const walker = doc.createTreeWalker(body, 4 /* SHOW_TEXT */);
  let n = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (++n % 2000 === 0) yield null;
    if (!CRUMB_START.test(node.nodeValue ?? '')) continue;
    for (let el = node.parentElement; el && el !== body && !candidates.has(el); el = el.parentElement) candidates.add(el);
  }
  const inOrder = [...candidates].filter((el) => CRUMB_TAGS.has(el.localName)).sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
  for (const el of inOrder) {
    const title = crumbTitle(el);
    if (title && ![...el.children].some((c) => crumbTitle(c))) return { element: el, title };
  }
  return null;
}

/** Item elements of a list container: li of ul/ol, dd of dl, rows with data cells, or repeated children. */
function itemElements(container: Element): Element[] {
  switch (container.localName) {
    case 'ul':
    case 'ol':
      return [...container.children].filter((c) => c.localName === 'li');
    case 'dl':
      return [...container.children].filter((c) => c.localName === 'dd' || (c.localName === 'dt' && c.querySelector('a')));
    case 'table':
    case 'tbody': {
      const rows = container.localName === 'table' ? [...container.querySelectorAll(':scope > tbody > tr, :scope > tr')] : [...container.children].filter((c) => c.localName === 'tr');
      return rows.filter((r) => r.querySelector('td'));
    }
    default:
      return contentChildren(container);
  }
}

function isRepeatedLinkList(el: Element): boolean {
  const kids = contentChildren(el);
  if (kids.length < 2) return false;
  const tag = kids[0].localName;
  if (!['div', 'p', 'section', 'article', 'span'].includes(tag)) return false;
  return kids.every((k) => k.localName === tag && k.querySelector('a') && (k.textContent ?? '').length <= 300);
}

/**
 * Outermost list containers under `area` that belong to this column: containers inside another column's
 * area, or holding another column's title, are that column's.
 */
function containersIn(area: Element[], foreign: Set<Element>, holdsTitle: Set<Element>): Element[] {
  const found: Element[] = [];
  const visit = (el: Element) => {
    if (foreign.has(el) || SKIP.has(el.localName)) return;
    if (!holdsTitle.has(el) && (LIST_TAGS.has(el.localName) || isRepeatedLinkList(el))) {
      found.push(el);
      return;
    }
    for (const child of el.children) visit(child);
  };
  for (const el of area) visit(el);
  return found;
}

// A list prints the same few dates hundreds of times: each text is read once per check date.
const parsedDates = new WeakMap<Date, Map<string, Date | null>>();

function parseDateOnce(text: string, now: Date): Date | null {
  let known = parsedDates.get(now);
  if (!known) {
    known = new Map();
    parsedDates.set(now, known);
  }
  let date = known.get(text);
  if (date === undefined) {
    if (known.size > 5000) known.clear();
    date = parseDate(text, now);
    known.set(text, date);
  }
  return date;
}

function itemDate(item: Element, now: Date): Date | undefined {
  let newest: Date | undefined;
  const consider = (t: string) => {
    if (t.length > 60 || !MAY_BE_DATE.test(t)) return;
    const d = parseDateOnce(t, now);
    if (d && (!newest || d > newest)) newest = d;
  };
  // A date is a text node or a small element of its own: <span>[06-01]</span>, <td>2025-06-01</td>.
  const walk = (el: Element) => {
    for (let child = el.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) consider(child.nodeValue ?? '');
      else if (child.nodeType === 1 && !SKIP.has((child as Element).localName)) {
        const e = child as Element;
        if (e.firstElementChild) consider(e.textContent ?? '');
        walk(e);
      }
    }
  };
  walk(item);
  return newest ?? edgeDate(item.textContent ?? '', now) ?? undefined;
}

function toItem(el: Element, now: Date): ColumnItem | null {
  let link: Element | undefined;
  for (const a of el.querySelectorAll('a')) {
    if ((a.textContent ?? '').trim() || a.getAttribute('title')) {
      link = a;
      break;
    }
  }
  const text = (link ? (link.textContent ?? '').trim() || link.getAttribute('title') || '' : textWithout(el)).replace(/\s+/g, ' ');
  const date = itemDate(el, now);
  if (!date && (!link || PAGER.test(compact(text)))) return null;
  return { text: text.slice(0, 200), ...(date ? { date } : {}), element: el };
}

function itemsOf(containers: Element[], now: Date): ColumnItem[] {
  const items: ColumnItem[] = [];
  for (const c of containers) {
    for (const el of itemElements(c)) {
      const item = toItem(el, now);
      if (item) items.push(item);
    }
  }
  return items;
}

/**
 * The columns of one document or shadow root, in document order. A generator yielding `null` per
 * candidate so the scan can give the page its turn; returns the columns.
 */
export function* findColumns(root: Document | ShadowRoot, pack: RulePack, now: Date): Generator<null, Column[]> {
  const doc = root.nodeType === 9 ? (root as Document) : null;
  const scope: ParentNode | null = doc ? doc.body : root;
  if (!scope) return [];

  // On an article page the article's own headline is no column title.
  const article = doc && isArticlePage(doc);
  const headline = article ? compact(doc.querySelector('meta[name="ArticleTitle" i]')?.getAttribute('content') || doc.title.split(/\s[-_|]\s|_/)[0]) : '';

  // Pass 1: titles and tab boxes, in document order.
  const found: ({ title: string; el: Element } | TabBox)[] = [];
  const inside = new Set<Element>();
  let n = 0;
  for (const el of scope.querySelectorAll('*')) {
    if (++n % 200 === 0) yield null;
    if (inside.has(el) || SKIP.has(el.localName)) continue;
    let claimed = false;
    if (el.localName === 'ul' || el.localName === 'ol' || el.localName === 'div') {
      const box = tabBoxAt(el);
      if (box) {
        found.push(box);
        claimed = true;
      }
    }
    if (!claimed && TITLE_TAGS.has(el.localName) && hasTitleSignal(el)) {
      const title = titleText(el);
      if (title && (!headline || compact(title) !== headline)) {
        found.push({ title, el });
        claimed = true;
      }
    }
    if (claimed) for (const d of el.querySelectorAll('*')) inside.add(d);
  }

  // Pass 2: each title's area runs to the next title (or the breadcrumb).
  const crumb = doc && !article ? yield* breadcrumbOf(doc) : null;
  const stops = new Set<Element>();
  for (const f of found) {
    addWithWrappers('bar' in f ? f.bar : f.el, stops);
    yield null;
  }
  if (crumb) addWithWrappers(crumb.element, stops);
  const blocks: Block[] = [];
  const seenArea = new Set<Element>();
  for (const f of found) {
    if ('bar' in f) {
      f.tabs.forEach((tab, i) => blocks.push({ title: textWithout(tab), titleElement: tab, area: [f.panels[i]], source: 'tab', hasMore: false }));
      continue;
    }
    const { area, more } = followingSiblings(f.el, stops);
    yield null;
    if (!area.length || seenArea.has(area[0])) continue;
    seenArea.add(area[0]);
    blocks.push({ title: f.title, titleElement: f.el, area, source: 'block', hasMore: more || [...f.el.querySelectorAll('a')].some(isMoreLink) });
  }

  if (crumb) {
    const { area } = followingSiblings(crumb.element, new Set());
    if (area.length) blocks.push({ title: crumb.title, titleElement: crumb.element, area, source: 'page', hasMore: false });
  }

  const holdsTitle = new Set<Element>();
  for (const b of blocks) {
    if (b.source === 'page') continue;
    for (let p = b.titleElement.parentElement; p && !holdsTitle.has(p); p = p.parentElement) holdsTitle.add(p);
  }

  const columns: Column[] = [];
  for (const b of blocks) {
    const foreign = new Set<Element>();
    for (const other of blocks) {
      if (other === b) continue;
      for (const e of other.area) if (b.area.some((a) => a !== e && a.contains(e))) foreign.add(e);
    }
    let items: ColumnItem[];
    let placeholder: string | undefined;
    let outline: Element | undefined;
    let containers = containersIn(b.area, foreign, holdsTitle);
    const areaText = b.area.map((a) => textWithout(a, (e) => foreign.has(e) || isMoreLink(e))).join(' ');
    if (b.source === 'page') {
      // A column page's column is its main list: the one with most dated items, then most items.
      const ranked = containers
        .map((c) => ({ c, items: itemsOf([c], now) }))
        .sort((x, y) => y.items.filter((i) => i.date).length - x.items.filter((i) => i.date).length || y.items.length - x.items.length);
      containers = ranked.length && ranked[0].items.length ? [ranked[0].c] : [];
      items = containers.length ? ranked[0].items : [];
      const stand = items.length ? undefined : pagePlaceholder(b.area, foreign, pack.columns.placeholders);
      placeholder = stand?.text;
      outline = containers[0] ?? stand?.element;
    } else {
      // A title inside the list itself (<dl><dt>领导访谈</dt><dd>…</dd></dl>): its siblings are the items.
      const inList = b.source === 'block' && b.area.every((a) => a.localName === 'dd' || a.localName === 'li');
      items = inList ? b.area.map((a) => toItem(a, now)).filter((i): i is ColumnItem => !!i) : itemsOf(containers, now);
      placeholder = placeholderIn(areaText, pack.columns.placeholders);
    }
    // Nothing listed counts as blank only where a list is plainly meant: an empty list, or a 更多 link to the column.
    const emptyList = b.source !== 'page' && !items.length && !compact(areaText) && (containers.length > 0 || b.hasMore);
    if (items.length || placeholder || emptyList) {
      columns.push({ title: b.title, element: outline ?? outlineOf(b, blocks), titleElement: b.titleElement, items, ...(placeholder ? { placeholder } : {}), source: b.source });
    }
    yield null;
  }
  return columns;
}

// The block outlined: title and area together, unless that wrapper also holds other columns' titles.
function outlineOf(b: Block, blocks: Block[]): Element {
  if (b.source !== 'block') return b.area.length === 1 ? b.area[0] : lowestCommonAncestor(b.area);
  const lca = lowestCommonAncestor([b.titleElement, ...b.area]);
  const crowded = blocks.some((o) => o !== b && o.source !== 'page' && lca.contains(o.titleElement) && !b.area.some((a) => a.contains(o.titleElement)));
  return crowded ? (b.area.length === 1 ? b.area[0] : b.titleElement) : lca;
}

// On a column page the list area is wherever the main list would be: the smallest element saying only a placeholder.
function pagePlaceholder(area: Element[], foreign: Set<Element>, placeholders: readonly string[]): { text: string; element: Element } | undefined {
  const isForeign = (el: Element) => [...foreign].some((f) => f.contains(el));
  let best: { text: string; element: Element } | undefined;
  for (const top of area) {
    for (const el of [top, ...top.querySelectorAll('*')]) {
      if (SKIP.has(el.localName) || (el.textContent ?? '').length > 200 || isForeign(el) || (best && !best.element.contains(el))) continue;
      const text = textWithout(el);
      if (text.length > 60) continue;
      const p = placeholderIn(text, placeholders);
      if (p) best = { text: p, element: el };
    }
    if (best) return best;
  }
  return undefined;
}

const cache = new WeakMap<ScanContext, Column[]>();

/**
 * Every column of the scanned page (all roots), found once per scan and shared by the column rules. Yields
 * `null` per unit of work.
 */
export function* columnsOf(ctx: ScanContext): Generator<null, Column[]> {
  const known = cache.get(ctx);
  if (known) return known;
  const all: Column[] = [];
  for (const { root } of ctx.roots) all.push(...(yield* findColumns(root, ctx.pack, ctx.now)));
  cache.set(ctx, all);
  return all;
}
