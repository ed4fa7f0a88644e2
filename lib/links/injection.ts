import type { LinkPack } from '../rule-pack/pack';
import type { VisibilityJudge } from '../dom/visibility';
import type { RevealJudge } from '../dom/reveal';
import { isForeign, type PageLinks } from './signals';

/**
 * Injection judged as structure, not words (issue 12): spam is planted as blocks of links. A hidden block
 * of many off-site links that is no menu, or a visible block whose links all leave for one unrelated
 * family of hosts, is injected whatever its text says (porn titles, text the page's wrong charset garbled).
 */
export interface BlockJudges {
  visibility: VisibilityJudge;
  reveal: RevealJudge;
  page: PageLinks;
  pack: LinkPack;
}

/** Hidden off-site links from which a block is injected. */
export const MIN_HIDDEN_BLOCK = 5;
/** Visible links to one host family, on at least this many hosts of it, from which a block is a site group's spam. */
export const MIN_VISIBLE_BLOCK = 6;
const MIN_FAMILY_HOSTS = 3;

const NAV_ROLES = new Set(['navigation', 'menu', 'menubar', 'tablist', 'tabpanel', 'listbox', 'dialog', 'tree']);

function inNavigation(el: Element): boolean {
  for (let cur: Element | null = el, i = 0; cur && i < 8; cur = cur.parentElement, i++) {
    if (cur.localName === 'nav' || cur.localName === 'menu' || cur.localName === 'select') return true;
    const role = cur.getAttribute('role');
    if (role && NAV_ROLES.has(role)) return true;
  }
  return false;
}

const hiddenBlocks = new WeakMap<Element, { links: number } | null>();

/**
 * The injected block `hider` is, or null: at least MIN_HIDDEN_BLOCK links, every one of them off-site and
 * neither government nor trusted (a hidden list of the page's own or official links is a menu), and no
 * navigation role around it.
 */
export function injectedHiddenBlock(hider: Element, judges: BlockJudges): { links: number } | null {
  if (hiddenBlocks.has(hider)) return hiddenBlocks.get(hider)!;
  let result: { links: number } | null = null;
  if (hider !== hider.ownerDocument.body && hider !== hider.ownerDocument.documentElement && !inNavigation(hider)) {
    let foreign = 0;
    let other = 0;
    for (const a of hider.querySelectorAll('a[href]')) {
      const facts = judges.page.factsOf(a);
      if (facts && isForeign(facts.signals.hostClass)) foreign++;
      else if (facts || !/^(javascript:|#|$)/i.test((a.getAttribute('href') ?? '').trim())) other++;
      if (other) break;
    }
    if (!other && foreign >= MIN_HIDDEN_BLOCK) result = { links: foreign };
  }
  hiddenBlocks.set(hider, result);
  return result;
}

/** A vendor's credit or a share widget beside a hidden link (Produced By 大汉网络, 技术支持): the page's own. */
export function isCredit(el: Element, hider: Element, pack: LinkPack): boolean {
  const words = pack.creditWords;
  if (!words.length) return false;
  const block = (hider.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (block.length > 120) return false;
  const text = block.toLowerCase();
  return hider.contains(el) && words.some((w) => text.includes(w.toLowerCase()));
}

/** The registrable part of a host: news.example.com.cn → example.com.cn, a1.spam.com → spam.com. */
export function hostFamily(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const second = labels[labels.length - 2];
  const tld = labels[labels.length - 1];
  const take = tld.length === 2 && ['com', 'net', 'org', 'gov', 'edu', 'ac', 'co'].includes(second) ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** A visible link block planted by a site group, and its family; null for anything else. */
export interface VisibleBlock {
  family: string;
  links: number;
  hosts: number;
}

const visibleBlocks = new WeakMap<Element, VisibleBlock | null>();

/**
 * Whether `el` sits in a visible block (its nearest list or box of at least MIN_VISIBLE_BLOCK links) whose
 * links all leave for one foreign host family, spread over several of its hosts (a1., b2., c3. — how site
 * groups rotate): a 友情链接 block goes to many families, a page's own service platform to one host.
 */
export function injectedVisibleBlock(el: Element, judges: BlockJudges): VisibleBlock | null {
  let box: Element | null = el.parentElement;
  for (let i = 0; box && i < 4; box = box.parentElement, i++) {
    if (box.querySelectorAll('a[href]').length >= MIN_VISIBLE_BLOCK) break;
  }
  if (!box || box === el.ownerDocument.body || box === el.ownerDocument.documentElement) return null;
  if (visibleBlocks.has(box)) return visibleBlocks.get(box)!;
  let result: VisibleBlock | null = null;
  const families = new Set<string>();
  const hosts = new Set<string>();
  let links = 0;
  let mixed = false;
  for (const a of box.querySelectorAll('a[href]')) {
    const facts = judges.page.factsOf(a);
    if (!facts || facts.signals.hostClass !== 'other') {
      mixed = true;
      break;
    }
    families.add(hostFamily(facts.signals.host));
    hosts.add(facts.signals.host);
    links++;
    if (families.size > 1) break;
  }
  if (!mixed && families.size === 1 && links >= MIN_VISIBLE_BLOCK && hosts.size >= MIN_FAMILY_HOSTS) result = { family: [...families][0], links, hosts: hosts.size };
  visibleBlocks.set(box, result);
  return result;
}
