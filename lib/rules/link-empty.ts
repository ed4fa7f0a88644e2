import type { Candidate, Rule } from './types';
import { childCountUpTo, linkLabel, tokensOf } from '../dom/link-text';
import { elementsInNoscript, visibilityFor } from '../dom/visibility';
import { hasRecordedListener } from '../dom/listeners';

/**
 * 空链: a visible link that leads nowhere (`href=""`, `#`, `javascript:void(0)`, `javascript:;`, a typo such
 * as `javascript:viod(0)`, a `#name` with no such anchor). Scripts may attach click handlers the content
 * script cannot see; where the page shows signs of that, the finding is `review`, not `deduct`. A link that
 * has a handler (an inline on* attribute, one on a close ancestor, a listener the page's script added, a
 * widget role such as `role="button"`, or that is part of a form control) does something: it is no finding.
 */
export const linkEmpty: Rule = {
  id: 'link-empty',
  *run(ctx) {
    const judge = visibilityFor(ctx);
    for (const { root } of ctx.roots) {
      const anchors = anchorNames(root);
      const inNoscript = elementsInNoscript(root);
      for (const el of root.querySelectorAll(MAYBE_EMPTY)) {
        const target = inNoscript.has(el) ? null : classifyHref(el, anchors);
        if (!target || (target.kind === 'hash' && BACK_TO_TOP.test(linkLabel(el))) || (target.kind === 'missing' && !looksClickable(el)) || hasHandler(el) || !judge.isVisible(el)) {
          yield null;
          continue;
        }
        yield candidateFor(el, target, handlerHints(el, target));
      }
    }
  },
};

// Every link classifyHref may call empty. A target written as a path or an http(s) address is real, and
// those are nearly all of a big page's links: the selector leaves them out natively instead of reading each
// href here (a leading space keeps a link in, and classifyHref trims it).
const REAL = ':not([href^="/"]):not([href^="http://" i]):not([href^="https://" i])';
const MAYBE_EMPTY = `a${REAL}, area[href]${REAL}`;

// `#` is the right target for a back-to-top link.
const BACK_TO_TOP = /^(返回|回到)?(顶部|页首|页顶|top)$/i;

export type EmptyKind = 'empty' | 'hash' | 'missing-anchor' | 'void' | 'void-typo' | 'scheme-typo' | 'script-call' | 'missing';

export interface EmptyTarget {
  kind: EmptyKind;
  /** The href as written. */
  href: string;
  /** The misspelt word (viod, javascrpit). */
  typo?: string;
}

// Calls that do something real without leaving the page: printing, closing, going back, reloading.
const ACTIONS = /^(window\.|self\.|top\.)?(print|close|scroll(to|by)?|history\.(back|forward|go)|location\.reload|opener\s*=)/i;
const NOTHING = /^(void\s*\(\s*(0|null|undefined)?\s*\)|void\s+0|undefined|null|false|true|0|\/\/.*|return\s+false)?$/i;

/** Whether `el`'s href leads nowhere, and how; null for a real target. */
export function classifyHref(el: Element, anchors: ReadonlySet<string>): EmptyTarget | null {
  const raw = el.getAttribute('href');
  if (raw === null) {
    // An <a> without href is a bookmark target or plain text unless something makes it look clickable.
    return el.localName === 'a' && !el.hasAttribute('name') ? { kind: 'missing', href: '' } : null;
  }
  const href = raw.trim();
  if (href === '') return { kind: 'empty', href: raw };
  if (href.startsWith('#')) {
    if (href === '#') return { kind: 'hash', href: raw };
    const name = safeDecode(href.slice(1));
    // #/route and #!route belong to a script router; #top scrolls to the top by definition.
    if (/^[/!]/.test(name) || name.toLowerCase() === 'top' || anchors.has(name)) return null;
    return { kind: 'missing-anchor', href: raw };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1].toLowerCase();
  if (!scheme) return null;
  if (scheme === 'javascript') {
    const body = safeDecode(href.slice(scheme.length + 1)).trim().replace(/;+\s*$/, '').trim();
    if (NOTHING.test(body)) return { kind: 'void', href: raw };
    const call = /^([a-z_$][\w$]*)\s*\(\s*(0|null)?\s*\)$/i.exec(body);
    if (call && osaDistance(call[1].toLowerCase(), 'void') === 1) return { kind: 'void-typo', href: raw, typo: call[1] };
    if (ACTIONS.test(body)) return null;
    return { kind: 'script-call', href: raw };
  }
  if (!KNOWN_SCHEMES.has(scheme) && osaDistance(scheme, 'javascript') <= 2) return { kind: 'scheme-typo', href: raw, typo: scheme };
  return null;
}

const KNOWN_SCHEMES = new Set(['http', 'https', 'ftp', 'mailto', 'tel', 'sms', 'data', 'blob', 'file', 'about', 'javascript', 'weixin', 'alipays']);

/** Every id and a[name] in `root`: the targets a `#name` link may scroll to. */
export function anchorNames(root: Document | ShadowRoot): Set<string> {
  const names = new Set<string>();
  for (const el of root.querySelectorAll('[id], a[name]')) {
    const id = el.getAttribute('id');
    if (id) names.add(id);
    if (el.localName === 'a') {
      const name = el.getAttribute('name');
      if (name) names.add(name);
    }
  }
  return names;
}

const ROLE_CONTROLS = new Set(['button', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'switch', 'option', 'treeitem', 'checkbox', 'radio']);
const CONTROL_TOKENS = new Set([
  'prev', 'next', 'close', 'btn', 'button', 'toggle', 'tab', 'tabs', 'more', 'play', 'pause', 'stop', 'switch', 'search',
  'submit', 'share', 'print', 'font', 'zoom', 'big', 'small', 'login', 'logout', 'register', 'weixin', 'wechat', 'weibo',
  'qrcode', 'ewm', 'top', 'back', 'arrow', 'left', 'right', 'menu', 'nav', 'open', 'show', 'hide', 'expand', 'fold',
  'collapse', 'dropdown', 'fav', 'favorite', 'shoucang', 'slide', 'swiper', 'carousel', 'lang', 'language',
]);
// Navigation that scripts open and close; not tab panels or carousels, whose items are content.
const CONTAINER_TOKENS = new Set(['nav', 'navbar', 'subnav', 'menu', 'submenu', 'dropdown', 'toolbar']);
const MAX_TABS = 20;
const ACTIVE_TOKENS = new Set(['on', 'active', 'cur', 'current', 'curr', 'selected', 'hover', 'sel']);

/**
 * Signs that the page's own scripts handle a click on `el` (handlers added with addEventListener are
 * invisible to a content script): inline handlers, ARIA widget roles and states, data-* hooks, ids and
 * class names scripts select, menus and tab strips.
 */
export function handlerHints(el: Element, target: EmptyTarget): string[] {
  const hints: string[] = [];
  if (target.kind === 'script-call') hints.push('script-call');
  if (target.kind === 'missing') hints.push('no-href');
  if (hasInlineHandler(el)) hints.push('onclick');
  else {
    let up = el.parentElement;
    for (let i = 0; i < 3 && up; i++, up = up.parentElement) {
      if (hasInlineHandler(up)) {
        hints.push('parent-onclick');
        break;
      }
    }
  }
  const role = el.getAttribute('role');
  if (role && ROLE_CONTROLS.has(role)) hints.push(`role=${role}`);
  if (['aria-controls', 'aria-expanded', 'aria-haspopup', 'aria-pressed', 'aria-selected'].some((a) => el.hasAttribute(a))) hints.push('aria');
  if (el.getAttributeNames().some((a) => a.startsWith('data-'))) hints.push('data-attribute');
  if (el.id) hints.push('id');
  if (tokensOf(el).some((t) => CONTROL_TOKENS.has(t))) hints.push('control-class');
  if (inMenu(el)) hints.push('menu');
  const next = el.nextElementSibling;
  if (next && /^(ul|ol|dl|div)$/.test(next.localName) && next.querySelector('a[href]')) hints.push('submenu');
  if (inTabStrip(el)) hints.push('tab-strip');
  return hints;
}

const HINT_LABELS: Record<string, string> = {
  'script-call': '执行页面脚本函数',
  'no-href': '没有 href 却显示为可点击',
  onclick: 'onclick 等内联事件',
  'parent-onclick': '外层元素有内联事件',
  aria: 'ARIA 状态属性',
  'data-attribute': 'data-* 属性',
  id: '带 id，脚本可据此绑定',
  'control-class': '按钮类的样式名',
  menu: '位于导航、菜单或选项卡中',
  submenu: '带下级菜单',
  'tab-strip': '位于选项卡标签中',
};

function hintLabel(hint: string): string {
  return HINT_LABELS[hint] ?? hint;
}

function describeTarget(t: EmptyTarget): string {
  switch (t.kind) {
    case 'empty':
      return '为空（href=""，点击只会刷新本页）';
    case 'missing':
      return '缺失（没有 href 属性）';
    case 'hash':
      return '为“#”';
    case 'missing-anchor':
      return `为“${t.href.trim()}”，但本页没有这个锚点`;
    case 'void':
      return `为“${t.href.trim()}”`;
    case 'void-typo':
      return `为“${t.href.trim()}”（${t.typo} 是 void 的拼写错误，点击会报脚本错误）`;
    case 'scheme-typo':
      return `为“${t.href.trim()}”（${t.typo} 是 javascript 的拼写错误）`;
    case 'script-call':
      return `为脚本调用“${t.href.trim()}”`;
  }
}

function candidateFor(el: Element, target: EmptyTarget, hints: string[]): Candidate {
  const label = linkLabel(el);
  const review = hints.length > 0;
  const where = `「${label || '（无文字）'}」的链接地址${describeTarget(target)}`;
  return {
    element: el,
    severity: review ? 'review' : 'deduct',
    label,
    href: target.href,
    detail: { hrefKind: target.kind, hints, ...(target.typo ? { typo: target.typo } : {}) },
    message: review
      ? `疑似空链：${where}。页面脚本可能为它绑定了点击操作（${hints.map(hintLabel).join('、')}），请人工点击确认能否打开内容。`
      : `空链：${where}，点击后不会打开任何内容。`,
  };
}

/**
 * Whether something on the page handles a click on `el`: then it is a control, not an empty link. Only
 * what is certain counts; hints such as ids or class names leave the finding at `review`.
 */
export function hasHandler(el: Element): boolean {
  if (hasInlineHandler(el) || hasRecordedListener(el, CLICK_EVENTS)) return true;
  const role = el.getAttribute('role');
  if (role && ROLE_CONTROLS.has(role)) return true;
  // A click on the link bubbles to a close ancestor's handler (a list item with onclick, a tab header).
  let up = el.parentElement;
  for (let i = 0; i < 3 && up; i++, up = up.parentElement) {
    if (hasInlineHandler(up) || hasRecordedListener(up, CLICK_EVENTS)) return true;
  }
  // Part of a form control: the label toggles its input, a button submits its form.
  if (el.closest('label, button, summary') || el.querySelector('input, select, textarea, button')) return true;
  return false;
}

const CLICK_EVENTS = ['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'touchstart', 'touchend', 'tap', 'dblclick'];

function hasInlineHandler(el: Element): boolean {
  return el.getAttributeNames().some((a) => /^on(click|mousedown|mouseup|mouseover|mouseenter|touchstart|touchend|pointerdown|pointerup|focus|keydown|keyup)$/i.test(a));
}

function inMenu(el: Element): boolean {
  let up = el.parentElement;
  for (let i = 0; i < 5 && up; i++, up = up.parentElement) {
    if (up.localName === 'nav' || up.localName === 'menu') return true;
    const role = up.getAttribute('role');
    if (role && ['navigation', 'menu', 'menubar', 'tablist'].includes(role)) return true;
    if (tokensOf(up).some((t) => CONTAINER_TOKENS.has(t))) return true;
  }
  return false;
}

// A tab strip: the link's list item is one of several siblings and one of them is marked active.
function inTabStrip(el: Element): boolean {
  const item = el.closest('li, dd, span');
  const list = item?.parentElement;
  // Tab strips are short; a news list of thousands of items is not one (and must not cost a pass per link).
  if (!item || !list) return false;
  const count = childCountUpTo(list, MAX_TABS);
  if (count < 2 || count > MAX_TABS) return false;
  for (const sibling of list.children) if (tokensOf(sibling).some((t) => ACTIVE_TOKENS.has(t))) return true;
  return false;
}

function looksClickable(el: Element): boolean {
  if (hasInlineHandler(el)) return true;
  const view = el.ownerDocument.defaultView;
  return view?.getComputedStyle(el).cursor === 'pointer';
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Optimal string alignment distance (Levenshtein plus adjacent transposition): viod → void is 1. */
export function osaDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
