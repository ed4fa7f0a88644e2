import { describe, expect, test } from 'vitest';
import { listItems } from '@/components/popup/list-items';
import type { ScanState } from '@/lib/messages';
import { makeFinding } from '../../factories';

const state = (findings: ScanState['findings']): ScanState => ({
  url: 'https://www.example.gov.cn/',
  title: '',
  phase: 'done',
  findings,
  unscanned: [],
  counts: {},
  linksTotal: 0,
  linksProbed: 0,
  overlayVisible: true,
});

describe('the popup list is in page order', () => {
  test('stored findings (read in id order) follow the live scan’s order; manual and gone ones come last', () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((key) => makeFinding({ key }));
    const manual = makeFinding({ key: 'm', detail: { manual: true } });
    const gone = makeFinding({ key: 'g' });
    const items = listItems(state([a, b, c, d]), [gone, c, manual, a, d]);
    expect(items.map((i) => i.finding.key)).toEqual(['a', 'b', 'c', 'd', 'g', 'm']);
    expect(items.filter((i) => i.gone).map((i) => i.finding.key)).toEqual(['g']);
  });
});
