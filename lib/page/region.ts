import type { FindingDetail } from '../findings';
import type { VisibilityJudge } from '../dom/visibility';

/**
 * Where on the page an element sits, in words an inspector recognises: the landmark it is in (page header,
 * navigation, footer…) and the nearest column heading above it ("友情链接", "通知公告"). Three links called
 * "网站首页" are then told apart as 导航 / 页脚 · 友情链接 / 通知公告 instead of by their selectors.
 */
export type Landmark = 'header' | 'nav' | 'main' | 'aside' | 'footer' | 'search';

const LANDMARK_TAGS: Record<string, Landmark> = { header: 'header', nav: 'nav', main: 'main', aside: 'aside', footer: 'footer', search: 'search' };
const LANDMARK_ROLES: Record<string, Landmark> = { banner: 'header', navigation: 'nav', main: 'main', complementary: 'aside', contentinfo: 'footer', search: 'search' };
// Not h1: that is the site's name or the article's title, the heading of the page rather than of a region.
const HEADING = 'h2,h3,h4,h5,h6,[role=heading]';
// Chinese government templates rarely use h1–h6: a column's title is a div/span with a class such as
// "title", "tit", "lm-title", "bt" (标题) or "hd".
const TITLE_CLASS = /(^|[-_\s])(title|tit|hd|bt|lmmc|column-name)([-_\s\d]|$)/i;
const MAX_DEPTH = 15;
const MAX_SIBLINGS = 3;
const MAX_TEXT = 40;

export interface Region {
  landmark?: Landmark;
  heading?: string;
}

function parentOf(el: Element): Element | null {
  const p = el.parentNode;
  if (p instanceof Element) return p;
  return p && p.nodeType === 11 ? ((p as ShadowRoot).host ?? null) : null;
}

function landmarkOf(el: Element): Landmark | undefined {
  const role = el.getAttribute('role');
  if (role && LANDMARK_ROLES[role]) return LANDMARK_ROLES[role];
  return LANDMARK_TAGS[el.localName];
}

function textOf(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function headingText(el: Element): string | undefined {
  const heading = el.matches(HEADING) || TITLE_CLASS.test(el.getAttribute('class') ?? '') ? el : el.querySelector(HEADING);
  if (!heading) return undefined;
  // A tab strip ("通知公告 政策文件 政策解读") is several titles, not the heading of one column.
  if (heading.querySelectorAll('a, li').length > 1) return undefined;
  // "通知公告 更多": the title without its "more" link, when it has text of its own.
  let text = textOf(heading);
  const link = heading.querySelector('a');
  if (link && heading !== link) {
    const own = text.replace(textOf(link), '').trim();
    if (own) text = own;
  }
  return text && text.length <= MAX_TEXT ? text : undefined;
}

/** The landmark and nearest preceding heading of `el` within that landmark, walking up at most 15 ancestors. */
export function regionOf(el: Element): Region {
  const region: Region = {};
  let child: Element = el;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const parent = parentOf(child);
    if (!parent || parent.localName === 'body' || parent.localName === 'html') break;
    if (!region.heading) {
      let sibling = child.previousElementSibling;
      for (let i = 0; sibling && i < MAX_SIBLINGS; i++, sibling = sibling.previousElementSibling) {
        const text = headingText(sibling);
        if (text) {
          region.heading = text;
          break;
        }
      }
    }
    if (!region.landmark) region.landmark = landmarkOf(parent);
    // A heading outside the element's landmark (the page header's title above its navigation) names
    // something else.
    if (region.landmark) break;
    child = parent;
  }
  return region;
}

/**
 * The facts of where a finding's element is, added to its detail at scan time: `invisible` when a visitor
 * cannot see the element (hidden menus, collapsed tabs), `landmark` and `region` (the nearest heading).
 * Only what is known is written, so findings on visible elements outside any landmark keep their detail.
 */
export function placeDetail(el: Element, judge: VisibilityJudge): FindingDetail {
  const out: FindingDetail = {};
  if (!judge.isVisible(el)) out.invisible = true;
  const { landmark, heading } = regionOf(el);
  if (landmark) out.landmark = landmark;
  if (heading) out.region = heading;
  return out;
}
