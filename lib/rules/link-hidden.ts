import type { Candidate, Rule } from './types';
import type { ScanContext } from '../page/context';
import type { Severity } from '../findings';
import { elementsInNoscript, linksInHiddenMarkup, TECHNIQUE_LABELS, visibilityFor, findUrlsInText, type HidingTechnique, type Invisibility } from '../dom/visibility';
import { categoryLabels, describeSignals, isForeign, pageLinksFor, type LinkJudge, type LinkSignals } from '../links/signals';
import { resolveUrl } from '../links/extract';
import { childCountUpTo, linkLabel, tokensOf } from '../dom/link-text';
import { revealFor, type RevealJudge } from '../dom/reveal';
import { injectedHiddenBlock, isCredit, type BlockJudges } from '../links/injection';

/**
 * 暗链: a link a visitor cannot see whose target is off-site and not a government or trusted host, or that
 * carries spam signals. Links inside menus, tab panels and carousels that the page reveals on interaction,
 * and skip links or screen-reader links, are the page's own and not findings.
 */
export const linkHidden: Rule = {
  id: 'link-hidden',
  *run(ctx) {
    const judge = visibilityFor(ctx);
    const page = pageLinksFor(ctx, ctx.pack.links, { host: ctx.pageUrl.hostname, sites: ctx.pack.sites });
    const links = page.judge;
    const judges: BlockJudges = { visibility: judge, reveal: revealFor(ctx), page, pack: ctx.pack.links };
    for (const { root } of ctx.roots) {
      const base = (root.ownerDocument ?? (root as Document)).baseURI;
      const inNoscript = elementsInNoscript(root);
      for (const el of root.querySelectorAll('a[href], area[href], iframe[src], frame[src]')) {
        if (inNoscript.has(el)) {
          yield null;
          continue;
        }
        const facts = page.factsOf(el);
        if (!facts) {
          yield null;
          continue;
        }
        const url = facts.target.href;
        const { signals } = facts;
        // Cheap test first: only a link that would matter gets the layout work of a visibility check.
        if (!isForeign(signals.hostClass) && !isSpam(signals, links)) {
          yield null;
          continue;
        }
        const hidden = judge.invisibility(el);
        const severity = hidden.techniques.length ? judgeHidden(hidden, signals, links, el, judges) : null;
        const block = severity === 'veto' && !isSpam(signals, links) ? injectedHiddenBlock(hidden.hider ?? el, judges) : null;
        yield severity ? candidate(el, url, linkLabel(el) || signals.host, hidden.techniques, signals, severity, links, el.localName, block ? { block } : {}) : null;
      }

      for (const m of linksInHiddenMarkup(root)) {
        const url = resolveUrl(m.tag === 'text' && !/^https?:/i.test(m.raw) ? `http://${m.raw}` : m.raw, base);
        if (!url) {
          yield null;
          continue;
        }
        const signals = links.signals(new URL(url), m.text);
        // Search engines ignore comments: a commented-out link only matters when it is spam. A <noscript>
        // link is indexed like any other, so it is judged like a hidden one.
        const needsSignal = m.technique === 'comment' || m.tag === 'text';
        const severity = needsSignal ? signalSeverity(signals, links) : judgeHidden({ techniques: [m.technique], hider: m.element }, signals, links, m.element);
        yield severity
          ? candidate(m.element, url, m.text || signals.host, [m.technique], signals, severity, links, m.tag, { excerpt: m.excerpt, subject: `${m.technique}:${url}` })
          : null;
      }

      yield* hiddenTextUrls(ctx, root, base, links);
    }
  },
};

function isSpam(signals: LinkSignals, links: LinkJudge): boolean {
  return !!signals.blockedBy || signals.score >= links.threshold;
}

/** Severity of a hidden link or frame; null when it is not a finding. */
function judgeHidden(hidden: Invisibility, signals: LinkSignals, links: LinkJudge, el: Element, judges?: BlockJudges): Severity | null {
  if (isSpam(signals, links)) return 'veto';
  if (!isForeign(signals.hostClass)) return null;
  if (signals.score > 0) return 'deduct';
  const hider = hidden.hider ?? el;
  if (hidden.techniques.every((t) => REVEALABLE.has(t)) && (revealedByPage(hider, el) || (judges && revealedByStructure(hider, el, judges.reveal, judges.visibility.isVisible)))) return null;
  if (judges && isCredit(el, hider, judges.pack)) return null;
  // Many off-site links hidden together, outside any menu: injected, whatever their words say.
  if (judges && injectedHiddenBlock(hider, judges)) return 'veto';
  return 'review';
}

/**
 * The page's own ways of showing the hidden part again, judged by structure and computed style: a style
 * rule that reveals the hider (or an element between it and the link) under a state or media query, a
 * trigger the page's script listens on, alike siblings one of which is shown.
 */
function revealedByStructure(hider: Element, subject: Element, reveal: RevealJudge, isVisible: (el: Element) => boolean): boolean {
  for (let cur: Element | null = hider, i = 0; cur && i < 3; cur = cur.parentElement, i++) {
    if (reveal.revealedByStyle(cur) || reveal.revealedByScript(cur) || reveal.oneOfAlikeSiblings(cur, isVisible)) return true;
  }
  for (let cur: Element | null = subject, i = 0; cur && cur !== hider && i < 12; cur = cur.parentElement, i++) {
    if (reveal.revealedByStyle(cur)) return true;
  }
  return false;
}

/** For text and comments: only spam signals make a finding. */
function signalSeverity(signals: LinkSignals, links: LinkJudge): Severity | null {
  if (isSpam(signals, links)) return 'veto';
  return isForeign(signals.hostClass) && signals.score > 0 ? 'deduct' : null;
}

// Ways pages hide content they show on hover, click or timer. Tricks no interface uses to reveal anything
// (font-size 0, text the colour of the background, a 1-pixel marquee, comments) are never excused.
const REVEALABLE = new Set<HidingTechnique>(['display-none', 'visibility-hidden', 'opacity', 'overflow-clip', 'off-screen', 'clip', 'zero-size', 'hidden-frame', 'not-rendered']);

const WIDGET_ROLES = new Set(['menu', 'menubar', 'listbox', 'tabpanel', 'dialog', 'alertdialog', 'tooltip', 'tree', 'navigation']);
const WIDGET_ELEMENTS = new Set(['nav', 'menu', 'details', 'dialog', 'select', 'template']);
const WIDGET_TOKENS = new Set([
  'menu', 'submenu', 'dropdown', 'drop', 'nav', 'navbar', 'subnav', 'navigation', 'tab', 'tabs', 'tabpanel', 'panel', 'pane',
  'slide', 'slides', 'slider', 'swiper', 'carousel', 'banner', 'focus', 'scroll', 'marquee', 'pop', 'popup', 'popover',
  'modal', 'dialog', 'collapse', 'accordion', 'toggle', 'tooltip', 'tip', 'layer', 'sub', 'child', 'children', 'more',
  'drawer', 'sidebar', 'flyout', 'mega', 'expand', 'fold', 'hover', 'skip', 'erji', 'xiala', 'yqlj', 'listbox', 'select',
  'selectbox', 'options', 'popbox', 'dropbox', 'fade',
]);
const MAX_SLIDES = 30;
const CURRENT_TOKENS = new Set(['on', 'active', 'cur', 'current', 'curr', 'selected', 'show', 'in']);
const ACCESSIBLE_HIDING = /sronly|srtext|screenreader|visuallyhidden|hiddenaccessible|assistive|readerfriendly/;

/**
 * Whether the page itself shows the hidden part on interaction: a menu, tab panel, carousel, dialog or
 * screen-reader text, recognised by ARIA, element names, class/id words, or a trigger right before it.
 */
export function revealedByPage(hider: Element, subject: Element): boolean {
  const doc = hider.ownerDocument;
  const path: Element[] = [];
  for (let cur: Element | null = subject; cur && path.length < 12; cur = cur.parentElement) {
    path.push(cur);
    if (cur === hider) break;
  }
  for (let cur = hider.parentElement, i = 0; cur && i < 2; cur = cur.parentElement, i++) path.push(cur);
  for (const el of path) {
    const role = el.getAttribute('role');
    if (role && WIDGET_ROLES.has(role)) return true;
    if (el.hasAttribute('aria-roledescription') || el.getAttribute('aria-hidden') === 'true') return true;
    if (WIDGET_ELEMENTS.has(el.localName)) return true;
    const tokens = tokensOf(el);
    if (tokens.some((t) => WIDGET_TOKENS.has(t)) || ACCESSIBLE_HIDING.test(tokens.join(''))) return true;
  }
  const id = hider.getAttribute('id');
  if (id && /^[\w-]+$/.test(id) && doc.querySelector(`[aria-controls~="${id}"], [data-target="#${id}"], [data-bs-target="#${id}"], a[href="#${id}"]`)) return true;
  const trigger = hider.previousElementSibling;
  if (trigger && (trigger.localName === 'button' || trigger.hasAttribute('aria-expanded') || trigger.getAttributeNames().some((a) => /^on(click|mouseover|mouseenter)$/i.test(a)))) return true;
  // One of several alike siblings, another of which is marked current: a rotating slide or tab.
  const parent = hider.parentElement;
  if (parent && childCountUpTo(parent, MAX_SLIDES) <= MAX_SLIDES && !tokensOf(hider).some((t) => CURRENT_TOKENS.has(t))) {
    for (const sibling of parent.children) {
      if (sibling !== hider && sibling.localName === hider.localName && tokensOf(sibling).some((t) => CURRENT_TOKENS.has(t))) return true;
    }
  }
  // A nested list under a list item that starts with its own link or label: a CSS or script dropdown.
  const item = hider.parentElement;
  if (item && /^(li|dd)$/.test(item.localName) && /^(ul|ol|dl|div)$/.test(hider.localName)) {
    const head = item.firstElementChild;
    if (head && head !== hider && /^(a|span|button|h\d)$/.test(head.localName)) return true;
  }
  return false;
}

function* hiddenTextUrls(ctx: ScanContext, root: Document | ShadowRoot, base: string, links: LinkJudge): Generator<Candidate | null> {
  const judge = visibilityFor(ctx);
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 4 /* SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue ?? '';
    const parent = node.parentElement;
    if (!parent || SKIP_TEXT.has(parent.localName) || !/https?:\/\/|www\./i.test(text) || parent.closest('a')) {
      yield null;
      continue;
    }
    const hidden = judge.invisibility(parent);
    if (!hidden.techniques.length) {
      yield null;
      continue;
    }
    const context = text.replace(/\s+/g, ' ').trim();
    for (const raw of findUrlsInText(text)) {
      const url = resolveUrl(/^https?:/i.test(raw) ? raw : `http://${raw}`, base);
      if (!url) continue;
      const signals = links.signals(new URL(url), context);
      const severity = signalSeverity(signals, links);
      if (severity) yield candidate(parent, url, context.slice(0, 120), hidden.techniques, signals, severity, links, 'text', { subject: `text:${url}` });
    }
    yield null;
  }
}

const SKIP_TEXT = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title']);

const KIND_LABELS: Record<string, string> = {
  a: '链接',
  area: '图片热区链接',
  iframe: '框架（iframe）',
  frame: '框架（frame）',
  text: '网址文字',
};

function candidate(
  element: Element,
  url: string,
  label: string,
  techniques: HidingTechnique[],
  signals: LinkSignals,
  severity: Severity,
  links: LinkJudge,
  kind: string,
  extra: { excerpt?: string; subject?: string; block?: { links: number } } = {},
): Candidate {
  const how = techniques.map((t) => TECHNIQUE_LABELS[t]).join('、');
  const what = KIND_LABELS[kind] ?? '链接';
  const categories = categoryLabels(signals);
  const signalList = describeSignals(signals);
  const host = signals.host;
  let message: string;
  if (severity === 'veto' && extra.block) {
    message = `暗链：访客看不到的${what}指向站外网站 ${host}，与同一隐藏区块中的 ${extra.block.links} 个站外链接一起被隐藏，且该区块不是导航或菜单（隐藏方式：${how}）。这是被植入的链接区块，属严重安全问题（单项否决），须立即清除并排查网站被篡改的原因。`;
  } else if (severity === 'veto') {
    const nature = signals.blockedBy ? `列入非法网址名单的网站 ${host}` : `${categories.join('、') || '可疑'}类目标 ${host}`;
    message = `暗链：访客看不到的${what}指向${nature}（隐藏方式：${how}）。这是被植入的恶意代码，属严重安全问题（单项否决），须立即清除并排查网站被篡改的原因。`;
  } else if (severity === 'deduct') {
    message = `暗链：访客看不到的${what}指向站外非政府网站 ${host}，并带有可疑特征（${signalList.join('、')}）（隐藏方式：${how}）。请核实并清除。`;
  } else {
    message = `疑似暗链：访客看不到的${what}指向站外非政府网站 ${host}（隐藏方式：${how}）。无法确定是页面正常的隐藏内容还是被植入的链接，请人工核实。`;
  }
  return {
    element,
    severity,
    label,
    href: url,
    subject: extra.subject,
    detail: {
      kind,
      techniques,
      host,
      hostClass: signals.hostClass,
      score: signals.score,
      threshold: links.threshold,
      signals: signalList,
      categories,
      ...(extra.excerpt ? { excerpt: extra.excerpt } : {}),
      ...(extra.block ? { injectedBlock: extra.block.links } : {}),
    },
    message,
  };
}
