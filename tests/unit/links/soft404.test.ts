import { describe, expect, test } from 'vitest';
import { decodeHtml, judgeSoft404 } from '@/lib/links/soft404';

const page = (title: string, body: string) => `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`;
const NAV = '<div class="nav">首页 机构概况 政务公开 政务服务 互动交流 专题专栏</div>';

describe('soft-404 by title', () => {
  test.each([
    '404',
    '404 Not Found',
    'Not Found',
    '页面不存在',
    '404 页面不存在',
    '页面不存在_某市人民政府',
    '某市人民政府 - 页面未找到',
    '抱歉，您访问的页面不存在！',
    '对不起，您访问的页面不存在',
    '错误404 - 某县政府门户网站',
    'Page Not Found | 某省教育厅',
    '找不到页面',
    '该信息已删除',
  ])('%s', (title) => {
    expect(judgeSoft404(page(title, '<p>内容</p>'))).toMatchObject({ soft404: true });
  });

  test.each([
    '政务公开_某市人民政府',
    '关于开展网站“页面不存在”等错链问题专项整改的通知_某市人民政府',
    '页面不存在问题整改',
    '国务院令第404号',
    '关于印发〔2024〕404号文件的通知',
    '2404 次列车时刻调整公告',
    '找不到工作怎么办？就业服务指南',
    'Object Not Found Handling in Government APIs',
  ])('not: %s', (title) => {
    expect(judgeSoft404(page(title, `${NAV}<p>正文内容。</p>`)).soft404).toBe(false);
  });
});

describe('soft-404 by the first KB of text', () => {
  test('a short page whose text says the page is gone', () => {
    const r = judgeSoft404(page('某市人民政府', `${NAV}<div>对不起，您访问的页面不存在或已被删除！<a href="/">返回首页</a></div>`));
    expect(r.soft404).toBe(true);
    expect(r.evidence).toContain('您访问的页面不存在');
  });

  test.each(['<h1>404 Not Found</h1><hr>nginx', '<p>错误代码：404</p>', '<p>Sorry, the page cannot be found.</p>', '<p>该文章已被删除</p>'])('%s', (body) => {
    expect(judgeSoft404(page('提示', body)).soft404).toBe(true);
  });

  test('a bare 404 in the text is not enough', () => {
    expect(judgeSoft404(page('统计公报', '<p>全年共办理 404 件。</p>')).soft404).toBe(false);
  });

  test('a long article quoting the phrase early is a real page', () => {
    const article = `<h1>关于整改通报</h1><p>检查发现部分网站存在“页面不存在”问题。</p><p>${'请各单位对照指标逐项整改。'.repeat(400)}</p>`;
    expect(judgeSoft404(page('整改通报_某市', article)).soft404).toBe(false);
  });

  test('the phrase after the first KB of text does not count', () => {
    const body = `<p>${'正文内容正文内容。'.repeat(130)}</p><p>页面不存在</p>`;
    expect(judgeSoft404(page('某页', body)).soft404).toBe(false);
  });

  test('scripts, styles and comments are not text', () => {
    const body = '<script>var msg = "页面不存在";</script><style>.x:after{content:"404 not found"}</style><!-- 页面不存在 --><p>正常内容</p>';
    expect(judgeSoft404(page('正常', body)).soft404).toBe(false);
  });

  test('entities are decoded before matching', () => {
    expect(judgeSoft404(page('&#39029;&#38754;&#19981;&#23384;&#22312;', '')).soft404).toBe(true);
  });
});

describe('decoding the start of a page', () => {
  const gbk = Uint8Array.from(Buffer.from('b6d4b2bbc6f0a3acc4fab7c3cecab5c4d2b3c3e6b2bbb4e6d4da', 'hex'));
  const withMeta = (meta: string) => Uint8Array.from([...Buffer.from(`<meta ${meta}><title>`), ...gbk, ...Buffer.from('</title>')]);

  test('charset from the Content-Type header wins', () => {
    expect(decodeHtml(withMeta('charset="utf-8"'), 'text/html; charset=GBK')).toContain('对不起，您访问的页面不存在');
  });

  test('charset from <meta> when the header has none', () => {
    expect(decodeHtml(withMeta('http-equiv="Content-Type" content="text/html; charset=gb2312"'), 'text/html')).toContain('您访问的页面不存在');
  });

  test('a UTF-16LE BOM beats a lying meta (as on qzhxiangtan.gov.cn)', () => {
    const bytes = Uint8Array.from([0xff, 0xfe, ...Buffer.from('<meta charset="gb2312"><title>页面不存在</title>', 'utf16le')]);
    expect(decodeHtml(bytes, null)).toContain('<title>页面不存在</title>');
  });

  test('an unknown charset label falls back to UTF-8', () => {
    expect(decodeHtml(Uint8Array.from(Buffer.from('<title>页面不存在</title>')), 'text/html; charset=x-unknown-8')).toContain('页面不存在');
  });
});
