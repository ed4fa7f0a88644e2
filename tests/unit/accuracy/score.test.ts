import { describe, expect, test } from 'vitest';
import { belowBaseline, CaseLabel, emptyScores, formatScores, scoreCase, totalsOf } from '@/lib/accuracy/score';

const f = (rule: string, label: string, severity: 'veto' | 'deduct' | 'review' = 'veto', href = '') => ({ rule, label, severity, href, snippet: '' }) as never;

describe('accuracy scoring, axe-core style', () => {
  const label = CaseLabel.parse({
    title: 't',
    rules: ['link-hidden'],
    expect: [{ rule: 'link-hidden', match: 'spam.com', severity: 'veto' }, { rule: 'link-hidden', match: 'late.com' }],
    traps: [{ rule: 'link-hidden', match: 'people.cn' }],
  });

  test('found, missed, trap hits and unlabelled findings of judged rules; other rules ignored', () => {
    const scores = emptyScores();
    scoreCase(scores, 'case', label, [
      f('link-hidden', 'x', 'veto', 'http://spam.com/'),
      f('link-hidden', '人民网', 'review', 'http://www.people.cn/'),
      f('link-hidden', 'other', 'review', 'http://other.com/'),
      f('link-dead', 'ignored', 'deduct', 'http://late.com/'),
    ]);
    expect(scores.rules.get('link-hidden')).toEqual({ tp: 1, fp: 2, fn: 1, trapHits: 1, traps: 1, reviews: 2 });
    const out = formatScores(scores).trimEnd().split('\n');
    expect(out.at(-1)).toBe('accuracy: precision=0.333 recall=0.500 traps=1/1');
    expect(belowBaseline(totalsOf(scores), { precision: 0.333, recall: 0.5, trapHits: 1 })).toEqual([]);
    expect(belowBaseline(totalsOf(scores), { precision: 0.9, recall: 0.5, trapHits: 0 })).toHaveLength(2);
  });

  test('a finding at the wrong severity is a miss, not a false alarm', () => {
    const scores = emptyScores();
    scoreCase(scores, 'case', label, [f('link-hidden', 'x', 'review', 'http://spam.com/'), f('link-hidden', 'y', 'review', 'http://late.com/')]);
    expect(scores.rules.get('link-hidden')).toMatchObject({ tp: 1, fp: 0, fn: 1 });
    expect(scores.cases[0].problems[0]).toContain('found as review');
  });
});
