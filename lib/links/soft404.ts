/**
 * Soft-404 detection: a page that answers 200 but says the content is gone (页面不存在). Judged on the
 * title and the first KB of visible text only, never on "404" anywhere in a long page: articles about
 * fixing 页面不存在 errors and notices numbered 404 are real pages.
 */

/** Phrases that say "not found" in a title segment. */
const TITLE_NOT_FOUND = new RegExp(
  [
    '(?:您|你)?(?:所|要)?(?:访问|请求|查找|浏览|打开)的(?:页面|网页|内容|信息|文章|资源|文件|链接)(?:不存在|已被?删除|已过期|已失效|找不到|无法找到|未找到)',
    '(?<!\\d)404(?!\\d)',
    'not\\s*found',
    'page\\s*(?:cannot|could\\s*not)\\s*be\\s*found',
    '(?:页面|网页|文章|信息|内容|文件|栏目|稿件)(?:已被?删除|不存在|已过期|已失效|已下线|未找到|找不到了?|无法找到)',
    '找不到(?:该|此|您要的|你要的|您所|所)?(?:访问的)?(?:页面|网页|文件|内容|信息)',
    '无法找到(?:该|此)?(?:页面|网页)',
  ].join('|'),
  'gi',
);

/** Words that may stand beside the phrase in an error title without making it a real page's title. */
const FILLER = /抱歉|对不起|sorry|错误|error|提示|您好|哎呀|啊哦|oops|温馨|页面|http|the|requested|page|[\s\p{P}\p{S}\d]/giu;

/** Phrases that, early in the body of a short page, say the page is gone. A bare "404" is not enough. */
const BODY_NOT_FOUND = new RegExp(
  [
    '(?:访问|请求|查找|浏览|打开)的(?:页面|网页|内容|信息|文章|资源|文件|链接)(?:不存在|已被?删除|已过期|已失效|找不到|无法找到|未找到)',
    '(?:页面|网页)(?:不存在|未找到|找不到了?|无法找到|已被?删除)',
    '(?:文章|信息|内容|稿件)(?:已被?删除|不存在)',
    '(?<!\\d)404\\s*(?:not\\s*found|错误|页面|error)',
    '(?:error|错误)\\s*(?:代码)?[:：]?\\s*404(?!\\d)',
    'page\\s*(?:not\\s*found|cannot\\s*be\\s*found|could\\s*not\\s*be\\s*found|does\\s*not\\s*exist)',
  ].join('|'),
  'i',
);

/** How much visible text is looked at, and how long a page may be and still be an error page. */
const FIRST_TEXT = 1024;
const ERROR_PAGE_MAX_TEXT = 4000;

export interface Soft404Verdict {
  soft404: boolean;
  /** The title or text excerpt that decided it. */
  evidence?: string;
}

export function judgeSoft404(html: string): Soft404Verdict {
  const title = decodeEntities(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '').replace(/\s+/g, ' ').trim();
  for (const segment of title.split(/\s+[-–—|·»>]+\s+|[_|｜–—·»]+|-{2,}/)) {
    if (titleSaysNotFound(segment)) return { soft404: true, evidence: title.slice(0, 200) };
  }
  const text = visibleText(html);
  const head = text.slice(0, FIRST_TEXT);
  const match = BODY_NOT_FOUND.exec(head);
  if (match && text.length <= ERROR_PAGE_MAX_TEXT) {
    const from = Math.max(0, match.index - 40);
    return { soft404: true, evidence: head.slice(from, match.index + match[0].length + 40).trim() };
  }
  return { soft404: false };
}

function titleSaysNotFound(segment: string): boolean {
  TITLE_NOT_FOUND.lastIndex = 0;
  if (!TITLE_NOT_FOUND.test(segment)) return false;
  const rest = segment.replace(TITLE_NOT_FOUND, '').replace(FILLER, '');
  return rest.length <= 3;
}

function visibleText(html: string): string {
  const bodyStart = html.search(/<body[\s>]/i);
  const body = bodyStart >= 0 ? html.slice(bodyStart) : html;
  return decodeEntities(
    body
      .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
      .replace(/<(script|style|noscript|template|svg)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ')
      .replace(/<[^>]*>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

/**
 * Text of the first bytes of an HTML response. Chinese government pages are often GBK or UTF-16, and
 * servers often send no charset: the header wins, then a BOM, then `<meta charset>`, then UTF-8.
 */
export function decodeHtml(bytes: Uint8Array, contentType: string | null): string {
  const label = charsetOf(contentType ?? '') ?? bomCharset(bytes) ?? metaCharset(bytes) ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function charsetOf(contentType: string): string | undefined {
  return /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1];
}

function bomCharset(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return undefined;
}

function metaCharset(b: Uint8Array): string | undefined {
  let ascii = '';
  for (let i = 0; i < Math.min(b.length, 2048); i++) ascii += String.fromCharCode(b[i]! < 128 ? b[i]! : 32);
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(ascii)?.[1];
}
