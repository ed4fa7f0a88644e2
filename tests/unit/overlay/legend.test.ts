import { describe, expect, test } from 'vitest';
import { RULE_CATALOG } from '@/lib/rule-catalog';
import { translator } from '@/lib/i18n';
import { legendModel, phaseText, type Placement } from '@/lib/overlay/legend';
import { makeFinding } from '../../factories';

describe('legendModel', () => {
  const findings = [
    makeFinding({ key: 'a', rule: 'link-empty', severity: 'review' }),
    makeFinding({ key: 'b', rule: 'link-dead', severity: 'deduct' }),
    makeFinding({ key: 'c', rule: 'link-empty', severity: 'deduct' }),
    makeFinding({ key: 'd', rule: 'filing-missing', severity: 'deduct', selector: '' }),
    makeFinding({ key: 'e', rule: 'link-hidden', severity: 'veto' }),
    makeFinding({ key: 'f', rule: 'link-empty', severity: 'review' }),
  ];
  const placement: Record<string, Placement> = { a: 'boxed', b: 'missing', c: 'boxed', e: 'hidden' };
  const model = legendModel(findings, (f) => placement[f.key]);

  test('counts per rule in the registry order, with severities and colours; the uncertain ones apart', () => {
    expect(model.total).toBe(6);
    expect(model.rows).toEqual([
      { rule: 'link-dead', color: RULE_CATALOG['link-dead'].color, count: 1, review: 0, bySeverity: { deduct: 1 } },
      { rule: 'link-hidden', color: RULE_CATALOG['link-hidden'].color, count: 1, review: 0, bySeverity: { veto: 1 } },
      { rule: 'link-empty', color: RULE_CATALOG['link-empty'].color, count: 1, review: 2, bySeverity: { review: 2, deduct: 1 } },
      { rule: 'filing-missing', color: RULE_CATALOG['filing-missing'].color, count: 1, review: 0, bySeverity: { deduct: 1 } },
    ]);
  });

  test('错链 counts only 错链: links the machine could not judge are not added to it', () => {
    const links = [
      makeFinding({ rule: 'link-dead', severity: 'deduct' }),
      makeFinding({ rule: 'link-dead', severity: 'review' }),
      makeFinding({ rule: 'link-dead', severity: 'review' }),
    ];
    expect(legendModel(links, () => 'boxed').rows).toMatchObject([{ rule: 'link-dead', count: 1, review: 2 }]);
  });

  test('page-level findings by their empty selector, hidden and missing by placement', () => {
    expect(model.pageLevel.map((f) => f.key)).toEqual(['d']);
    expect(model.hidden.map((f) => f.key)).toEqual(['e']);
    expect(model.missing.map((f) => f.key)).toEqual(['b']);
  });

  test('findings not yet placed are counted but listed nowhere', () => {
    expect(findings.find((f) => f.key === 'f')).toBeDefined();
    expect([...model.hidden, ...model.missing, ...model.pageLevel].some((f) => f.key === 'f')).toBe(false);
  });

  test('an empty page', () => {
    expect(legendModel([], () => undefined)).toEqual({ total: 0, rows: [], pageLevel: [], hidden: [], missing: [] });
  });
});

describe('phaseText', () => {
  const zh = translator('zh_CN');
  const en = translator('en');
  test.each([
    ['idle', '等待检查', 'Waiting'],
    ['scanning', '扫描中…', 'Scanning…'],
    ['probing', '检测链接 3/10', 'Checking links 3/10'],
    ['done', '完成', 'Done'],
  ] as const)('%s', (phase, zhText, enText) => {
    const state = { phase, linksProbed: 3, linksTotal: 10 };
    expect(phaseText(zh, state)).toBe(zhText);
    expect(phaseText(en, state)).toBe(enText);
  });
});
