import { describe, expect, test } from 'vitest';
import { DEFAULT_RULE_PACK, WordingEntry } from '@/lib/rule-pack/pack';
import { CONTEXT_RADIUS, WordingMatcher, contextOf, locateHit, matcherFor, textRuns } from '@/lib/facts/wording';
import { parsePage } from '../../fixtures/filing/harness';

const entry = (wrong: string, more: Partial<WordingEntry> = {}): WordingEntry =>
  WordingEntry.parse({ wrong, correct: '', category: 'other', severity: 'deduct', ...more });
const found = (m: WordingMatcher, text: string, extra?: string) => [...m.find(text, extra)].map((h) => [h.found, h.start]);

describe('wording matcher', () => {
  test('finds every occurrence, longest entry first where two overlap', () => {
    const m = new WordingMatcher([entry('民国'), entry('中华民国总统'), entry('攻府')]);
    expect(found(m, '攻府，中华民国总统，民国，攻府')).toEqual([
      ['攻府', 0],
      ['中华民国总统', 3],
      ['民国', 10],
      ['攻府', 13],
    ]);
  });

  test('Latin letters match case-insensitively and regex characters are literal', () => {
    const m = new WordingMatcher([entry('Taiwan (ROC)'), entry('a.b')]);
    expect(found(m, 'TAIWAN (roc) axb a.b')).toEqual([
      ['TAIWAN (roc)', 0],
      ['a.b', 17],
    ]);
  });

  test('an allowed context holding the phrase excuses only that exact wording', () => {
    const m = new WordingMatcher([entry('农业部', { allowedContexts: ['原农业部', '农业部门'] })]);
    expect(found(m, '原农业部印发；各级农业部门落实；农业部发布')).toEqual([['农业部', 16]]);
  });

  test('any other allowed context excuses matches within the radius, or in the page title', () => {
    const m = new WordingMatcher([entry('中华民国总统', { allowedContexts: ['辛亥革命'] })]);
    expect(found(m, '辛亥革命后，中华民国总统')).toEqual([]);
    const far = `辛亥革命${'。'.repeat(CONTEXT_RADIUS)}中华民国总统`;
    expect(found(m, far)).toEqual([['中华民国总统', 4 + CONTEXT_RADIUS]]);
    expect(found(m, far, '辛亥革命史料')).toEqual([]);
  });

  test('one matcher per word list', () => {
    const list = [entry('攻府')];
    expect(matcherFor(list)).toBe(matcherFor(list));
    expect(matcherFor([...list])).not.toBe(matcherFor(list));
    expect(found(new WordingMatcher([]), '攻府')).toEqual([]);
  });
});

describe('text runs', () => {
  test('inline elements join a run, block elements split it, skipped elements are left out', () => {
    const doc = parsePage('<div>中华<b>人民</b><a>共合国</a><p>段落</p>尾<script>x</script><span>巴</span></div>');
    const runs = [...textRuns([{ root: doc, path: [] }])].map((r) => r.text);
    expect(runs).toEqual(['中华人民共合国', '段落', '尾巴']);
  });

  test('a hit is located in the smallest element holding it, as an offset into its textContent', () => {
    const doc = parsePage('<p id="p">前<script>var a;</script>言：中华<b>人民</b>共合国</p>');
    const [run] = [...textRuns([{ root: doc, path: [] }])];
    const start = run.text.indexOf('中华');
    const where = locateHit(run, start, start + 7)!;
    expect(where.element.id).toBe('p');
    // textContent includes the script's text, so the offset counts it too.
    expect(where.element.textContent!.slice(where.offset, where.offset + 7)).toBe('中华人民共合国');
    const inner = locateHit(run, run.text.indexOf('人民'), run.text.indexOf('人民') + 2)!;
    expect(inner.element.localName).toBe('b');
    expect(inner.offset).toBe(0);
  });

  test('context is a short folded excerpt', () => {
    expect(contextOf('一二三\n\n  攻府  四五六', 7, 9, 3)).toBe('… 攻府 四…');
    expect(contextOf('攻府', 0, 2)).toBe('攻府');
  });
});

describe('the default wording list', () => {
  const list = DEFAULT_RULE_PACK.wording;
  const matcher = matcherFor(list);

  test('covers every category the issue names, with corrections', () => {
    const categories = new Set(list.map((e) => e.category));
    for (const c of ['country-organ', 'fixed-phrase', 'taiwan', 'agency']) expect(categories).toContain(c);
    for (const wrong of ['中华人民共合国', '中共人民共和国', '攻府', '中国入民', '人民代表大人', '烈土', '台湾国', '中华民国总统', '两岸三地']) {
      expect(list.map((e) => e.wrong)).toContain(wrong);
    }
    expect(list.find((e) => e.wrong === '国家工商行政管理总局')?.correct).toBe('国家市场监督管理总局');
  });

  test('no entry matches its own correction, and the correct forms match nothing', () => {
    for (const e of list) if (e.correct) expect(found(matcher, e.correct)).toEqual([]);
    for (const ok of ['台湾地区领导人', '中国台湾', '台湾当局', '两岸关系', '内地与香港', '中华人民共和国', '中国人民', '人民代表大会', '革命烈士', '自然资源部', '农业农村部', '文化和旅游部', '生态环境部']) {
      expect(found(matcher, ok)).toEqual([]);
    }
  });

  test('agency names, legitimate in dated documents, are only ever for review', () => {
    for (const e of list.filter((x) => x.category === 'agency')) expect(e.severity).toBe('review');
  });

  test('everyday words that contain a listed phrase are excused', () => {
    for (const text of ['各级文化部门', '会议对农业部署作出安排', '环境保护部门', '激烈土地纠纷', '台湾国际机场', '美国农业部公布数据', '原国土资源部']) {
      expect(found(matcher, text)).toEqual([]);
    }
  });
});
