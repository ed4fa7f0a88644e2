import { describe, expect, test } from 'vitest';
import { findingsToHtmlReport } from '@/lib/export/report';
import { siteNamesOf } from '@/lib/export/site-names';
import { recordSession } from '../../record-session';

describe('confirmed work is the record', () => {
  test('the body holds the 5 confirmed or accepted findings; the appendix counts the 300 unreviewed; summary and body agree', () => {
    const { session, findings } = recordSession();
    const html = findingsToHtmlReport({ session, findings, siteNames: siteNamesOf(findings, { session }) });
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const body = [...doc.querySelectorAll('article.finding')];
    expect(body).toHaveLength(5);
    expect(body.map((a) => a.textContent).join('\n')).not.toContain('未确认链接');
    // 问题总数 in the summary is the body's count.
    const total = [...doc.querySelectorAll('.stats div')].find((d) => d.textContent!.includes('问题总数'))!.querySelector('b')!.textContent;
    expect(total).toBe('5');
    const perSite = [...doc.querySelectorAll('tbody tr.fail, tbody tr.pass')].map((tr) => Number(tr.querySelectorAll('td')[2].textContent));
    expect(perSite.reduce((a, b) => a + b, 0)).toBe(5);
    const appendix = doc.querySelector('section.appendix')!;
    expect(appendix.getAttribute('data-unreviewed')).toBe('300');
    expect(appendix.textContent).toContain('共 300 条待确认');
    expect(appendix.textContent).toContain('另有 1 条已排除或审核驳回');
    expect(doc.querySelector('.basis')!.textContent).toContain('共 5 条');
    expect(doc.querySelector('.basis')!.textContent).toContain('另有 300 条');
  });

  test('sites are named from the session list, else the pages’ own title, never a bare host when a name is known', () => {
    const { session, findings } = recordSession();
    const names = siteNamesOf(findings, { session });
    expect(names.get('www.qinghe.gov.cn')).toBe('青禾县人民政府');
    // Not in the session: the shallowest page's title.
    expect(names.get('www.shuangqiao.gov.cn')).toBe('双桥区人民政府');
    const registry = [{ name: '双桥区人民政府门户网站', domains: ['shuangqiao.gov.cn'] }];
    expect(siteNamesOf(findings, { session, registry }).get('www.shuangqiao.gov.cn')).toBe('双桥区人民政府门户网站');
    const html = findingsToHtmlReport({ session, findings });
    expect(html).toContain('双桥区人民政府（www.shuangqiao.gov.cn）');
    expect(html).not.toMatch(/<td>www\.shuangqiao\.gov\.cn<\/td>/);
  });

  test('a sweep report (found basis) says plainly that nothing in it is confirmed', () => {
    const { findings } = recordSession();
    const html = findingsToHtmlReport({ findings: findings.filter((f) => f.status === 'open').slice(0, 3), basis: 'found' });
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(doc.querySelectorAll('article.finding')).toHaveLength(3);
    expect(doc.querySelector('.basis')!.textContent).toContain('尚未经人工确认');
    expect(doc.querySelector('section.appendix')).toBeNull();
  });
});
