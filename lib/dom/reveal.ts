import { hasRecordedListener } from './listeners';

/**
 * Whether the page itself shows a hidden element again, judged by structure and computed style rather than
 * class names: a style rule that reveals it under a state (`:hover`, `:focus-within`, `:checked`, `:target`)
 * or a media query (a mobile header), a trigger beside it or above it that the page's script listens on,
 * or one of a set of alike siblings of which another is shown (a carousel or tab panels).
 */
export interface RevealJudge {
  revealedByStyle(hider: Element): boolean;
  revealedByScript(hider: Element): boolean;
  oneOfAlikeSiblings(hider: Element, isVisible: (el: Element) => boolean): boolean;
}

const STATES = /:(hover|focus-within|focus-visible|focus|active|checked|target)\b(\([^)]*\))?/g;
// Declarations that undo a hiding technique.
function reveals(style: CSSStyleDeclaration): boolean {
  const display = style.getPropertyValue('display');
  if (display && display !== 'none') return true;
  const visibility = style.getPropertyValue('visibility');
  if (visibility === 'visible') return true;
  const opacity = style.getPropertyValue('opacity');
  if (opacity && parseFloat(opacity) > 0.05) return true;
  for (const prop of ['height', 'max-height', 'width', 'left', 'top', 'transform', 'clip', 'clip-path']) {
    const v = style.getPropertyValue(prop);
    if (v && v !== '0' && v !== '0px') return true;
  }
  return false;
}

interface RevealRule {
  /** The rule's selector with its state pseudo-classes taken out: what the element matches in any state. */
  selector: string;
  /** The rule's display is !important: it wins over an inline display:none. */
  important: boolean;
}

/** Style rules of `doc` that reveal something under a state or a media query; cross-origin sheets are unreadable and skipped. */
function revealRules(doc: Document): RevealRule[] {
  const out: RevealRule[] = [];
  const visit = (rules: CSSRuleList, conditional: boolean) => {
    for (const rule of Array.from(rules)) {
      const style = (rule as CSSStyleRule).style;
      const selectorText = (rule as CSSStyleRule).selectorText;
      if (selectorText && style) {
        const stateful = STATES.test(selectorText);
        STATES.lastIndex = 0;
        if ((stateful || conditional) && reveals(style)) {
          for (const part of splitSelectors(selectorText)) {
            const stripped = part.replace(STATES, '').trim();
            STATES.lastIndex = 0;
            // A media query's rule counts only when it names something (a class, an id, an attribute): a bare
            // `div { display: block }` for wide screens says nothing about one hidden block.
            if (stripped && (part !== stripped || /[.#[]/.test(stripped))) out.push({ selector: stripped, important: style.getPropertyPriority('display') === 'important' });
          }
        }
      }
      const nested = (rule as CSSGroupingRule).cssRules;
      if (!nested || !nested.length) continue;
      // @media and @supports describe other screens and browsers: what they show, the page shows there. Print
      // is no visitor's screen.
      const media = (rule as CSSMediaRule).media;
      if (media && /^\s*print\s*$/i.test(media.mediaText)) continue;
      visit(nested, conditional || !!media || 'conditionText' in rule);
    }
  };
  for (const sheet of Array.from(doc.styleSheets)) {
    let rules: CSSRuleList | null = null;
    try {
      rules = sheet.cssRules;
    } catch {
      rules = null;
    }
    if (rules) visit(rules, false);
  }
  return out;
}

function splitSelectors(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const TRIGGER_EVENTS = ['click', 'mouseover', 'mouseenter', 'pointerover', 'pointerenter', 'focus', 'focusin', 'touchstart', 'mousedown', 'pointerdown'];
const MAX_ALIKE = 30;

export function createRevealJudge(): RevealJudge {
  const rulesByDoc = new Map<Document, RevealRule[]>();
  const rulesOf = (doc: Document) => {
    let r = rulesByDoc.get(doc);
    if (!r) rulesByDoc.set(doc, (r = revealRules(doc)));
    return r;
  };
  const matches = (el: Element, selector: string) => {
    try {
      return el.matches(selector);
    } catch {
      return false;
    }
  };
  return {
    revealedByStyle(hider) {
      const rules = rulesOf(hider.ownerDocument);
      if (!rules.length) return false;
      // An inline display:none (how injected blocks are hidden) beats any sheet rule but an !important one.
      const inline = (hider as HTMLElement).style?.getPropertyValue('display') === 'none';
      return rules.some((r) => (!inline || r.important) && matches(hider, r.selector));
    },
    revealedByScript(hider) {
      // The trigger is the hider, a sibling before it, or an ancestor close above it (a list item that
      // opens its own submenu on hover).
      for (let sib = hider.previousElementSibling, i = 0; sib && i < 3; sib = sib.previousElementSibling, i++) {
        if (hasRecordedListener(sib, TRIGGER_EVENTS) || sib.querySelector?.(`[data-gsi-listens]`)) return true;
      }
      for (let up: Element | null = hider, i = 0; up && i < 3; up = up.parentElement, i++) {
        if (up === up.ownerDocument.body || up === up.ownerDocument.documentElement) break;
        if (hasRecordedListener(up, TRIGGER_EVENTS)) return true;
      }
      return false;
    },
    oneOfAlikeSiblings(hider, isVisible) {
      const parent = hider.parentElement;
      if (!parent || parent === hider.ownerDocument.body || parent === hider.ownerDocument.documentElement) return false;
      const kids = parent.children;
      if (kids.length < 2 || kids.length > MAX_ALIKE) return false;
      let shown = false;
      for (const kid of Array.from(kids)) {
        if (kid.localName !== hider.localName) return false;
        if (kid !== hider && !shown && isVisible(kid)) shown = true;
      }
      return shown;
    },
  };
}

const judges = new WeakMap<object, RevealJudge>();

/** The reveal judge shared by the rules of one scan (`scope` is the scan's context object). */
export function revealFor(scope: object): RevealJudge {
  let j = judges.get(scope);
  if (!j) judges.set(scope, (j = createRevealJudge()));
  return j;
}
