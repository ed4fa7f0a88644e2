import type { LinkPack, RegisteredSite, SpamWord } from '../rule-pack/pack';
import { linkText } from '../dom/link-text';
import { resolvePlain } from './extract';
import { normalizeHost, withoutWww } from '../sites/match';

/**
 * Where a link points, as an inspector sees it:
 * - same-site: the page's own site (its host, a subdomain of it, or another domain of the same registered site)
 * - government: a government or party organ (pack.links.governmentSuffixes)
 * - trusted: an off-site host the team lists as fine (filing registries, central media)
 * - blocked: a known gambling, porn, fraud or phishing host (pack.links.blockedHosts)
 * - other: anything else off-site
 */
export type HostClass = 'same-site' | 'government' | 'trusted' | 'blocked' | 'other';

export interface WordHit {
  word: string;
  category: SpamWord['category'];
  weight: number;
  /** url: the address; text: the link's own text; host: a token inside the host name; block: the text around the link. */
  where: 'url' | 'text' | 'host' | 'block';
}

export interface LinkSignals {
  host: string;
  hostClass: HostClass;
  /** The blocklist entry the host matched. */
  blockedBy?: string;
  words: WordHit[];
  /** The suspicious top-level domain, when the host has one. */
  tld?: string;
  /** A word that marks the text as reporting on spam (打击赌博…): the text's words did not count. */
  newsContext?: string;
  /** Sum of the weights; a blocked host scores the threshold at least. */
  score: number;
  /** Hidden from visitors (counted in the score by withContext). */
  hidden?: boolean;
}

/** The parts of a URL the judge reads: a `URL`, or a link target split from the browser's resolved href. */
export interface LinkTarget {
  /** Without the fragment. */
  href: string;
  hostname: string;
  pathname: string;
  search: string;
}

export interface LinkJudge {
  classifyHost(host: string): HostClass;
  signals(url: LinkTarget, text: string): LinkSignals;
  /** The pack's threshold: a score at or above it is spam. */
  readonly threshold: number;
}

export interface PageSite {
  /** The page's host (URL.hostname). */
  host: string;
  /** The registered sites (pack.sites): every domain of the page's site counts as the same site. */
  sites?: readonly RegisteredSite[];
}

const CATEGORY_LABELS: Record<SpamWord['category'], string> = {
  gambling: '赌博',
  porn: '色情',
  fraud: '诈骗',
  illicit: '违法',
};

/** Chinese names of the categories the words point at, for messages: 赌博、色情. */
export function categoryLabels(signals: LinkSignals): string[] {
  return [...new Set(signals.words.map((w) => CATEGORY_LABELS[w.category]))];
}

/** A short, human list of the signals, for finding details: `blocked:x.com`, `word:百家乐`, `tld:.tk`. */
export function describeSignals(signals: LinkSignals): string[] {
  return [
    ...(signals.blockedBy ? [`blocked:${signals.blockedBy}`] : []),
    ...signals.words.map((w) => (w.where === 'host' ? `host:${w.word}` : w.where === 'block' ? `block:${w.word}` : `word:${w.word}`)),
    ...(signals.tld ? [`tld:.${signals.tld}`] : []),
  ];
}


/** The entry of `suffixes` that `host` equals or is a subdomain of; checks each parent domain. */
function matchSuffix(host: string, suffixes: ReadonlySet<string>): string | undefined {
  let rest = host;
  while (rest) {
    if (suffixes.has(rest)) return rest;
    const dot = rest.indexOf('.');
    if (dot < 0) return undefined;
    rest = rest.slice(dot + 1);
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map(escapeRegExp).join('.*')}$`);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

interface Compiled {
  government: Set<string>;
  trusted: Set<string>;
  blocked: Set<string>;
  blockedGlobs: Array<{ entry: string; re: RegExp }>;
  words: Map<string, SpamWord>;
  wordRe: RegExp | null;
  contextRe: RegExp | null;
  tlds: Set<string>;
  tldWeight: number;
  threshold: number;
  /** Long host tokens (anywhere in a label) and short ones (whole pieces only). */
  hostTokens: Array<{ token: string; category: SpamWord['category']; weight: number; whole: boolean }>;
}

const compiledPacks = new WeakMap<LinkPack, Compiled>();

// Packs are data a team edits by hand and may extend with big third-party lists: entries are normalised
// here (case, spaces, `*.`), and a list of 15,000 hosts is turned into sets once per pack, not per link.
function compile(pack: LinkPack): Compiled {
  const cached = compiledPacks.get(pack);
  if (cached) return cached;
  const hostSet = (entries: readonly string[]) => new Set(entries.map(normalizeHost).filter(Boolean));
  const blocked = new Set<string>();
  const blockedGlobs: Compiled['blockedGlobs'] = [];
  for (const raw of pack.blockedHosts) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry.includes('*')) blockedGlobs.push({ entry, re: globToRegExp(entry) });
    else {
      const host = normalizeHost(entry);
      if (host) blocked.add(host);
    }
  }
  const words = new Map<string, SpamWord>();
  for (const w of pack.spamWords) {
    const key = w.word.trim().toLowerCase();
    if (key && w.weight > 0) words.set(key, { ...w, word: key });
  }
  // Longest first: the alternation then takes 澳门博彩 as one word instead of also counting 博彩 inside it.
  const alternation = (list: Iterable<string>) =>
    [...list].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const contextWords = pack.newsContextWords.map((w) => w.trim().toLowerCase()).filter(Boolean);
  const compiled: Compiled = {
    government: hostSet(pack.governmentSuffixes),
    trusted: hostSet(pack.trustedHosts),
    blocked,
    blockedGlobs,
    words,
    wordRe: words.size ? new RegExp(alternation(words.keys()), 'g') : null,
    contextRe: contextWords.length ? new RegExp(alternation(contextWords)) : null,
    tlds: new Set(pack.suspiciousTlds.map((t) => t.trim().toLowerCase().replace(/^\*?\./, '')).filter(Boolean)),
    tldWeight: pack.suspiciousTldWeight,
    threshold: pack.illegalThreshold,
    hostTokens: (pack.hostTokens ?? [])
      .map((t) => ({ ...t, token: t.token.trim().toLowerCase() }))
      .filter((t) => t.token && t.weight > 0)
      .map((t) => ({ ...t, whole: t.token.length < 3 })),
  };
  compiledPacks.set(pack, compiled);
  return compiled;
}

/** Domains that are the page's own site: its host (without www.), or every domain of its registered site. */
function ownDomains(page: PageSite): string[] {
  const host = withoutWww(normalizeHost(page.host));
  const own = host ? [host] : [];
  for (const site of page.sites ?? []) {
    const domains = site.domains.map((d) => withoutWww(normalizeHost(d))).filter(Boolean);
    if (domains.some((d) => host === d || host.endsWith(`.${d}`))) own.push(...domains);
  }
  return own;
}

/** Judges link targets against the pack for one page. */
export function createLinkJudge(pack: LinkPack, page: PageSite): LinkJudge {
  const c = compile(pack);
  const own = new Set(ownDomains(page));

  const blockedEntry = (host: string): string | undefined =>
    matchSuffix(host, c.blocked) ?? c.blockedGlobs.find((g) => g.re.test(host))?.entry;

  // A page's links point at a few dozen hosts: each is classified once.
  const classes = new Map<string, HostClass>();
  const classifyHost = (rawHost: string): HostClass => {
    let known = classes.get(rawHost);
    if (!known) {
      known = classifyOnce(rawHost);
      classes.set(rawHost, known);
    }
    return known;
  };
  const classifyOnce = (rawHost: string): HostClass => {
    const host = normalizeHost(rawHost);
    if (!host) return 'other';
    if (matchSuffix(withoutWww(host), own)) return 'same-site';
    // A government or trusted host is never called spam, even when a third-party blocklist names it
    // (such lists carry gov.cn hosts that were once hacked): that would flag the national network itself.
    if (matchSuffix(host, c.government)) return 'government';
    if (matchSuffix(host, c.trusted)) return 'trusted';
    if (blockedEntry(host)) return 'blocked';
    return 'other';
  };

  const findWords = (text: string, where: WordHit['where'], into: Map<string, WordHit>) => {
    if (!c.wordRe || !text) return;
    for (const m of text.toLowerCase().matchAll(c.wordRe)) {
      const w = c.words.get(m[0]);
      if (w && !into.has(w.word)) into.set(w.word, { word: w.word, category: w.category, weight: w.weight, where });
    }
  };

  // Tokens in the labels below the top-level domain: www.hg-bet.net → hg, bet; js8888 → js, 8888.
  const findHostTokens = (host: string, into: Map<string, WordHit>) => {
    if (!c.hostTokens.length) return;
    const labels = host.split('.').slice(0, -1).filter((l) => l !== 'www');
    const pieces = new Set(labels.flatMap((l) => l.split(/[-_]|(?<=\d)(?=\D)|(?<=\D)(?=\d)/)).filter(Boolean));
    for (const t of c.hostTokens) {
      const key = `host:${t.token}`;
      if (into.has(key)) continue;
      // A token inside a word the address already scored (baijiale, porn) is that word again, not a second signal.
      if ([...into.values()].some((w) => w.where === 'url' && (w.word.includes(t.token) || t.token.includes(w.word)))) continue;
      const found = t.whole ? pieces.has(t.token) : labels.some((l) => l.includes(t.token));
      if (found) into.set(key, { word: t.token, category: t.category, weight: t.weight, where: 'host' });
    }
  };

  return {
    threshold: c.threshold,
    classifyHost,
    signals(url, text) {
      const host = normalizeHost(url.hostname);
      const hostClass = classifyHost(host);
      const hits = new Map<string, WordHit>();
      const address = `${url.hostname}${url.pathname}${url.search}`;
      findWords(address.includes('%') ? safeDecode(address) : address, 'url', hits);
      const folded = text.replace(/\s+/g, ' ').trim();
      const context = c.contextRe ? folded.toLowerCase().match(c.contextRe)?.[0] : undefined;
      if (!context) findWords(folded, 'text', hits);
      if (isForeign(hostClass)) findHostTokens(host, hits);
      const words = [...hits.values()];
      const tldLabel = host.slice(host.lastIndexOf('.') + 1);
      const tld = host.includes('.') && c.tlds.has(tldLabel) ? tldLabel : undefined;
      const blockedBy = hostClass === 'blocked' ? blockedEntry(host) : undefined;
      let score = words.reduce((sum, w) => sum + w.weight, 0) + (tld ? c.tldWeight : 0);
      if (blockedBy) score = Math.max(score, c.threshold);
      return { host, hostClass, ...(blockedBy ? { blockedBy } : {}), words, ...(tld ? { tld } : {}), ...(context ? { newsContext: context } : {}), score };
    },
  };
}

/**
 * The signals of a link with more evidence than its address and text (非法链接): spam words in the text
 * block around it (at `share` of their weight, unless the block reports on spam), and being hidden.
 */
export function withContext(signals: LinkSignals, judge: LinkJudge, blockText: string, hiddenWeight: number, share = 1): LinkSignals {
  const extra: WordHit[] = [];
  if (blockText) {
    const around = judge.signals({ href: '', hostname: 'block.invalid', pathname: '', search: '' }, blockText);
    if (!around.newsContext) {
      const known = new Set(signals.words.map((w) => w.word));
      for (const w of around.words) if (w.where === 'text' && !known.has(w.word)) extra.push({ ...w, weight: Math.round(w.weight * share * 10) / 10, where: 'block' });
    }
  }
  const hidden = hiddenWeight > 0 ? [{ word: 'hidden', category: 'illicit' as const, weight: hiddenWeight, where: 'block' as const }] : [];
  if (!extra.length && !hidden.length) return signals;
  const words = [...signals.words, ...extra];
  const score = signals.score + extra.reduce((n, w) => n + w.weight, 0) + hidden.reduce((n, w) => n + w.weight, 0);
  return { ...signals, words, score, ...(hidden.length ? { hidden: true } : {}) };
}

/** Off the page's site and not a government or trusted host: the kind of target spam points at. */
export function isForeign(hostClass: HostClass): boolean {
  return hostClass === 'other' || hostClass === 'blocked';
}

/**
 * Where an `<a>`, `<area>` or frame points, as the browser resolved it (against `<base>` too), without its
 * fragment; null for anything but http(s). Malformed values the browser turns into a same-site path stay
 * same-site here: they are link-dead's business, not spam.
 */
export function linkTarget(el: Element): LinkTarget | null {
  const frame = el.localName === 'iframe' || el.localName === 'frame';
  // A plain href (a path or an http(s) address nothing in it rewrites) joined to the base is what the browser
  // resolves it to: no URL parse in the href getter.
  const plain = frame ? undefined : resolvePlain(el.getAttribute('href') ?? '', el.ownerDocument.baseURI);
  const value: unknown = plain ?? (frame ? (el as HTMLIFrameElement).src : (el as HTMLAnchorElement).href);
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return null;
  return splitHref(value) ?? parseTarget(value);
}

// scheme://[user@]host[:port]path[?query][#fragment], as the browser serialises a valid http(s) URL.
const CANONICAL_HREF = /^https?:\/\/(?:[^\s\\/?#@]*@)?([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d*)?(\/[^\s\\?#]*)?(\?[^\s\\#]*)?(?:#.*)?$/;

/**
 * The parts of an href the browser already resolved and serialised, read off the string: ten thousand
 * `new URL()`s cost tens of milliseconds. Anything not in the canonical form gets undefined (and a real parse).
 */
export function splitHref(href: string): LinkTarget | undefined {
  const m = CANONICAL_HREF.exec(href);
  if (!m || !m[2]) return undefined;
  const hash = href.indexOf('#');
  const search = m[3] && m[3].length > 1 ? m[3] : '';
  return { href: hash < 0 ? href : href.slice(0, hash), hostname: m[1], pathname: m[2], search };
}

function parseTarget(value: string): LinkTarget | null {
  try {
    const url = new URL(value);
    if (!url.hostname) return null;
    url.hash = '';
    return url;
  } catch {
    return null;
  }
}

export interface LinkFacts {
  target: LinkTarget;
  signals: LinkSignals;
}

export interface PageLinks {
  judge: LinkJudge;
  /** Target and signals of an `<a>`, `<area>` or frame; null when it does not point to an http(s) URL. */
  factsOf(el: Element): LinkFacts | null;
}

const pageLinks = new WeakMap<object, PageLinks>();

/**
 * The link judge and per-element facts shared by the rules of one scan (`scope` is the scan's context
 * object): link-hidden and link-illegal look at the same 20,000 links of a big page once, not twice.
 */
export function pageLinksFor(scope: object, pack: LinkPack, page: PageSite): PageLinks {
  let known = pageLinks.get(scope);
  if (!known) {
    const judge = createLinkJudge(pack, page);
    const facts = new Map<Element, LinkFacts | null>();
    known = {
      judge,
      factsOf(el) {
        let f = facts.get(el);
        if (f === undefined) {
          const target = linkTarget(el);
          f = target ? { target, signals: judge.signals(target, linkText(el)) } : null;
          facts.set(el, f);
        }
        return f;
      },
    };
    pageLinks.set(scope, known);
  }
  return known;
}
