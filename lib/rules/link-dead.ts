import type { FindingDetail } from '../findings';
import type { LinkKind, ProbeResult } from '../links/types';
import type { PageLink } from '../page/context';
import type { Rule } from './types';
import { linksOf } from '../links/extract';
import { textOf } from '../dom/selector';
import { onSetAsideHost } from '../links/reachability';

/** What the inspector calls the thing that does not open. */
const SUBJECT: Record<LinkKind, { what: string; fails: string }> = {
  link: { what: '链接', fails: '链接无法访问' },
  image: { what: '图片', fails: '图片无法加载' },
  frame: { what: '内嵌页面', fails: '内嵌页面无法打开' },
  attachment: { what: '附件', fails: '附件无法下载' },
  media: { what: '音视频', fails: '音视频无法加载' },
};

/** Why a link is dead, in the inspector's words; `status` comes from the prober. */
function brokenWhy(r: ProbeResult): string {
  if (r.reason === 'dns') return '域名无法解析（该网站可能已关闭或域名已过期）';
  if (r.reason === 'connection-refused') return '服务器拒绝连接';
  if (r.reason === 'redirect-loop') return '重定向次数过多（循环重定向）';
  if (r.status && r.status >= 500) return `HTTP ${r.status}，服务器错误`;
  if (r.status) return `HTTP ${r.status}`;
  return r.reason;
}

/** Why a link could not be verified; the inspector is asked to open it by hand. */
const REVIEW_WHY: Record<string, string> = {
  'bot-wall': '网站拒绝自动访问（{status}）',
  'auth-required': '需要登录或授权才能访问（{status}）',
  'rate-limited': '网站限制访问频率（{status}），多次重试仍被拒绝',
  timeout: '多次请求均超时',
  tls: 'HTTPS 证书或加密连接出错',
  'connection-reset': '连接被重置（可能被防火墙拦截）',
  network: '网络错误',
  offline: '检查时本机网络不可用',
  blocked: '浏览器禁止访问该地址（如不安全端口或被其他扩展拦截）',
  'unsupported-scheme': '不是网页地址，无法自动检查',
  'http-451': '因法律原因不可用（451）',
  'loopback-address': '地址指向本机（如 127.0.0.1、localhost），为安全起见未自动检查',
  'private-address': '地址指向内网（如 10.x、192.168.x），本页不在同类内网上，为安全起见未自动检查',
  'link-local-address': '地址指向链路本地网段（169.254.x 等），为安全起见未自动检查',
};

function reviewWhy(r: ProbeResult): string {
  const why = REVIEW_WHY[r.reason];
  if (why) return why.replace('{status}', String(r.status ?? ''));
  return r.status ? `服务器返回了无法判断的状态（HTTP ${r.status}）` : `无法判断（${r.reason}）`;
}

function labelOf(link: PageLink): string {
  const el = link.element;
  const text =
    textOf(el) ||
    el.getAttribute('alt')?.trim() ||
    el.getAttribute('title')?.trim() ||
    el.querySelector('img[alt]')?.getAttribute('alt')?.trim() ||
    '';
  return text || link.url || link.raw;
}

function detailOf(r: ProbeResult): FindingDetail {
  const detail: FindingDetail = { verdict: r.verdict, reason: r.reason };
  if (r.status !== undefined) detail.status = r.status;
  if (r.finalUrl) detail.finalUrl = r.finalUrl;
  if (r.method) detail.method = r.method;
  if (r.attempts !== undefined) detail.attempts = r.attempts;
  if (r.evidence) detail.evidence = r.evidence;
  detail.checkedAt = r.checkedAt;
  return detail;
}

/**
 * 错链/断链: every link, image, frame, attachment and media source on the page, judged from the background
 * prober's result. Dead is a deduction; what the prober could not verify is only ever `review`.
 */
export const linkDead: Rule = {
  id: 'link-dead',
  needs: 'links',
  *run(ctx) {
    const results = ctx.links;
    if (!results) return;
    for (const link of linksOf(ctx.roots)) {
      // Extracted before the probing: the page may have removed it since (a rescan follows).
      if (!link.element.isConnected) {
        yield null;
        continue;
      }
      const { what, fails } = SUBJECT[link.kind];
      if (!link.url) {
        yield {
          element: link.element,
          severity: 'deduct',
          label: labelOf(link),
          subject: link.raw,
          detail: { verdict: 'broken', reason: 'malformed', raw: link.raw.slice(0, 500) },
          message: `${what}地址格式错误：“${link.raw.trim().slice(0, 200)}”，无法打开`,
        };
        continue;
      }
      const r = results.get(link.url);
      // Past the page's probe budget: said once for the page (lib/engine/inspector.ts), not once per link.
      // This machine cannot reach the host: not checked (the page's notice says so), never a 错链.
      if (!r || r.verdict === 'ok' || r.verdict === 'redirected' || r.reason === 'probe-limit' || (ctx.unreachableHosts && onSetAsideHost(link.url, ctx.unreachableHosts))) {
        yield null;
        continue;
      }
      let message: string;
      if (r.verdict === 'review') {
        message = `无法确认${what}是否可用：${reviewWhy(r)}，请人工核实`;
      } else if (r.reason === 'soft-404') {
        message = `疑似软 404：${what}返回 200 但内容为“页面不存在”${r.evidence ? `（${r.evidence.slice(0, 80)}）` : ''}`;
      } else {
        message = `${fails}（${brokenWhy(r)}）`;
        if (r.finalUrl && r.finalUrl !== link.url) message += `，重定向至 ${r.finalUrl}`;
      }
      yield {
        element: link.element,
        severity: r.verdict === 'broken' ? 'deduct' : 'review',
        label: labelOf(link),
        href: link.url,
        subject: link.url,
        detail: detailOf(r),
        message,
      };
    }
  },
};
