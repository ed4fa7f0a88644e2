import { describe, expect, test } from 'vitest';
import { createSettleWatch } from '@/lib/engine/settle';
import type { ScanState } from '@/lib/messages';

const state = (patch: Partial<ScanState>): ScanState => ({
  url: 'http://x/',
  title: '',
  phase: 'done',
  findings: [],
  unscanned: [],
  counts: {},
  linksTotal: 0,
  linksProbed: 0,
  overlayVisible: true,
  ...patch,
});

describe('a page is settled only when done, nothing pending and quiet (issue 12)', () => {
  test('the first done with a rescan pending or links just arrived is not the last word', () => {
    let now = 0;
    const watch = createSettleWatch({ quietMs: 2000, maxWaitMs: 10_000 }, () => now);
    expect(watch.settled(state({ phase: 'probing' }))).toBe(false);
    expect(watch.settled(state({ pending: true, quietForMs: 0 }))).toBe(false);
    expect(watch.settled(state({ pending: false, quietForMs: 400 }))).toBe(false);
    expect(watch.settled(state({ pending: false, quietForMs: 2000 }))).toBe(true);
  });

  test('a page that never stops adding links is taken as it is after the bound', () => {
    let now = 0;
    const watch = createSettleWatch({ quietMs: 2000, maxWaitMs: 10_000 }, () => now);
    expect(watch.settled(state({ pending: true, quietForMs: 0 }))).toBe(false);
    now = 10_000;
    expect(watch.settled(state({ pending: true, quietForMs: 0 }))).toBe(true);
  });

  test('an older build that reports neither is settled at its first done', () => {
    expect(createSettleWatch().settled(state({}))).toBe(true);
  });
});
