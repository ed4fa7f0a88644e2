import { describe, expect, test } from 'vitest';
import { derivePageFacts, filingIn, newestDateIn, repostsIn, siteLinks } from '@/lib/sweep/facts';
import { collectPageFacts } from '@/lib/sweep/collect';

const NOW = new Date('2025-06-30T12:00:00');

describe('page facts', () => {
  test('filing values from a footer, malformed ones left out', () => {
    expect(filingIn('网站标识码：3701000005 鲁ICP备05000005号-2 鲁公网安备 37010202000005号')).toEqual({
      siteCode: '3701000005',
      icp: '鲁ICP备05000005号-2',
      police: '37010202000005',
    });
    expect(filingIn('网站标识码：12345 京 ICP 备 19054529 号')).toEqual({ icp: '京ICP备19054529号' });
    expect(filingIn('版权所有')).toEqual({});
  });

  test('the newest date not after the check day', () => {
    expect(newestDateIn('[06-25] 要闻 2025-06-30 今天 2025-07-02 活动预告 2024-12-01', NOW)).toBe('2025-06-30');
    expect(newestDateIn('没有日期 © 2010-2025', NOW)).toBeNull();
  });

  test('reposts by link URL, by title in a link or the text, by a cut-short link text', () => {
    const tasks = [
      { title: '关于开展2025年全国安全生产月活动的通知', url: 'https://www.gov.cn/zhengce/2025/05/aqscy.htm' },
      { title: '国务院政府工作报告' },
      { title: '全国文明城市创建工作推进会召开' },
      { title: '没有被转发的一项重点工作' },
    ];
    const found = repostsIn(
      {
        text: '首页 国务院政府工作报告 学习专栏',
        links: [
          { href: 'http://gov.cn/zhengce/2025/05/aqscy.htm#x', text: '安全生产月', title: '', nav: false },
          { href: 'http://x/1', text: '全国文明城市创建…', title: '', nav: false },
        ],
      },
      tasks,
    );
    expect(found).toEqual([0, 1, 2]);
  });

  test('same-site page links, canonical and deduplicated; nav wins when a link is in both places', () => {
    const links = siteLinks(
      {
        url: 'http://x.gov.cn/col/',
        links: [
          { href: 'http://x.gov.cn/col/1.html#a', text: '1', title: '', nav: false },
          { href: 'http://x.gov.cn/col/1.html', text: '1', title: '', nav: true },
          { href: 'http://www.x.gov.cn/col/2.html', text: '2', title: '', nav: false },
          { href: 'http://other.gov.cn/', text: 'o', title: '', nav: true },
          { href: 'http://x.gov.cn/files/a.pdf', text: 'pdf', title: '', nav: false },
          { href: 'javascript:void(0)', text: 'js', title: '', nav: false },
        ],
      },
      'http://x.gov.cn/',
    );
    expect(links).toEqual([
      { url: 'http://x.gov.cn/col/1.html', nav: true },
      { url: 'http://www.x.gov.cn/col/2.html', nav: false },
    ]);
  });

  test('collectPageFacts reads a rendered page: links with nav marks, text, footer', () => {
    document.body.innerHTML = `<div class="nav"><a href="/col/">栏目</a></div>
      <div class="box"><div class="hd"><h2>要闻</h2><a href="/ywdt/">更多&gt;&gt;</a></div><ul><li><a href="/ywdt/1.html" title="标题">文章</a> 2025-06-20</li></ul></div>
      <div class="footer">网站标识码：3701000005 鲁ICP备05000005号</div>`;
    const raw = collectPageFacts(10_000);
    expect(raw.links.map((l) => [new URL(l.href).pathname, l.nav])).toEqual([
      ['/col/', true],
      ['/ywdt/', true],
      ['/ywdt/1.html', false],
    ]);
    expect(raw.footerText).toContain('网站标识码');
    const facts = derivePageFacts({ ...raw, url: 'http://localhost:3000/' }, { home: raw.url, now: NOW, reposts: [] });
    expect(facts.filing).toEqual({ siteCode: '3701000005', icp: '鲁ICP备05000005号' });
    expect(facts.newestDate).toBe('2025-06-20');
  });
});
