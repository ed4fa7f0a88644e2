import { describe, expect, test } from 'vitest';
import { Finding } from '@/lib/findings';
import { DEFAULT_RULE_PACK } from '@/lib/rule-pack/pack';
import { linkDead } from '@/lib/rules/link-dead';
import type { ProbeResult } from '@/lib/links/types';
import { scan } from '@/lib/engine/scan';
import { collectRoots } from '@/lib/page/roots';

const PAGE = 'https://www.example.gov.cn/zwgk/index.html';
const checkedAt = '2025-06-30T08:00:00.000Z';

function result(url: string, verdict: ProbeResult['verdict'], reason: string, extra: Partial<ProbeResult> = {}): ProbeResult {
  return { url, verdict, reason, checkedAt, method: 'GET', attempts: 1, ...extra };
}

/** Findings of link-dead on `html`, given the prober's answers (absent: the background has not answered). */
async function findings(html: string, results?: ProbeResult[], head = ''): Promise<Finding[]> {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(PAGE);
  document.head.innerHTML = head;
  document.body.innerHTML = html;
  const { roots } = collectRoots(document);
  const pageUrl = new URL(PAGE);
  const ctx = {
    doc: document,
    roots,
    pageUrl,
    site: pageUrl.hostname,
    now: new Date('2025-06-30T00:00:00Z'),
    pack: DEFAULT_RULE_PACK,
    ...(results ? { links: new Map(results.map((r) => [r.url, r])) } : {}),
  };
  const out = await scan(ctx, [linkDead], { yieldToPage: async () => undefined });
  expect(out.unscanned).toEqual([]);
  for (const f of out.findings) expect(Finding.parse(f)).toEqual(f);
  return out.findings;
}

const U = (path: string) => `https://www.example.gov.cn${path}`;

describe('link-dead', () => {
  test('a dead link is a deduction with the status, the link text and the absolute address', async () => {
    const [f, ...rest] = await findings('<p><a href="/xxgk/2024/notice.html">关于调整办事时间的通知</a></p>', [
      result(U('/xxgk/2024/notice.html'), 'broken', 'http-404', { status: 404 }),
    ]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      rule: 'link-dead',
      severity: 'deduct',
      label: '关于调整办事时间的通知',
      href: U('/xxgk/2024/notice.html'),
      message: '链接无法访问（HTTP 404）',
      detail: { verdict: 'broken', reason: 'http-404', status: 404, method: 'GET', attempts: 1, checkedAt },
    });
    expect(f!.selector).toBe('html > body > p > a');
  });

  test('working and redirected links are not findings; links without an answer yet are left alone', async () => {
    const html = '<a href="/a.html">甲</a><a href="/b.html">乙</a><a href="/c.html">丙</a>';
    expect(await findings(html, [result(U('/a.html'), 'ok', 'ok'), result(U('/b.html'), 'redirected', 'redirected', { finalUrl: U('/new/b.html') })])).toEqual([]);
    expect(await findings('<a href="/gone.html">丁</a>')).toEqual([]);
  });

  test('a redirect that ends on a dead page says where it went', async () => {
    const [f] = await findings('<a href="/old.html">旧栏目</a>', [
      result(U('/old.html'), 'broken', 'http-404', { status: 404, finalUrl: U('/404.html') }),
    ]);
    expect(f!.message).toBe(`链接无法访问（HTTP 404），重定向至 ${U('/404.html')}`);
    expect(f!.detail.finalUrl).toBe(U('/404.html'));
  });

  test('server errors, dead names, refused connections and loops are worded for the inspector', async () => {
    const html = '<a href="/e">一</a><a href="http://old-friend.example/">二</a><a href="http://127.0.0.1:9/">三</a><a href="/loop">四</a>';
    const out = await findings(html, [
      result(U('/e'), 'broken', 'http-502', { status: 502 }),
      result('http://old-friend.example/', 'broken', 'dns'),
      result('http://127.0.0.1:9/', 'broken', 'connection-refused'),
      result(U('/loop'), 'broken', 'redirect-loop'),
    ]);
    expect(out.map((f) => [f.label, f.severity, f.message])).toEqual([
      ['一', 'deduct', '链接无法访问（HTTP 502，服务器错误）'],
      ['二', 'deduct', '链接无法访问（域名无法解析（该网站可能已关闭或域名已过期））'],
      ['三', 'deduct', '链接无法访问（服务器拒绝连接）'],
      ['四', 'deduct', '链接无法访问（重定向次数过多（循环重定向））'],
    ]);
  });

  test('a soft-404 is a deduction that quotes what the page said', async () => {
    const [f] = await findings('<a href="/art/1.html">文章</a>', [
      result(U('/art/1.html'), 'broken', 'soft-404', { status: 200, evidence: '对不起，您访问的页面不存在' }),
    ]);
    expect(f).toMatchObject({ severity: 'deduct', message: '疑似软 404：链接返回 200 但内容为“页面不存在”（对不起，您访问的页面不存在）' });
    expect(f!.detail.evidence).toBe('对不起，您访问的页面不存在');
  });

  test('what could not be verified is review, never a deduction, and says why', async () => {
    const html = ['/403', '/429', '/503', '/slow', '/tls', '/reset', '/odd'].map((p) => `<a href="${p}">${p}</a>`).join('');
    const out = await findings(html, [
      result(U('/403'), 'review', 'bot-wall', { status: 403 }),
      result(U('/429'), 'review', 'rate-limited', { status: 429 }),
      result(U('/503'), 'review', 'rate-limited', { status: 503 }),
      result(U('/slow'), 'review', 'timeout'),
      result(U('/tls'), 'review', 'tls'),
      result(U('/reset'), 'review', 'connection-reset'),
      result(U('/odd'), 'review', 'http-300', { status: 300 }),
    ]);
    expect(out.map((f) => f.severity)).toEqual(Array(7).fill('review'));
    expect(out.map((f) => f.message)).toEqual([
      '无法确认链接是否可用：网站拒绝自动访问（403），请人工核实',
      '无法确认链接是否可用：网站限制访问频率（429），多次重试仍被拒绝，请人工核实',
      '无法确认链接是否可用：网站限制访问频率（503），多次重试仍被拒绝，请人工核实',
      '无法确认链接是否可用：多次请求均超时，请人工核实',
      '无法确认链接是否可用：HTTPS 证书或加密连接出错，请人工核实',
      '无法确认链接是否可用：连接被重置（可能被防火墙拦截），请人工核实',
      '无法确认链接是否可用：服务器返回了无法判断的状态（HTTP 300），请人工核实',
    ]);
  });

  test('malformed addresses are dead without asking the network; other schemes are not links to check', async () => {
    const html =
      '<a href="//////">六个斜杠</a><a href="https;//www.gov.cn/">分号</a><a href="htttp://www.gov.cn/">多一个 t</a><a href="http:www.gov.cn">少斜杠</a>' +
      '<a href="irc://irc.example.org/x">IRC</a><a href="mailto:a@b.cn">信</a><a href="ftp://ftp.example.gov.cn/f.zip">FTP</a><a href="weixin://dl/chat">微信</a>';
    const out = await findings(html, []);
    expect(out.map((f) => [f.label, f.severity, f.message])).toEqual([
      ['六个斜杠', 'deduct', '链接地址格式错误：“//////”，无法打开'],
      ['分号', 'deduct', '链接地址格式错误：“https;//www.gov.cn/”，无法打开'],
      ['多一个 t', 'deduct', '链接地址格式错误：“htttp://www.gov.cn/”，无法打开'],
      ['少斜杠', 'deduct', '链接地址格式错误：“http:www.gov.cn”，无法打开'],
    ]);
    expect(out.every((f) => f.href === undefined && f.detail.reason === 'malformed')).toBe(true);
  });

  test('images, frames and attachments are worded as what they are; labels fall back to alt, title, URL', async () => {
    const html =
      '<img src="/img/banner.jpg" alt="宣传横幅">' +
      '<a href="/files/plan.pdf"><img src="/img/ok.png" alt="实施方案下载"></a>' +
      '<iframe src="/map.html" title="地图"></iframe>' +
      '<a href="/blank.html"></a>';
    const out = await findings(html, [
      result(U('/img/banner.jpg'), 'broken', 'http-404', { status: 404, method: 'HEAD' }),
      result(U('/img/ok.png'), 'ok', 'ok'),
      result(U('/files/plan.pdf'), 'broken', 'http-410', { status: 410 }),
      result(U('/map.html'), 'broken', 'http-404', { status: 404 }),
      result(U('/blank.html'), 'broken', 'http-404', { status: 404 }),
    ]);
    expect(out.map((f) => [f.label, f.message])).toEqual([
      ['实施方案下载', '附件无法下载（HTTP 410）'],
      [U('/blank.html'), '链接无法访问（HTTP 404）'],
      ['宣传横幅', '图片无法加载（HTTP 404）'],
      ['地图', '内嵌页面无法打开（HTTP 404）'],
    ]);
  });

  test('every srcset candidate is checked; relative links follow <base href>', async () => {
    const out = await findings(
      '<img src="a.png" srcset="a.png 1x, a@2x.png 2x" alt="徽标"><a href="list.html">列表</a>',
      [
        result('https://cdn.example.gov.cn/static/a.png', 'ok', 'ok'),
        result('https://cdn.example.gov.cn/static/a@2x.png', 'broken', 'http-404', { status: 404 }),
        result('https://cdn.example.gov.cn/static/list.html', 'broken', 'http-404', { status: 404 }),
      ],
      '<base href="https://cdn.example.gov.cn/static/">',
    );
    expect(out.map((f) => f.href)).toEqual(['https://cdn.example.gov.cn/static/list.html', 'https://cdn.example.gov.cn/static/a@2x.png']);
  });

  test('the same dead address in two places is two findings with their own keys', async () => {
    const out = await findings('<ul><li><a href="/x.html">一</a></li><li><a href="/x.html">一</a></li></ul>', [
      result(U('/x.html'), 'broken', 'http-404', { status: 404 }),
    ]);
    expect(out).toHaveLength(2);
    expect(new Set(out.map((f) => f.key)).size).toBe(2);
  });
});
