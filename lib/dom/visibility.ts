/**
 * Why an element cannot be seen by a visitor, judged from the rendered page: computed style up the
 * ancestor chain (across open shadow roots and same-origin frames), then geometry (size, clipping,
 * position), text colour against the real background, and what covers it. Without a layout engine
 * (happy-dom in unit tests, a document in a hidden frame) only the style checks run.
 */

export type HidingTechnique =
  | 'display-none'
  | 'visibility-hidden'
  | 'opacity'
  | 'content-visibility'
  | 'not-rendered'
  | 'zero-size'
  | 'overflow-clip'
  | 'off-screen'
  | 'text-indent'
  | 'font-size'
  | 'color'
  | 'clip'
  | 'transform'
  | 'covered'
  | 'negative-z-index'
  | 'marquee'
  | 'hidden-frame'
  | 'comment'
  | 'noscript';

/** How each technique is named to inspectors. */
export const TECHNIQUE_LABELS: Record<HidingTechnique, string> = {
  'display-none': 'display:none 不显示',
  'visibility-hidden': 'visibility:hidden 不可见',
  opacity: '透明度为 0',
  'content-visibility': 'content-visibility:hidden 不渲染',
  'not-rendered': '未被浏览器渲染',
  'zero-size': '尺寸为 0（溢出隐藏）',
  'overflow-clip': '被父元素的溢出隐藏裁掉',
  'off-screen': '定位到页面可见范围之外',
  'text-indent': '文字缩进到页面之外（text-indent）',
  'font-size': '字号小到看不见',
  color: '文字颜色与背景相同',
  clip: 'clip / clip-path 裁剪为空',
  transform: 'transform 缩放为 0',
  covered: '被其他元素遮盖',
  'negative-z-index': '负 z-index 压在其他元素之下',
  marquee: '极小或极快的滚动字幕（marquee）',
  'hidden-frame': '位于隐藏的框架（iframe）中',
  comment: '写在 HTML 注释中',
  noscript: '写在 <noscript> 中（开启脚本的访客看不到）',
};

export interface Invisibility {
  /** Empty when the element can be seen. */
  techniques: HidingTechnique[];
  /**
   * The element whose own style or box hides the subject (the subject or an ancestor; for style the
   * outermost one): where a menu, tab panel or carousel that reveals it on interaction would be.
   */
  hider: Element | null;
}

export interface VisibilityJudge {
  invisibility(el: Element): Invisibility;
  isVisible(el: Element): boolean;
}

const VISIBLE: Invisibility = Object.freeze({ techniques: [], hider: null }) as Invisibility;

/** What an element's own computed style does to itself and its descendants. */
interface Own {
  hides: HidingTechnique | null;
  opacity: number;
  hidesDescendants: HidingTechnique | null;
  clipsOverflow: boolean;
  outOfFlow: 'absolute' | 'fixed' | null;
  textIndentFar: boolean;
  negativeZ: boolean;
}

/** The facts of an element combined with all its ancestors'. */
interface Chain {
  techniques: HidingTechnique[];
  hider: Element | null;
  opacity: number;
  /** Inherited by children: a parent's content-visibility, marquee. */
  forChildren: HidingTechnique[];
  forChildrenHider: Element | null;
  /** Nearest element at or above this one whose overflow clips its descendants. */
  clipper: Element | null;
  /** Nearest absolutely or fixed positioned element at or above this one. */
  outOfFlow: Element | null;
  textIndentFar: boolean;
  negativeZ: boolean;
}

interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

const REPLACED = 'img,svg,canvas,video,picture,input,button,select,textarea,object,embed,iframe';
const MIN_OPACITY = 0.05;
// Text shifted this far left (text-indent) or an element at such negative coordinates is a hiding trick;
// legitimate image-replacement techniques use the same and are judged by where the link points.
const FAR_INDENT_PX = -500;

/**
 * One judge per scan: computed facts are cached per element, so a page with 20,000 links in a
 * 5,000-deep tree costs one style read per element, not one per link and ancestor.
 */
/**
 * The cached style reader a judge reads everything through: computed style, whether the document has a layout
 * engine, and what an element's own style does, each read once per element.
 */
export interface StyleReader {
  styleOf(el: Element): CSSStyleDeclaration;
  hasLayout(doc: Document): boolean;
  ownOf(el: Element): Own;
}

export function createStyleReader(): StyleReader {
  const styles = new Map<Element, CSSStyleDeclaration>();
  const owns = new Map<Element, Own>();
  const layouts = new Map<Document, boolean>();

  const styleOf = (el: Element): CSSStyleDeclaration => {
    let s = styles.get(el);
    if (!s) {
      s = (el.ownerDocument.defaultView ?? window).getComputedStyle(el);
      styles.set(el, s);
    }
    return s;
  };

  const hasLayout = (doc: Document): boolean => {
    let known = layouts.get(doc);
    if (known === undefined) {
      const root = doc.documentElement;
      known = !!root && root.getBoundingClientRect().width > 0;
      layouts.set(doc, known);
    }
    return known;
  };

  const ownOf = (el: Element): Own => {
    let own = owns.get(el);
    if (!own) {
      own = readOwn(el, styleOf(el), hasLayout);
      owns.set(el, own);
    }
    return own;
  };

  return { styleOf, hasLayout, ownOf };
}

/** What an element's own computed style does to itself and its descendants. */
function readOwn(el: Element, s: CSSStyleDeclaration, hasLayout: (doc: Document) => boolean): Own {
  const position = s.position;
  const opacity = parseFloat(s.opacity);
  let hides: HidingTechnique | null = null;
  if (s.display === 'none') hides = 'display-none';
  else if (clipIsEmpty(s, position)) hides = 'clip';
  else if (scaleIsZero(s.transform)) hides = 'transform';
  let hidesDescendants: HidingTechnique | null = null;
  if (s.contentVisibility === 'hidden') hidesDescendants = 'content-visibility';
  else if (el.localName === 'marquee' && marqueeHides(el, hasLayout(el.ownerDocument))) hidesDescendants = 'marquee';
  const ox = s.overflowX || s.overflow;
  const oy = s.overflowY || s.overflow;
  const isPageRoot = el === el.ownerDocument.documentElement || el === el.ownerDocument.body;
  return {
    hides,
    opacity: Number.isFinite(opacity) ? opacity : 1,
    hidesDescendants,
    clipsOverflow: !isPageRoot && (clips(ox) || clips(oy)),
    outOfFlow: position === 'absolute' || position === 'fixed' ? position : null,
    textIndentFar: parseFloat(s.textIndent) <= FAR_INDENT_PX,
    negativeZ: position !== 'static' && position !== '' && parseInt(s.zIndex, 10) < 0,
  };
}

/**
 * Text the colour of what is behind it: the background a visitor sees (ancestors' backgrounds, translucent
 * layers blended), and nothing painted under the text that is not one of its ancestors.
 */
function createColorCheck({ styleOf, hasLayout }: Pick<StyleReader, 'styleOf' | 'hasLayout'>): (el: Element) => boolean {
  const textMatchesBackground = (el: Element): boolean => {
    if (hasReplacedContent(el) || styleOf(el).backgroundImage !== 'none') return false;
    const holders = textHolders(el, 5);
    return holders.length > 0 && holders.every((holder) => colorMatchesBackground(holder) && !paintedBehind(holder));
  };

  // What is painted under the text that is not one of its ancestors: a banner image or a gradient strip
  // positioned behind a header's links. elementsFromPoint lists the boxes under the text's centre, topmost
  // first; only the viewport can be asked (below the fold the colour check stands, as documented).
  const paintedBehind = (el: Element): boolean => {
    if (!hasLayout(el.ownerDocument)) return false;
    const view = el.ownerDocument.defaultView!;
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x >= view.innerWidth || y >= view.innerHeight) return false;
    const root = el.getRootNode() as Document | ShadowRoot;
    const stack = root.elementsFromPoint(x, y);
    const at = stack.indexOf(el);
    if (at < 0) return false;
    for (const below of stack.slice(at + 1)) {
      if (below.contains(el)) continue;
      if (below.matches(REPLACED)) return true;
      const s = styleOf(below);
      if (s.backgroundImage && s.backgroundImage !== 'none') return true;
      const bg = parseColor(s.backgroundColor);
      const fg = parseColor(styleOf(el).color);
      if (bg && fg && bg.a >= 0.5 && contrastRatio(over(fg, bg), bg) >= 1.1) return true;
    }
    return false;
  };

  const colorMatchesBackground = (el: Element): boolean => {
    const fg = parseColor(styleOf(el).color);
    if (!fg) return false;
    if (fg.a < 0.1) return true;
    const bg = backgroundBehind(el);
    if (!bg) return false;
    return contrastRatio(over(fg, bg), bg) < 1.1;
  };

  // The colour a visitor sees behind the text: the first opaque background up the tree, with any
  // translucent layers above it blended in. Unknown (null) when an image is in the way.
  // Memoised per element: every link of a long list shares the ancestors this walks through.
  const backgrounds = new Map<Element, Rgba | null>();
  const backgroundBehind = (el: Element): Rgba | null => {
    const pending: Element[] = [];
    let below: Rgba | null | undefined;
    for (let cur: Element | null = el; cur; cur = cur.parentElement ?? hostOf(cur)) {
      if (backgrounds.has(cur)) {
        below = backgrounds.get(cur)!;
        break;
      }
      pending.push(cur);
    }
    // Past the root the canvas is white.
    let color: Rgba | null = below === undefined ? { r: 255, g: 255, b: 255, a: 1 } : below;
    for (let i = pending.length - 1; i >= 0; i--) {
      const s = styleOf(pending[i]);
      if (s.backgroundImage && s.backgroundImage !== 'none') color = null;
      else {
        const c = parseColor(s.backgroundColor);
        if (c && c.a >= 0.99) color = c;
        else if (c && c.a > 0 && color) color = over(c, color);
      }
      backgrounds.set(pending[i], color);
    }
    return color;
  };

  return textMatchesBackground;
}

/** A hiding technique judged on its own: what it found, or null to ask the next one. */
type TechniqueCheck = (el: Element, chain: Chain) => Invisibility | null;

export function createVisibilityJudge(): VisibilityJudge {
  const reader = createStyleReader();
  const { styleOf, hasLayout, ownOf } = reader;
  const textMatchesBackground = createColorCheck(reader);
  const chains = new Map<Element, Chain>();
  const results = new Map<Element, Invisibility>();

  const chainOf = (el: Element): Chain => {
    const pending: Element[] = [];
    let cur: Element | null = el;
    let base: Chain | undefined;
    // Iterative, not recursive: hostile pages nest thousands of levels deep.
    while (cur) {
      const known = chains.get(cur);
      if (known) {
        base = known;
        break;
      }
      pending.push(cur);
      cur = parentOf(cur);
    }
    for (let i = pending.length - 1; i >= 0; i--) {
      const node = pending[i];
      if (base && (base.techniques.length || base.forChildren.length)) {
        // Nothing below a hidden element can be seen again, so its styles are not read: inside a display:none
        // branch every computed-style read resolves the whole ancestor chain anew (quadratic in depth).
        const inherited: Chain = base.forChildren.length
          ? { ...base, techniques: dedupe([...base.techniques, ...base.forChildren]), hider: base.forChildrenHider, forChildren: [], forChildrenHider: null }
          : base;
        chains.set(node, inherited);
        base = inherited;
        continue;
      }
      const own = ownOf(node);
      const techniques = [...(base?.techniques ?? []), ...(base?.forChildren ?? [])];
      let hider = base?.forChildren.length ? base.forChildrenHider : (base?.hider ?? null);
      if (own.hides) {
        techniques.push(own.hides);
        hider = node;
      }
      const opacity = (base?.opacity ?? 1) * own.opacity;
      if (opacity < MIN_OPACITY && (base?.opacity ?? 1) >= MIN_OPACITY) {
        techniques.push('opacity');
        hider = node;
      }
      const chain: Chain = {
        techniques: dedupe(techniques),
        hider: techniques.length ? hider : null,
        opacity,
        forChildren: own.hidesDescendants ? [own.hidesDescendants] : [],
        forChildrenHider: own.hidesDescendants ? node : null,
        clipper: own.clipsOverflow ? node : (base?.clipper ?? null),
        outOfFlow: own.outOfFlow ? node : (base?.outOfFlow ?? null),
        textIndentFar: own.textIndentFar || (base?.textIndentFar ?? false),
        negativeZ: own.negativeZ || (base?.negativeZ ?? false),
      };
      chains.set(node, chain);
      base = chain;
    }
    return base!;
  };

  // The techniques an element's own state can hide it by, in the order they are tried once its ancestor chain
  // hides nothing: each is a small function, the first that finds something decides.
  const byVisibility: TechniqueCheck = (el) => {
    const v = styleOf(el).visibility;
    return v === 'hidden' || v === 'collapse' ? { techniques: ['visibility-hidden'], hider: visibilityRoot(el) } : null;
  };
  const byFontSize: TechniqueCheck = (el) =>
    parseFloat(styleOf(el).fontSize) < 2 && !hasReplacedContent(el) ? { techniques: ['font-size'], hider: el } : null;
  const byGeometry: TechniqueCheck = (el, chain) => {
    if (!hasLayout(el.ownerDocument)) return null;
    const geometry = judgeGeometry(el, chain);
    return geometry.techniques.length ? geometry : null;
  };
  const byColor: TechniqueCheck = (el) => (textMatchesBackground(el) ? { techniques: ['color'], hider: el } : null);
  const byRendering: TechniqueCheck = (el) => {
    if (!hasLayout(el.ownerDocument)) return null;
    const check = (el as Element & { checkVisibility?(o?: object): boolean }).checkVisibility;
    return check && !check.call(el, { contentVisibilityAuto: true }) ? { techniques: ['not-rendered'], hider: el } : null;
  };
  const byFrame: TechniqueCheck = (el) => {
    const frame = el.ownerDocument.defaultView?.frameElement ?? null;
    if (!frame) return null;
    const outer = invisibility(frame);
    return outer.techniques.length ? { techniques: dedupe([...outer.techniques, 'hidden-frame']), hider: outer.hider } : null;
  };
  const TECHNIQUES: TechniqueCheck[] = [byVisibility, byFontSize, byGeometry, byColor, byRendering, byFrame];

  const judge = (el: Element): Invisibility => {
    const chain = chainOf(el);
    if (chain.techniques.length) return { techniques: dedupe([...chain.techniques]), hider: chain.hider };
    for (const check of TECHNIQUES) {
      const found = check(el, chain);
      if (found) return { techniques: dedupe(found.techniques), hider: found.hider };
    }
    return VISIBLE;
  };

  const visibilityRoot = (el: Element): Element => {
    let top = el;
    for (let p = parentOf(el); p && ['hidden', 'collapse'].includes(styleOf(p).visibility); p = parentOf(p)) top = p;
    return top;
  };

  const judgeGeometry = (el: Element, chain: Chain): Invisibility => {
    const doc = el.ownerDocument;
    const view = doc.defaultView!;
    // What a visitor sees is the content (text, images), plus the box itself only where it paints: a block
    // link with text-indent:-9999px keeps a clickable box on screen but shows nothing in it.
    const box = toRect(el.getBoundingClientRect());
    const content = contentRect(el);
    const seen = paintsBox(el) ? union(box, content) : (content ?? box);
    let r: Rect = ownOf(el).clipsOverflow ? intersect(seen, box) : seen;
    if (r.width < 1 || r.height < 1) {
      if (chain.textIndentFar && content && content.width >= 1) return offScreen(el, chain);
      return { techniques: ['zero-size'], hider: el };
    }

    for (let clipper = nearestClipperAbove(el), guard = 0; clipper && guard < 50; clipper = nearestClipperAbove(clipper), guard++) {
      if (escapes(el, chain, clipper)) continue;
      const c = toRect(clipper.getBoundingClientRect());
      if (c.width < 2 || c.height < 2) return { techniques: ['zero-size'], hider: clipper };
      r = intersect(r, c);
      if (r.width <= 0 || r.height <= 0) return { techniques: ['overflow-clip'], hider: clipper };
    }

    const sx = view.scrollX;
    const sy = view.scrollY;
    if (r.right + sx <= 0 || r.bottom + sy <= 0 || r.left + sx >= doc.documentElement.scrollWidth) return offScreen(el, chain);

    if (isCovered(el, r)) return { techniques: chain.negativeZ ? ['covered', 'negative-z-index'] : ['covered'], hider: el };
    return VISIBLE;
  };

  const offScreen = (el: Element, chain: Chain): Invisibility => ({
    techniques: chain.textIndentFar ? ['off-screen', 'text-indent'] : ['off-screen'],
    hider: chain.textIndentFar ? indentRoot(el) : (chain.outOfFlow ?? el),
  });

  const paintsBox = (el: Element): boolean => {
    if (el.matches(REPLACED)) return true;
    const s = styleOf(el);
    if (s.backgroundImage && s.backgroundImage !== 'none') return true;
    if ((parseColor(s.backgroundColor)?.a ?? 0) > 0) return true;
    if (['top', 'right', 'bottom', 'left'].some((side) => parseFloat(s.getPropertyValue(`border-${side}-width`)) > 0 && s.getPropertyValue(`border-${side}-style`) !== 'none')) return true;
    // Icon fonts draw in ::before/::after, which no range or child box reports.
    const view = el.ownerDocument.defaultView!;
    return [':before', ':after'].some((pseudo) => !['none', 'normal', ''].includes(view.getComputedStyle(el, pseudo).content));
  };

  const nearestClipperAbove = (el: Element): Element | null => {
    const parent = parentOf(el);
    return parent ? chainOf(parent).clipper : null;
  };

  // An absolutely positioned box is clipped only by overflow on its containing block or above; a fixed one
  // by none. Injected spam often sits in a zero-height overflow:hidden wrapper, legit popups escape one.
  const escapes = (el: Element, chain: Chain, clipper: Element): boolean => {
    const oof = chain.outOfFlow;
    if (!oof || oof === clipper || !clipper.contains(oof)) return false;
    if (ownOf(oof).outOfFlow === 'fixed') return true;
    const block = (oof as HTMLElement).offsetParent;
    return !(block && (block === clipper || clipper.contains(block)));
  };

  const indentRoot = (el: Element): Element => {
    for (let cur: Element | null = el; cur; cur = parentOf(cur)) {
      if (parseFloat(styleOf(cur).textIndent) <= FAR_INDENT_PX) return cur;
    }
    return el;
  };

  const isCovered = (el: Element, r: Rect): boolean => {
    const view = el.ownerDocument.defaultView!;
    const x0 = Math.max(r.left, 0);
    const x1 = Math.min(r.right, view.innerWidth);
    const y0 = Math.max(r.top, 0);
    const y1 = Math.min(r.bottom, view.innerHeight);
    // elementFromPoint only sees the viewport: below the fold nothing can be said (stated in docs/rules.md).
    if (x1 - x0 < 1 || y1 - y0 < 1) return false;
    if (styleOf(el).pointerEvents === 'none') return false;
    const root = el.getRootNode() as Document | ShadowRoot;
    const y = (y0 + y1) / 2;
    for (const x of [(x0 + x1) / 2, x0 + (x1 - x0) / 4, x0 + ((x1 - x0) * 3) / 4]) {
      const hit = root.elementFromPoint(x, y);
      if (!hit || hit === el || el.contains(hit) || !coversOpaquely(hit, el)) return false;
    }
    return true;
  };

  // A transparent block over a link does not hide it; a fixed header or dialog over it is the page's
  // normal chrome (it scrolls away or closes), not a hiding trick. An ancestor is hit instead of the link
  // only when the link is painted beneath it (negative z-index): then the ancestor's own background hides it.
  const coversOpaquely = (hit: Element, el: Element): boolean => {
    if (hit.contains(el)) return paintsOpaque(hit);
    let opaque = false;
    for (let cur: Element | null = hit; cur && !cur.contains(el); cur = parentOf(cur)) {
      const s = styleOf(cur);
      if (s.position === 'fixed' || s.position === 'sticky') return false;
      if (!opaque && paintsOpaque(cur)) opaque = true;
    }
    return opaque;
  };

  const paintsOpaque = (el: Element): boolean => {
    const s = styleOf(el);
    return el.matches(REPLACED) || s.backgroundImage !== 'none' || (parseColor(s.backgroundColor)?.a ?? 0) >= 0.5;
  };

  const invisibility = (el: Element): Invisibility => {
    let known = results.get(el);
    if (!known) {
      known = judge(el);
      results.set(el, known);
    }
    return known;
  };

  return {
    invisibility,
    isVisible: (el) => invisibility(el).techniques.length === 0,
  };
}

const judges = new WeakMap<object, VisibilityJudge>();

/** The judge shared by every rule of one scan (`scope` is the scan's context object). */
export function visibilityFor(scope: object): VisibilityJudge {
  let judge = judges.get(scope);
  if (!judge) {
    judge = createVisibilityJudge();
    judges.set(scope, judge);
  }
  return judge;
}

/** The element a visitor's eye goes up to: a slot for slotted content, a shadow host at a shadow root's top. */
function parentOf(el: Element): Element | null {
  return el.assignedSlot ?? el.parentElement ?? hostOf(el);
}

function hostOf(el: Element): Element | null {
  const parent = el.parentNode;
  return parent && parent.nodeType === 11 && (parent as ShadowRoot).host ? (parent as ShadowRoot).host : null;
}

function clips(overflow: string): boolean {
  return overflow === 'hidden' || overflow === 'clip';
}

function dedupe<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function clipIsEmpty(s: CSSStyleDeclaration, position: string): boolean {
  if ((position === 'absolute' || position === 'fixed') && s.clip && s.clip.startsWith('rect(')) {
    const [top, right, bottom, left] = (s.clip.match(/-?[\d.]+(?=px)|auto/g) ?? []).map((v) => (v === 'auto' ? NaN : parseFloat(v)));
    if ([top, right, bottom, left].every(Number.isFinite) && (right - left <= 1 || bottom - top <= 1)) return true;
  }
  const path = s.clipPath;
  if (!path || path === 'none') return false;
  const inset = /^inset\(([^)]*)\)/.exec(path);
  if (inset) {
    const v = inset[1].split(/\s+/).filter((p) => /%$/.test(p)).map(parseFloat);
    const [t, r = t, b = t, l = r] = v;
    if (v.length && (t + b >= 100 || l + r >= 100)) return true;
  }
  if (/^(circle|ellipse)\(\s*0(px|%)?[\s)]/.test(path)) return true;
  const poly = /^polygon\(([^)]*)\)/.exec(path);
  if (poly) {
    const points = poly[1].split(',').map((p) => p.trim().replace(/^(nonzero|evenodd)\s*/, ''));
    if (points.length > 0 && points.every((p) => p === points[0])) return true;
  }
  return false;
}

function scaleIsZero(transform: string): boolean {
  const m = /^matrix\(([^)]*)\)/.exec(transform ?? '');
  if (m) {
    const [a, b, c, d] = m[1].split(',').map(parseFloat);
    return Math.abs(a * d - b * c) < 1e-6;
  }
  return /^scale\(\s*0(\.0+)?\s*[,)]/.test(transform ?? '');
}

function marqueeHides(el: Element, layout: boolean): boolean {
  const amount = parseInt(el.getAttribute('scrollamount') ?? '', 10);
  if (amount >= 100) return true;
  if (!layout) return false;
  const r = el.getBoundingClientRect();
  return r.width <= 3 || r.height <= 3;
}

function hasReplacedContent(el: Element): boolean {
  return el.matches(REPLACED) || !!el.querySelector(REPLACED);
}

/** Elements that directly hold visible-looking text under `el` (at most `max`). */
function textHolders(el: Element, max: number): Element[] {
  const out = new Set<Element>();
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* SHOW_TEXT */);
  for (let node = walker.nextNode(); node && out.size < max; node = walker.nextNode()) {
    if (node.nodeValue?.trim() && node.parentElement) out.add(node.parentElement);
  }
  return [...out];
}

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

function toRect(r: DOMRectReadOnly): Rect {
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
}

function rect(left: number, top: number, right: number, bottom: number): Rect {
  return { left, top, right, bottom, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

function union(a: Rect, b: Rect | null): Rect {
  if (!b || b.width * b.height === 0) return a;
  if (a.width * a.height === 0) return b;
  return rect(Math.min(a.left, b.left), Math.min(a.top, b.top), Math.max(a.right, b.right), Math.max(a.bottom, b.bottom));
}

function intersect(a: Rect, b: Rect): Rect {
  return rect(Math.max(a.left, b.left), Math.max(a.top, b.top), Math.min(a.right, b.right), Math.min(a.bottom, b.bottom));
}

/** The box of what the element contains (text and children), which may overflow the element's own box. */
function contentRect(el: Element): Rect | null {
  if (!el.firstChild) return null;
  const range = el.ownerDocument.createRange();
  range.selectNodeContents(el);
  return toRect(range.getBoundingClientRect());
}

/** rgb()/rgba() as computed styles give them; null for anything else (then no colour judgement is made). */
export function parseColor(value: string | undefined): Rgba | null {
  if (!value) return null;
  if (value === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(value);
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
  return { r: +m[1], g: +m[2], b: +m[3], a: alpha };
}

function over(top: Rgba, below: Rgba): Rgba {
  const a = top.a;
  return { r: top.r * a + below.r * (1 - a), g: top.g * a + below.g * (1 - a), b: top.b * a + below.b * (1 - a), a: 1 };
}

function luminance(c: Rgba): number {
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

/** WCAG contrast ratio: 1 means the same colour, 21 black on white. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** A link or frame written in a comment or a <noscript>: markup the browser never shows to this visitor. */
export interface MarkupLink {
  technique: 'comment' | 'noscript';
  /** Where to report it: the comment's parent element, or the <noscript> element. */
  element: Element;
  /** The target as written (href/src), or a bare URL found in the text. */
  raw: string;
  /** Link text, or the text around a bare URL. */
  text: string;
  tag: 'a' | 'area' | 'iframe' | 'text';
  /** The comment or noscript text, shortened, as evidence. */
  excerpt: string;
}

const MARKUP_HINT = /href|src|https?:|www\./i;

/**
 * Elements parsed inside <noscript> (when scripting is off, or in a test DOM): linksInHiddenMarkup reports
 * them, so element-based scans skip them instead of counting them twice.
 */
export function elementsInNoscript(root: Document | ShadowRoot): Set<Element> {
  return root.querySelector('noscript *') ? new Set(root.querySelectorAll('noscript *')) : new Set();
}

/**
 * Links in comments and <noscript> under `root`. Neither is made of elements a visitor sees (with scripts
 * on, <noscript> holds raw text), so their text is parsed in an inert <template>: nothing loads or runs.
 */
export function linksInHiddenMarkup(root: Document | ShadowRoot): MarkupLink[] {
  const doc = root.ownerDocument ?? (root as Document);
  const out: MarkupLink[] = [];
  const walker = doc.createTreeWalker(root, 128 /* SHOW_COMMENT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue ?? '';
    if (!MARKUP_HINT.test(text)) continue;
    const element = node.parentElement ?? doc.documentElement;
    if (element) out.push(...parseMarkup(doc, text, 'comment', element));
  }
  for (const ns of root.querySelectorAll('noscript')) {
    const text = ns.childElementCount ? ns.innerHTML : (ns.textContent ?? '');
    if (MARKUP_HINT.test(text)) out.push(...parseMarkup(doc, text, 'noscript', ns));
  }
  return out;
}

function parseMarkup(doc: Document, markup: string, technique: MarkupLink['technique'], element: Element): MarkupLink[] {
  const template = doc.createElement('template');
  template.innerHTML = markup;
  const fragment = template.content;
  const excerpt = markup.replace(/\s+/g, ' ').trim().slice(0, 300);
  const out: MarkupLink[] = [];
  for (const el of fragment.querySelectorAll('a[href], area[href], iframe[src]')) {
    const tag = el.localName as 'a' | 'area' | 'iframe';
    const raw = el.getAttribute(tag === 'iframe' ? 'src' : 'href') ?? '';
    const text = (el.textContent || el.getAttribute('title') || el.getAttribute('alt') || '').replace(/\s+/g, ' ').trim();
    out.push({ technique, element, raw, text, tag, excerpt });
    el.remove();
  }
  const rest = (fragment.textContent ?? '').replace(/\s+/g, ' ');
  for (const raw of findUrlsInText(rest)) out.push({ technique, element, raw, text: rest.trim().slice(0, 200), tag: 'text', excerpt });
  return out;
}

const TEXT_URL = /(?:https?:\/\/|www\.)[^\s<>"'()（）【】「」，。；、！]+/gi;

/** Bare URLs in running text (`http://…`, `www.…`), as written. */
export function findUrlsInText(text: string): string[] {
  return [...new Set(text.match(TEXT_URL) ?? [])].map((u) => u.replace(/[.,;:!?]+$/, ''));
}
