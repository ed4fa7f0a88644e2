import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { linkHidden, revealedByPage } from '@/lib/rules/link-hidden';
import { corpusPath } from '../../corpus';
import { findingsOf, pageContext } from '../../fixtures/link-rules/harness';

// Style-based hiding only (happy-dom has no layout); every geometric technique is covered end to end in
// tests/e2e/link-rules.test.ts.
describe('link-hidden findings', () => {
  test('hidden and off-site or spammy: severity by signals', async () => {
    const findings = await findingsOf(
      linkHidden,
      `<div style="display:none">
         <a href="http://www.abc123.com/">百家乐 真人娱乐</a>
         <a href="http://free-download.tk/">免费下载</a>
         <a href="https://www.qianlong.com/">千龙网</a>
         <a href="/news/1.html">站内新闻</a>
         <a href="https://www.beijing.gov.cn/">北京市人民政府</a>
         <a href="https://www.xinhuanet.com/">新华网</a>
         <a href="/bocai/index.html">澳门博彩 百家乐</a>
       </div>
       <a href="http://www.abc123.com/">看得见的链接</a>
       <div style="opacity:0"><iframe src="http://stats.example.com/x.html"></iframe></div>`,
    );
    expect(findings.map((f) => [f.label, f.severity, f.detail.techniques, f.detail.signals])).toEqual([
      ['百家乐 真人娱乐', 'veto', ['display-none'], ['word:百家乐', 'word:真人娱乐']],
      ['免费下载', 'deduct', ['display-none'], ['tld:.tk']],
      ['千龙网', 'review', ['display-none'], []],
      ['澳门博彩 百家乐', 'veto', ['display-none'], ['word:bocai', 'word:澳门博彩', 'word:百家乐']],
      ['stats.example.com', 'review', ['opacity'], []],
    ]);
    expect(findings[0].message).toBe(
      '暗链：访客看不到的链接指向赌博类目标 www.abc123.com（隐藏方式：display:none 不显示）。这是被植入的恶意代码，属严重安全问题（单项否决），须立即清除并排查网站被篡改的原因。',
    );
    expect(findings[4].message).toContain('框架（iframe）');
  });

  test('menus, tab panels, carousels, dialogs and screen-reader text the page reveals are not findings', async () => {
    const findings = await findingsOf(
      linkHidden,
      `<div class="dropdown"><button type="button" class="btn">新闻媒体网站</button>
         <ul class="dropdown-menu" style="display:none"><li><a href="http://www.ynet.com/">北青网</a></li></ul></div>
       <ul class="nav"><li><a href="/gk/">政务公开</a><ul style="display:none"><li><a href="http://www.qianlong.com/">千龙网</a></li></ul></li></ul>
       <div role="tabpanel" id="p2" style="display:none"><a href="http://www.bjd.com.cn/">北京日报</a></div>
       <div class="swiper-slide" style="opacity:0"><a href="http://www.rbc.cn/">日报网</a></div>
       <span class="sr-only" style="position:absolute;clip:rect(0px, 0px, 0px, 0px)"><a href="http://www.w3.org/WAI/">无障碍说明</a></span>
       <div class="dropdown-menu" style="display:none"><a href="http://baijiale.tk/">百家乐</a></div>`,
    );
    // Spam is spam even inside a real dropdown.
    expect(findings.map((f) => [f.label, f.severity])).toEqual([['百家乐', 'veto']]);
  });

  test('comments need spam signals; <noscript> links are judged like hidden ones', async () => {
    const findings = await findingsOf(
      linkHidden,
      `<div id="foot">
         <!-- <a href="http://www.old-partner.com/">旧友情链接</a> -->
         <!-- <a href="http://porn-site.ga/video">隐藏的链接</a> -->
         <!-- http://gambling-site.cm/register -->
       </div>
       <noscript><a href="http://noscript-hidden.tf">NoScript中的隐藏链接</a></noscript>`,
    );
    expect(findings.map((f) => [f.label, f.severity, f.href, f.detail.techniques, f.selector])).toEqual([
      ['隐藏的链接', 'veto', 'http://porn-site.ga/video', ['comment'], '#foot'],
      ['http://gambling-site.cm/register', 'veto', 'http://gambling-site.cm/register', ['comment'], '#foot'],
      ['NoScript中的隐藏链接', 'review', 'http://noscript-hidden.tf/', ['noscript'], 'html > body > noscript'],
    ]);
    expect(findings[0].detail.excerpt).toBe('<a href="http://porn-site.ga/video">隐藏的链接</a>');
  });

  test('bare URLs in hidden text count only with spam signals', async () => {
    const findings = await findingsOf(
      linkHidden,
      `<div style="display:none" id="t1">赌博网站推荐：http://bet365-clone.gq</div>
       <div style="display:none" id="t2">来源：www.xinhuanet.com 转载自 http://www.qianlong.com/a.html</div>
       <p>大量空格后的隐藏内容 http://hidden-link-using-spaces.ga</p>`,
    );
    expect(findings.map((f) => [f.selector, f.severity, f.href, f.detail.kind])).toEqual([['#t1', 'veto', 'http://bet365-clone.gq/', 'text']]);
  });

  test('jchgz: the article duplicated in display:none and the hidden accessibility link are not findings', async () => {
    const html = readFileSync(corpusPath('gov-pages/mhxqwer__jchgz.gov.cn/index.html'), 'utf8');
    expect(await findingsOf(linkHidden, html.slice(html.indexOf('<body')))).toEqual([]);
  });
});

describe('what the page reveals itself', () => {
  const revealed = (html: string) => {
    pageContext(html);
    return revealedByPage(document.querySelector('.hider')!, document.querySelector('.subject')!);
  };
  test.each([
    ['<button>菜单</button><div class="hider"><a class="subject" href="#">x</a></div>', true],
    ['<a href="#" aria-controls="m1">菜单</a><div class="hider" id="m1"><a class="subject" href="#">x</a></div>', true],
    ['<ul><li><a href="/">栏目</a><ul class="hider"><li><a class="subject" href="#">x</a></li></ul></li></ul>', true],
    ['<div class="hider" role="dialog"><a class="subject" href="#">x</a></div>', true],
    ['<div class="visually-hidden hider"><a class="subject" href="#">x</a></div>', true],
    ['<div class="hidden1 hider"><a class="subject" href="#">x</a></div>', false],
    ['<p>正常文本</p><div class="dynamic-content hider"><a class="subject" href="#">x</a></div>', false],
  ])('%s → %s', (html, expected) => {
    expect(revealed(html)).toBe(expected);
  });
});

describe('link-hidden: spam addresses written as hidden text', () => {
  test('found at every depth, in document order; visible text, link text and scripts are not', async () => {
    const nest = (depth: number, inner: string) => '<div>'.repeat(depth) + inner + '</div>'.repeat(depth);
    const findings = await findingsOf(
      linkHidden,
      `<p style="display:none">百家乐 www.bet-a.com 真人娱乐</p>
       ${nest(3, '<span style="display:none">澳门博彩 http://bet-b.com/x</span>')}
       <ul>${'<li><a href="/n.html">新闻</a><span>2025-06-01</span></li>'.repeat(50)}</ul>
       ${nest(9, '<div style="visibility:hidden">时时彩 https://bet-c.com/</div>')}
       <p>百家乐 www.visible-bet.com</p>
       <div style="display:none"><a href="/x.html">百家乐 www.in-link.com</a><script>var u = "百家乐 http://in-script.com/";</script></div>
       ${nest(20, '<b style="display:none">百家乐 www.bet-d.com</b>')}`,
    );
    expect(findings.filter((f) => f.detail.kind === 'text').map((f) => f.href)).toEqual([
      'http://www.bet-a.com/',
      'http://bet-b.com/x',
      'https://bet-c.com/',
      'http://www.bet-d.com/',
    ]);
  });
});
