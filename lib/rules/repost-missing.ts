import type { RepostTask } from '../rule-pack/pack';
import type { Rule } from './types';
import type { ScanContext } from '../page/context';
import { compact, textWithout } from '../facts/columns';
import { selectorFor } from '../dom/selector';
import { withoutWww } from '../sites/match';

export interface RepostCheck {
  task: RepostTask;
  found: boolean;
  /** How it was found: a link to the task's URL, or its title on the page. */
  how?: 'url' | 'title';
  /** Selector of the element carrying it (with the frame/shadow path, joined by ` >>> `). */
  where?: string;
}

// Links are compared without scheme, `www.`, fragment and trailing slash: sites repost http://, https:// and mobile copies.
export function repostUrlKey(raw: string, base?: string): string | null {
  try {
    const u = new URL(raw, base);
    if (!/^https?:$/.test(u.protocol)) return null;
    return `${withoutWww(u.hostname)}${u.pathname.replace(/\/+$/, '').replace(/\/index\.s?html?$/i, '')}${u.search}`.toLowerCase();
  } catch {
    return null;
  }
}

/** Home pages are where inspectors expect the quarter's key items: `/`, `/index.html`, `/default.aspx` …. */
export function isHomePage(url: URL): boolean {
  return /^\/(?:(?:index|default|home|main)\.(?:s?html?|jsp|php|aspx?))?$/i.test(url.pathname);
}

function where(el: Element, ctx: ScanContext): string {
  const entry = ctx.roots.find((r) => r.root === el.getRootNode());
  return [...(entry?.path ?? []), selectorFor(el)].join(' >>> ');
}

/**
 * The quarter's key items (重点推荐信息) and whether this page carries each: a link to the item's URL, or its
 * title in a link, a link's `title`, or the page text — compared without white space and punctuation.
 * A link whose text was cut short ("关于开展…") matches when the title starts with it.
 */
export function repostChecklist(ctx: ScanContext): RepostCheck[] {
  const tasks = ctx.pack.reposts;
  if (!tasks.length) return [];
  const links: { el: Element; key: string | null; text: string; cut: boolean }[] = [];
  const texts: { el: Element; text: string }[] = [];
  for (const { root } of ctx.roots) {
    for (const a of root.querySelectorAll('a')) {
      const href = a.getAttribute('href');
      const label = `${textWithout(a)} ${a.getAttribute('title') ?? ''}`;
      links.push({ el: a, key: href ? repostUrlKey(href, ctx.pageUrl.href) : null, text: compact(label), cut: /(?:…|\.\.\.)\s*$/.test(textWithout(a)) });
    }
    const body = root.nodeType === 9 ? (root as Document).body : root;
    if (body) texts.push({ el: body as Element, text: compact(textWithout(body as Element)) });
  }
  return tasks.map((task) => {
    const key = task.url ? repostUrlKey(task.url) : null;
    const byUrl = key ? links.find((l) => l.key === key) : undefined;
    if (byUrl) return { task, found: true, how: 'url', where: where(byUrl.el, ctx) };
    const title = compact(task.title);
    const byLink = links.find((l) => l.text.includes(title) || (l.cut && l.text.length >= 8 && title.startsWith(l.text)));
    if (byLink) return { task, found: true, how: 'title', where: where(byLink.el, ctx) };
    const inText = texts.find((t) => t.text.includes(title));
    if (inText) return { task, found: true, how: 'title', where: where(inText.el, ctx) };
    return { task, found: false };
  });
}

/**
 * 重点推荐信息转发: on a site's home page, each of the quarter's key items the page does not carry. Other
 * pages are not judged (the items belong on the home page), but the popup shows the checklist everywhere.
 */
export const repostMissing: Rule = {
  id: 'repost-missing',
  *run(ctx) {
    if (!isHomePage(ctx.pageUrl)) return;
    const checks = repostChecklist(ctx);
    const found = checks.filter((c) => c.found).length;
    for (const check of checks) {
      if (check.found) {
        yield null;
        continue;
      }
      yield {
        severity: 'deduct',
        label: check.task.title,
        ...(check.task.url ? { href: check.task.url } : {}),
        detail: { status: 'missing', url: check.task.url ?? null, since: check.task.since ?? null, found, total: checks.length },
        message: `首页未转发本季度重点推荐信息“${check.task.title}”（按标题和链接均未找到；本页已转发 ${found}/${checks.length} 项）`,
      };
    }
  },
};
