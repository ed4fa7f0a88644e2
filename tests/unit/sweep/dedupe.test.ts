import { describe, expect, test } from 'vitest';
import { dedupeSiteFindings, siteKeyOf } from '@/lib/sweep/dedupe';
import type { PageVisit } from '@/lib/sweep/visit';
import type { Finding } from '@/lib/findings';
import { makeFinding } from '../../factories';

function visit(url: string, findings: Finding[]): PageVisit {
  return { url, finalUrl: url, outcome: 'ok', title: url, findings, unscanned: [] };
}

describe('site-wide repeats', () => {
  test('the same menu link, footer field and column on many pages fold into the first page', () => {
    const pages = ['http://x/', 'http://x/a', 'http://x/b'];
    const visits = pages.map((p, i) =>
      visit(p, [
        makeFinding({ pageUrl: p, rule: 'link-dead', label: '旧版网站', href: 'http://x/old/', selector: '.nav > a:nth-of-type(9)' }),
        makeFinding({ pageUrl: p, rule: 'filing-missing', label: '公网安备', detail: { field: 'police' }, selector: i ? '#foot' : '.footer' }),
        ...(i === 2 ? [makeFinding({ pageUrl: p, rule: 'column-blank', label: '专题专栏', detail: { kind: 'other' } })] : []),
        makeFinding({ pageUrl: p, rule: 'link-dead', label: '附件', href: `http://x/missing-${i}.pdf` }),
      ]),
    );
    const kept = dedupeSiteFindings(visits);
    expect(kept.map((k) => k.map((f) => f.rule))).toEqual([
      ['link-dead', 'filing-missing', 'link-dead'],
      ['link-dead'],
      ['column-blank', 'link-dead'],
    ]);
    expect(kept[0][0].detail).toMatchObject({ sweepPages: 3, sweepAlsoOn: ['http://x/a', 'http://x/b'] });
    expect(kept[0][1].detail.sweepPages).toBe(3);
    // A finding seen once says nothing more; the input is not modified.
    expect(kept[2][0].detail.sweepPages).toBeUndefined();
    expect(visits[0].findings[0].detail.sweepPages).toBeUndefined();
  });

  test('a column is the same column on the home page and on its own page; different elements stay apart', () => {
    const a = makeFinding({ rule: 'column-stale', label: '工作动态', selector: '#gzdt', detail: { kind: 'news' } });
    const b = makeFinding({ rule: 'column-stale', label: '工作动态', selector: '.content > ul', pageUrl: 'http://x/gzdt/', detail: { kind: 'news' } });
    expect(siteKeyOf(a)).toBe(siteKeyOf(b));
    const w1 = makeFinding({ rule: 'wording-error', label: '攻府', selector: 'p:nth-of-type(1)', message: 'm' });
    const w2 = makeFinding({ rule: 'wording-error', label: '攻府', selector: 'p:nth-of-type(2)', message: 'm' });
    expect(siteKeyOf(w1)).not.toBe(siteKeyOf(w2));
  });
});
