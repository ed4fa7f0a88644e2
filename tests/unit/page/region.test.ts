import { describe, expect, test } from 'vitest';
import { regionOf } from '@/lib/page/region';

/** Three "网站首页" links in the places a government template puts them. */
const PAGE = `
  <header><nav aria-label="主导航"><ul><li><a id="nav" href="/">网站首页</a></li></ul></nav></header>
  <div class="main">
    <div class="box">
      <div class="tit"><span>通知公告</span><a class="more" href="/tzgg/">更多</a></div>
      <ul><li><a id="col" href="/">网站首页</a></li></ul>
    </div>
    <div class="tabs">
      <ul class="tab-hd"><li><a href="#">政策文件</a></li><li><a href="#">政策解读</a></li></ul>
      <ul class="tab-bd"><li><a id="tab" href="/">网站首页</a></li></ul>
    </div>
  </div>
  <footer><h3>友情链接</h3><ul><li><a id="foot" href="/">网站首页</a></li></ul></footer>`;

describe('where an element sits', () => {
  test('landmark and nearest heading tell repeated links apart', () => {
    document.body.innerHTML = PAGE;
    const at = (id: string) => regionOf(document.getElementById(id)!);
    expect(at('nav')).toEqual({ landmark: 'nav' });
    expect(at('foot')).toEqual({ landmark: 'footer', heading: '友情链接' });
    // A column title by class (Chinese templates rarely use h1–h6), its "更多" link counted as one link.
    // A column title by class (Chinese templates rarely use h1–h6), without its "更多" link.
    expect(at('col')).toEqual({ heading: '通知公告' });
  });

  test('a tab strip is not a heading: several titles name no single column', () => {
    document.body.innerHTML = PAGE;
    expect(regionOf(document.getElementById('tab')!)).toEqual({});
  });
});

describe('headings that name something else', () => {
  test('the page header’s title does not name its navigation; no landmark goes on to the top', () => {
    document.body.innerHTML = `<header><h1>示例市人民政府</h1><nav><a id="n" href="/">网站首页</a></nav></header>
      <div><h2>要闻</h2><div><p><a id="p" href="/">网站首页</a></p></div></div>`;
    expect(regionOf(document.getElementById('n')!)).toEqual({ landmark: 'nav' });
    expect(regionOf(document.getElementById('p')!)).toEqual({ heading: '要闻' });
  });
});
