import type { Candidate, Rule } from './types';
import type { Severity } from '../findings';
import { elementsInNoscript, linksInHiddenMarkup, visibilityFor } from '../dom/visibility';
import { categoryLabels, describeSignals, isForeign, pageLinksFor, withContext, type LinkFacts } from '../links/signals';
import { revealFor } from '../dom/reveal';
import { injectedVisibleBlock, type BlockJudges, type VisibleBlock } from '../links/injection';
import { resolveUrl } from '../links/extract';
import { linkLabel } from '../dom/link-text';

/**
 * 非法链接: a link, visible or not, to a gambling, porn, fraud or phishing target. Judged on several signals
 * (the host against the pack's blocklist, weighted words in the URL and the link text, the top-level
 * domain), and only for targets off the site that are not government or trusted hosts: a headline about
 * 澳门 or a link to a 企业 page carries no weight, and a government news item on 打击赌博 is not spam.
 */
export const linkIllegal: Rule = {
  id: 'link-illegal',
  *run(ctx) {
    const page = pageLinksFor(ctx, ctx.pack.links, { host: ctx.pageUrl.hostname, sites: ctx.pack.sites });
    const links = page.judge;
    const visibility = visibilityFor(ctx);
    const judges: BlockJudges = { visibility, reveal: revealFor(ctx), page, pack: ctx.pack.links };
    const pack = ctx.pack.links;
    // Below the threshold but with real words in it: a person should look.
    const reviewFrom = Math.ceil(links.threshold / 2);
    for (const { root } of ctx.roots) {
      const base = (root.ownerDocument ?? (root as Document)).baseURI;
      const inNoscript = elementsInNoscript(root);
      // Facts first: nothing more is built for the thousands of links that are no finding.
      for (const el of root.querySelectorAll('a[href], area[href], iframe[src], frame[src]')) {
        const bare = inNoscript.has(el) ? null : page.factsOf(el);
        if (!bare || !isForeign(bare.signals.hostClass)) {
          yield bare && severityOf(bare) ? illegal(el, bare, severityOf(bare)!, linkLabel(el), false) : null;
          continue;
        }
        // Off-site: the text around the link and being hidden are evidence too, and a visible block of links
        // to one site group is injected whatever it says.
        const hidden = !visibility.isVisible(el);
        const facts: LinkFacts = { ...bare, signals: withContext(bare.signals, links, blockTextOf(el), hidden ? pack.hiddenWeight ?? 0 : 0, pack.blockTextShare ?? 1) };
        const block = !hidden && !bare.signals.blockedBy && facts.signals.score < links.threshold ? injectedVisibleBlock(el, judges) : null;
        const severity = block ? 'veto' : severityOf(facts);
        yield severity ? illegal(el, facts, severity, linkLabel(el), false, block) : null;
      }
      // <noscript> links reach visitors without scripts and search engines; comments reach no one.
      for (const m of linksInHiddenMarkup(root)) {
        if (m.technique !== 'noscript' || m.tag === 'text') continue;
        const url = resolveUrl(m.raw, base);
        const target = url ? new URL(url) : null;
        const facts = target ? { target, signals: links.signals(target, m.text) } : null;
        const severity = facts && severityOf(facts);
        yield severity ? illegal(m.element, facts, severity, m.text, true) : null;
      }
    }

    function severityOf({ signals }: LinkFacts): Severity | null {
      if (signals.blockedBy || (isForeign(signals.hostClass) && signals.score >= links.threshold)) return 'veto';
      // Host tokens alone (bet in alphabet.com) never ask for a person's time: a word in the text or address must be there.
      if (isForeign(signals.hostClass) && signals.words.some((w) => w.where !== 'host') && signals.score >= reviewFrom) return 'review';
      return null;
    }

    function illegal(element: Element, facts: LinkFacts, severity: Severity, label: string, noscript: boolean, block: VisibleBlock | null = null): Candidate {
      const url = facts.target.href;
      const { signals } = facts;
      const categories = categoryLabels(signals);
      const list = describeSignals(signals);
      const nature = categories.length ? `${categories.join('、')}类` : block ? '站群植入' : '可疑';
      const reason = signals.blockedBy
        ? `该网站在规则包的非法网址名单中（${signals.blockedBy}）`
        : block
          ? `它所在的区块有 ${block.links} 个链接，全部指向同一站群 ${block.family} 的 ${block.hosts} 个不同主机，是被植入的链接区块`
          : `特征：${[...list, ...(signals.hidden ? ['隐藏'] : [])].join('、')}，得分 ${signals.score}（阈值 ${links.threshold}）`;
      return {
        element,
        severity,
        label: label || signals.host,
        href: url,
        subject: noscript ? `noscript:${url}` : undefined,
        detail: {
          host: signals.host,
          hostClass: signals.hostClass,
          score: signals.score,
          threshold: links.threshold,
          signals: list,
          categories,
          ...(signals.blockedBy ? { blockedBy: signals.blockedBy } : {}),
          ...(noscript ? { where: 'noscript' } : {}),
          ...(signals.hidden ? { hidden: true } : {}),
          ...(block ? { injectedBlock: block.family } : {}),
        },
        message:
          severity === 'veto'
            ? `非法链接：链接指向${nature}网站 ${signals.host}，${reason}。政府网站链接赌博、色情、诈骗等内容属严重安全问题（单项否决），须立即删除。`
            : `疑似非法链接：链接指向站外网站 ${signals.host}，带有${nature}特征（${list.join('、')}，得分 ${signals.score}，未达阈值 ${links.threshold}），请人工核实。`,
      };
    }
  },
};

const BLOCK_TAGS = 'p, li, td, dd, dt, h1, h2, h3, h4, h5, h6, div';
/** Longest text block read around a link: a whole page's wrapper says nothing about one link. */
const MAX_BLOCK_TEXT = 300;

/** The text of the block a link sits in (its paragraph, list item or cell), when it is short enough to be about it. */
function blockTextOf(el: Element): string {
  const block = el.parentElement?.closest(BLOCK_TAGS);
  if (!block) return '';
  const text = (block.textContent ?? '').replace(/\s+/g, ' ').trim();
  return text.length <= MAX_BLOCK_TEXT ? text : '';
}
