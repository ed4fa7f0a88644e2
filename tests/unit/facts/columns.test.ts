import { describe, expect, test } from 'vitest';
import { columnKind, findColumns, placeholderIn, type Column } from '@/lib/facts/columns';
import { isoDay } from '@/lib/facts/dates';
import { DEFAULT_RULE_PACK } from '@/lib/rule-pack/pack';
import { CHECK_DATE, corpusPage, drain, fixturePage, parsePage } from '../../fixtures/columns/harness';

const columnsOf = (doc: Document, now = CHECK_DATE) => drain(findColumns(doc, DEFAULT_RULE_PACK, now));
const summary = (c: Column) => ({
  title: c.title,
  source: c.source,
  items: c.items.length,
  dates: c.items.map((i) => (i.date ? isoDay(i.date) : null)),
  placeholder: c.placeholder ?? null,
});
const PLACEHOLDERS = DEFAULT_RULE_PACK.columns.placeholders;

describe('placeholders', () => {
  test.each(['暂无信息', ' 暂无信息！', '【暂无数据】', '本栏目正在建设中，敬请期待！', '该栏目暂无相关信息', '栏目建设中……'])('%s stands in for content', (text) => {
    expect(placeholderIn(text, PLACEHOLDERS)).toBe(text.trim());
  });

  test.each(['建设中国科技城', '加快建设中国科技城', '暂无信息公开年报的更正说明', '', '敬请期待：第九届投资贸易洽谈会即将开幕'])('%s is content', (text) => {
    expect(placeholderIn(text, PLACEHOLDERS)).toBeUndefined();
  });
});

describe('column kinds from titles', () => {
  test.each([
    ['要闻动态', 'news'],
    ['工作动态', 'news'],
    ['新闻发布', 'news'],
    ['通知公告', 'notice-policy'],
    ['政策文件', 'notice-policy'],
    ['政策解读', 'notice-policy'],
    ['公示公告', 'notice-policy'],
    // 公示 alone is not the national notice/policy kind (issue 12): 规划公示, 招标公示 are local notices.
    ['规划公示', undefined],
    ['项目公示', undefined],
    ['领导活动', undefined],
    ['专题专栏', undefined],
  ])('%s → %s', (title, kind) => {
    expect(columnKind(title, DEFAULT_RULE_PACK)?.kind).toBe(kind);
  });
});

describe('columns on a home page fixture', () => {
  const doc = fixturePage('index.html');
  const columns = columnsOf(doc);

  test('finds the titled blocks, the tab panels and the board, in page order, with their items and dates', () => {
    expect(columns.map(summary)).toEqual([
      { title: '要闻动态', source: 'block', items: 3, dates: ['2025-06-25', '2025-06-18', '2025-06-02'], placeholder: null },
      { title: '工作动态', source: 'block', items: 2, dates: ['2025-05-01', '2025-04-12'], placeholder: null },
      { title: '通知公告', source: 'tab', items: 2, dates: ['2025-03-01', '2025-02-20'], placeholder: null },
      { title: '政策文件', source: 'tab', items: 1, dates: ['2024-10-08'], placeholder: null },
      { title: '政策解读', source: 'tab', items: 0, dates: [], placeholder: '暂无信息' },
      // The headline's own date (2025年6月28日) is part of the title; the item's date is the one printed apart.
      { title: '公示公告', source: 'block', items: 1, dates: ['2024-11-20'], placeholder: null },
      { title: '专题专栏', source: 'block', items: 0, dates: [], placeholder: null },
      { title: '人事信息', source: 'block', items: 0, dates: [], placeholder: '本栏目正在建设中，敬请期待！' },
      { title: '重点项目', source: 'block', items: 1, dates: [null], placeholder: null },
      { title: '部门动态', source: 'block', items: 2, dates: [null, null], placeholder: null },
      { title: '领导活动', source: 'block', items: 1, dates: ['2023-01-05'], placeholder: null },
      { title: '留言选登', source: 'block', items: 5, dates: ['2025-03-01', '2025-06-20', '2025-06-27', '2025-05-20', '2025-06-03'], placeholder: null },
    ]);
  });

  test('an empty box under a heading with nothing meant to list (网站地图) is not a column', () => {
    expect(columns.map((c) => c.title)).not.toContain('网站地图');
    expect(columns.map((c) => c.title)).not.toContain('示例市人民政府');
  });

  test('a block is outlined with its title; a tab by its panel', () => {
    const yw = columns.find((c) => c.title === '要闻动态')!;
    expect(yw.element.id).toBe('yw');
    expect(yw.titleElement.className).toBe('hd');
    const zcjd = columns.find((c) => c.title === '政策解读')!;
    expect(zcjd.element.textContent).toBe('暂无信息');
  });

  test('items carry their link text and element', () => {
    const yw = columns.find((c) => c.title === '要闻动态')!;
    expect(yw.items[0].text).toBe('市政府召开第十二次常务会议');
    expect(yw.items[0].element.localName).toBe('li');
  });
});

describe('column pages', () => {
  test('a list page: the breadcrumb names the column, its main list is the column, the pager is not', () => {
    const columns = columnsOf(fixturePage('list.html', 'https://www.example.gov.cn/zwgk/tzgg/index.html'));
    expect(columns.map(summary)).toEqual([
      { title: '政务公开', source: 'block', items: 3, dates: [null, null, null], placeholder: null },
      { title: '通知公告', source: 'page', items: 3, dates: ['2024-12-20', '2024-11-05', '2024-10-11'], placeholder: null },
    ]);
    expect(columns[1].element.className).toBe('news-list');
  });

  test('a list page that only says 暂无数据 is a blank column page', () => {
    const columns = columnsOf(fixturePage('blank-list.html', 'https://www.example.gov.cn/zwgk/zcjd/'));
    const page = columns.find((c) => c.source === 'page')!;
    expect(summary(page)).toEqual({ title: '政策解读', source: 'page', items: 0, dates: [], placeholder: '暂无数据' });
    expect(page.element.className).toBe('no-data');
  });

  test('an article page is no column page, and its empty 相关附件 box is no column', () => {
    expect(columnsOf(fixturePage('article.html', 'https://www.example.gov.cn/ywdt/t1.html'))).toEqual([]);
  });
});

describe('layouts seen on government templates', () => {
  const columnsIn = (body: string) => columnsOf(parsePage(`<html><body>${body}</body></html>`, 'https://www.example.gov.cn/'));

  test('a definition list titled by its dt', () => {
    const columns = columnsIn('<dl><dt>通知公告</dt><dd><a href="/1">关于开展安全检查的通知</a><span>2025-06-01</span></dd><dd><a href="/2">关于停水的通知</a><span>2025-05-01</span></dd></dl>');
    expect(columns.map(summary)).toEqual([{ title: '通知公告', source: 'block', items: 2, dates: ['2025-06-01', '2025-05-01'], placeholder: null }]);
  });

  test('a table layout: the title cell and its 更多 cell, the list in the next row', () => {
    const columns = columnsIn(
      '<table><tr><td class="lm-title">政务动态</td><td><a href="/zwdt/">更多</a></td></tr>' +
        '<tr><td colspan="2"><ul><li><a href="/zwdt/1">市政府召开专题会议</a> 2025-06-20</li></ul></td></tr></table>',
    );
    expect(columns.map(summary)).toEqual([{ title: '政务动态', source: 'block', items: 1, dates: ['2025-06-20'], placeholder: null }]);
  });

  test('a title bar that also carries links is titled by its first plain child', () => {
    const columns = columnsIn('<div class="jl-tit"><b>交流互动</b><a href="/xf/">信访指南</a><a href="/ts/">投诉服务</a></div><ul><li><a href="/1">关于噪音扰民的回复</a></li></ul>');
    expect(columns.map((c) => c.title)).toEqual(['交流互动']);
  });

  test('an empty tab panel, maybe filled on click, is not called blank; an empty list under a tab is', () => {
    const tabs = (second: string) =>
      columnsIn(`<ul class="tabs"><li class="on">要闻</li><li>公告</li></ul><div><div><ul><li><a href="/1">市政府召开会议</a></li></ul></div><div>${second}</div></div>`);
    expect(tabs('').map((c) => c.title)).toEqual(['要闻']);
    expect(tabs('<ul></ul>').map(summary)).toEqual([
      { title: '要闻', source: 'tab', items: 1, dates: [null], placeholder: null },
      { title: '公告', source: 'tab', items: 0, dates: [], placeholder: null },
    ]);
  });

  test('a plain link list followed by as many boxes is not a tab box', () => {
    const columns = columnsIn('<ul><li><a href="/a">机构设置</a></li><li><a href="/b">领导信息</a></li></ul><div><div>甲</div><div>乙</div></div>');
    expect(columns).toEqual([]);
  });
});

describe('columns inside shadow roots', () => {
  test('an open shadow root is searched like a document', () => {
    const doc = parsePage('<html><body><div id="host"></div></body></html>', 'https://www.example.gov.cn/');
    const shadow = doc.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<div class="box"><div class="title">通知公告</div><ul><li><a href="/a">关于开展安全检查的通知</a><span>2025-06-01</span></li></ul></div>';
    expect(drain(findColumns(shadow, DEFAULT_RULE_PACK, CHECK_DATE)).map(summary)).toEqual([
      { title: '通知公告', source: 'block', items: 1, dates: ['2025-06-01'], placeholder: null },
    ]);
  });
});

describe('columns on real pages', () => {
  const page = (name: string) => corpusPage(`gov-pages/shangwuting_henan_template/${name}`);

  test('shangwuting home: tab boxes map each tab to its panel; the org-chart text tab (厅职责) is no column', () => {
    const titles = columnsOf(page('index.html')).map((c) => `${c.source}:${c.title}`);
    expect(titles).toEqual([
      'tab:新闻发布', 'tab:通知公告', 'tab:媒体报道',
      'tab:发展规划', 'tab:应急管理', 'tab:财政信息', 'tab:人事信息', 'tab:法规文件', 'tab:政策解读', 'tab:民生保障',
      'block:公共服务', 'block:在线访谈',
      'tab:厅领导', 'tab:内设机构', 'tab:派驻机构', 'tab:其他机构',
    ]);
  });

  test('shangwuting list page: 08月01日 dates take last year at the check date, prose dates (7月15日前) are ignored', () => {
    const columns = columnsOf(page('newsList.html'));
    const main = columns.find((c) => c.source === 'page')!;
    expect(main.title).toBe('政策法规');
    expect(main.items).toHaveLength(7);
    expect(new Set(main.items.map((i) => isoDay(i.date!)))).toEqual(new Set(['2024-08-01']));
    // The tab boxes' headlines carry "2015年4月20日至23日…" in their summaries: not a date.
    expect(columns.find((c) => c.title === '热点关注')!.items.every((i) => !i.date)).toBe(true);
  });

  test('shangwuting mailbox list: the page column is 领导信箱 with its eight dated letters', () => {
    const main = columnsOf(page('mailBoxList.html')).find((c) => c.source === 'page')!;
    expect(summary(main)).toMatchObject({ title: '领导信箱', items: 8 });
    expect(new Set(main.items.map((i) => isoDay(i.date!)))).toEqual(new Set(['2016-07-27']));
  });

  test('zysc article: no blank column anywhere, 建设中国科技城 in the text included', () => {
    const columns = columnsOf(corpusPage('gov-pages/mhxqwer__zysc.gov.cn/index.html'));
    expect(columns.filter((c) => !c.items.length || c.placeholder)).toEqual([]);
  });

  test('lfygxzf article: the side columns are found, their items show no dates', () => {
    const columns = columnsOf(corpusPage('gov-pages/mhxqwer__lfygxzf.gov.cn/index.html'));
    expect(columns.filter((c) => c.source === 'block').map(summary)).toEqual([
      { title: '广西要闻', source: 'block', items: 6, dates: Array(6).fill(null), placeholder: null },
      { title: '图片新闻', source: 'block', items: 3, dates: Array(3).fill(null), placeholder: null },
      { title: '政府常务会议', source: 'block', items: 5, dates: Array(5).fill(null), placeholder: null },
    ]);
  });
});
