import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { anchorNames, classifyHref, handlerHints, hasHandler, linkEmpty, osaDistance } from '@/lib/rules/link-empty';
import { recordListeners } from '@/lib/dom/listeners';
import { corpusPath } from '../../corpus';
import { findingsOf, pageContext } from '../../fixtures/link-rules/harness';

function classify(html: string) {
  const ctx = pageContext(`<div id="real-anchor"></div><a name="named"></a>${html}`);
  const el = document.querySelector('#subject')!;
  return classifyHref(el, anchorNames(ctx.roots[0].root));
}

describe('what counts as leading nowhere', () => {
  test.each([
    ['<a id="subject" href="">x</a>', 'empty'],
    ['<a id="subject" href="   ">x</a>', 'empty'],
    ['<a id="subject" href="#">x</a>', 'hash'],
    ['<a id="subject" href="#nowhere">x</a>', 'missing-anchor'],
    ['<a id="subject" href="javascript:void(0)">x</a>', 'void'],
    ['<a id="subject" href="javascript:void(0);">x</a>', 'void'],
    ['<a id="subject" href="javascript: void(0); ">x</a>', 'void'],
    ['<a id="subject" href="javascript:void 0">x</a>', 'void'],
    ['<a id="subject" href="javascript:;">x</a>', 'void'],
    ['<a id="subject" href="JavaScript:;">x</a>', 'void'],
    ['<a id="subject" href="javascript:">x</a>', 'void'],
    ['<a id="subject" href="javascript:viod(0);">x</a>', 'void-typo'],
    ['<a id="subject" href="javascript:vod(0)">x</a>', 'void-typo'],
    ['<a id="subject" href="javascrpit:void(0)">x</a>', 'scheme-typo'],
    ['<a id="subject" href="javascript:changeSize(14)">x</a>', 'script-call'],
    ['<a id="subject" href="javascript:load(0)">x</a>', 'script-call'],
    ['<a id="subject" href="javascript:void(window.open(\'/x\'))">x</a>', 'script-call'],
    ['<a id="subject">x</a>', 'missing'],
  ])('%s → %s', (html, kind) => {
    expect(classify(html)?.kind).toBe(kind);
  });

  test.each([
    '<a id="subject" href="#real-anchor">x</a>',
    '<a id="subject" href="#named">x</a>',
    '<a id="subject" href="#top">x</a>',
    '<a id="subject" href="#/news/1">x</a>',
    '<a id="subject" href="#!list">x</a>',
    '<a id="subject" href="/news/1.html">x</a>',
    '<a id="subject" href="https://www.gov.cn/">x</a>',
    '<a id="subject" href="mailto:a@b.cn">x</a>',
    '<a id="subject" href="javascript:window.print()">x</a>',
    '<a id="subject" href="javascript:history.go(-1)">x</a>',
    '<a id="subject" href="javascript:window.opener=null;window.open(\'\',\'_self\');window.close();">x</a>',
    '<a id="subject" href="javascript:location.reload();">x</a>',
    '<a id="subject" name="bookmark">x</a>',
  ])('%s leads somewhere', (html) => {
    expect(classify(html)).toBeNull();
  });

  test('the typo is named', () => {
    expect(classify('<a id="subject" href="javascript:viod(0);">x</a>')).toEqual({ kind: 'void-typo', href: 'javascript:viod(0);', typo: 'viod' });
  });

  test('edit distance counts a swap as one edit', () => {
    expect(osaDistance('viod', 'void')).toBe(1);
    expect(osaDistance('load', 'void')).toBe(2);
    expect(osaDistance('javascrpit', 'javascript')).toBe(1);
  });
});

describe('signs that a script handles the click', () => {
  const hints = (html: string) => {
    pageContext(html);
    const el = document.querySelector('#subject, .subject')!;
    return handlerHints(el, classifyHref(el, new Set())!);
  };
  test.each([
    ['<a class="subject" href="#" onclick="go()">x</a>', 'onclick'],
    ['<div onclick="go()"><span><a class="subject" href="#">x</a></span></div>', 'parent-onclick'],
    ['<a class="subject" href="#" role="button">x</a>', 'role=button'],
    ['<a class="subject" href="#" aria-expanded="false">x</a>', 'aria'],
    ['<a class="subject" href="javascript:;" data-toggle="tab">x</a>', 'data-attribute'],
    ['<a id="subject" href="javascript:void(0)">微信</a>', 'id'],
    ['<a class="subject onePrev" href="javascript:void(0)">x</a>', 'control-class'],
    ['<nav><ul><li><a class="subject" href="#">x</a></li></ul></nav>', 'menu'],
    ['<ul class="dropdown-menu"><li><a class="subject" href="#">x</a></li></ul>', 'menu'],
    ['<ul><li><a class="subject" href="#">政务公开</a><ul><li><a href="/gk/">目录</a></li></ul></li></ul>', 'submenu'],
    ['<ul><li class="on"><a href="javascript:;">要闻</a></li><li><a class="subject" href="javascript:;">通知</a></li></ul>', 'tab-strip'],
    ['<a class="subject" href="javascript:changeSize(14)">大</a>', 'script-call'],
  ])('%s → %s', (html, hint) => {
    expect(hints(html)).toContain(hint);
  });

  test('a placeholder headline in a news list has none', () => {
    expect(hints('<div class="fourTabMain"><ul><li><a class="subject" href="#" target="_blank">省商务厅召开会议</a><span>2016-01-01</span></li></ul></div>')).toEqual([]);
  });
});

describe('links that have a handler are no finding (issue 12)', () => {
  test.each([
    ['<a href="#" onclick="go(9);return false">尾页</a>'],
    ['<a href="javascript:void(0)" onmouseup="size(16)">大</a>'],
    ['<li onclick="tab(2)"><a href="javascript:;">媒体</a></li>'],
    ['<a href="#" role="button">展开全部</a>'],
    ['<a href="javascript:;" data-gsi-listens="click">下一张</a>'],
    ['<label><a href="javascript:;">记住我</a><input type="checkbox"></label>'],
  ])('%s', async (html) => {
    expect(await findingsOf(linkEmpty, `<div>${html}</div>`)).toEqual([]);
  });

  test('a listener the page adds with addEventListener is recorded for the isolated world', () => {
    recordListeners(window);
    pageContext('<a id="next" href="javascript:void(0)">下一张</a><a id="none" href="javascript:void(0)">无</a>');
    document.getElementById('next')!.addEventListener('click', () => undefined);
    expect(hasHandler(document.getElementById('next')!)).toBe(true);
    expect(hasHandler(document.getElementById('none')!)).toBe(false);
  });
});

describe('link-empty findings', () => {
  const page = `
    <style>.gone { display: none } .ghost { visibility: hidden }</style>
    <div id="main"><h2 id="intro">栏目</h2>
      <ul class="list">
        <li><a href="#" target="_blank">占位新闻标题一</a></li>
        <li><a href="">空地址新闻</a></li>
        <li><a href="javascript:void(0);">无处可去</a></li>
        <li><a href="#intro">跳到本页栏目</a></li>
        <li><a href="#nowhere">失效锚点</a></li>
        <li><a href="/real.html">真实链接</a></li>
      </ul>
      <ul class="fourTabTit"><li class="on"><a href="javascript:viod(0);">厅职责</a></li><li><a href="javascript:viod(0);">厅领导</a></li></ul>
      <a href="#" onclick="share()">分享</a>
      <a href="#">返回顶部</a>
      <div class="gone"><a href="#">藏起来的空链</a></div>
      <p class="ghost"><a href="javascript:;">看不见的空链</a></p>
    </div>`;

  test('visible links that lead nowhere, with the right severity', async () => {
    const findings = await findingsOf(linkEmpty, page);
    expect(findings.map((f) => [f.label, f.severity, f.detail.hrefKind])).toEqual([
      ['占位新闻标题一', 'deduct', 'hash'],
      ['空地址新闻', 'deduct', 'empty'],
      ['无处可去', 'deduct', 'void'],
      ['失效锚点', 'deduct', 'missing-anchor'],
      ['厅职责', 'review', 'void-typo'],
      ['厅领导', 'review', 'void-typo'],
    ]);
    const typo = findings.find((f) => f.label === '厅领导')!;
    // region: the nearest heading above the link, added by the scan (lib/page/region.ts).
    expect(typo.detail).toEqual({ hrefKind: 'void-typo', hints: ['tab-strip'], typo: 'viod', region: '栏目' });
    expect(typo.message).toContain('viod 是 void 的拼写错误');
    expect(findings[0].message).toBe('空链：「占位新闻标题一」的链接地址为“#”，点击后不会打开任何内容。');
    expect(document.querySelector(findings[0].selector)?.textContent).toBe('占位新闻标题一');
  });

  test('shangwuting template: the 17 href="#" outside closed tab panels, and the viod typos in its tab strip', async () => {
    const html = readFileSync(corpusPath('gov-pages/shangwuting_henan_template/index.html'), 'utf8');
    const findings = await findingsOf(linkEmpty, html.slice(html.indexOf('<body')));
    const count = (pred: (f: (typeof findings)[number]) => boolean) => findings.filter(pred).length;
    // 290 href="#" in the source: 273 sit in tab panels the page hides with inline display:none.
    expect(count((f) => f.detail.hrefKind === 'hash')).toBe(17);
    expect(count((f) => f.detail.hrefKind === 'hash' && f.severity === 'deduct')).toBe(15);
    expect(findings.filter((f) => f.detail.hrefKind === 'void-typo').map((f) => [f.label, f.severity, f.detail.typo])).toEqual([
      ['厅职责', 'review', 'viod'],
      ['厅领导', 'review', 'viod'],
      ['内设机构', 'review', 'viod'],
      ['派驻机构', 'review', 'viod'],
      ['其他机构', 'review', 'viod'],
    ]);
    expect(count((f) => f.detail.hrefKind === 'void')).toBe(13);
    expect(findings).toHaveLength(35);
  });
});

describe('link-empty: which links are looked at', () => {
  test('every empty form is found among real links, however its href is written', async () => {
    const empty = ['', '   ', '#', ' #', '#nowhere', 'javascript:void(0)', '\n javascript:;', 'JavaScript:void(0)', 'javascript:viod(0);', 'javascrpit:void(0)', 'javascript:changeSize(14)'];
    const real = ['/a.html', 'HTTPS://www.example.gov.cn/', 'http://www.gov.cn/', 'https://www.gov.cn/x', 'b.html', ' /c.html', '#real-anchor', 'mailto:a@b.cn', 'http:void'];
    const links = [...real, ...empty].map((href, i) => `<a href="${href.replace(/\n/g, '&#10;')}">链接${i}</a>`).join('');
    const findings = await findingsOf(linkEmpty, `<div id="real-anchor"></div><p>${links}</p><map><area href="#" alt="热区"><area href="/x.html" alt="真"></map>`);
    expect(findings.map((f) => f.href ?? '')).toEqual([...empty, '#']);
  });
});
