import { describe, expect, test } from 'vitest';
import type { Finding } from '../../lib/findings';
import { inspectorEdit, reviewEdit, type Outcome, type StoredState } from '../../server/merge';
import { finding } from './harness';

const NOW = '2025-07-01T09:00:00.000Z';

function written(o: Outcome): StoredState {
  if (o.kind !== 'write') throw new Error(`expected a write, got ${o.kind}${o.kind === 'conflict' ? ` (${o.reason})` : ''}`);
  return o.state;
}

/** A finding as stored after its first push by 张三 (version 1). */
function stored(overrides: Partial<Finding> = {}): { state: StoredState; pushed: Finding } {
  const pushed = finding(overrides);
  return { state: written(inspectorEdit(undefined, pushed, '张三')), pushed };
}

describe('inspector pushes', () => {
  test('a new finding is stored at version base+1, owned by the pusher whatever it claims', () => {
    const { state } = stored({ inspector: undefined, version: 0 });
    expect(state.finding.version).toBe(1);
    expect(state.finding.inspector).toBe('张三');
    expect(state.owner).toBe('张三');
    expect(state.inspectorRev).toBe(1);
    expect(state.reviewRev).toBe(0);
    expect(state.finding.status).toBe('open');
  });

  test('the same finding again is unchanged, even with detail keys in another order and a new updatedAt', () => {
    const { state, pushed } = stored({ detail: { status: 404, final: 'x' } });
    const again = { ...pushed, detail: { final: 'x', status: 404 }, updatedAt: '2025-07-02T00:00:00Z' };
    expect(inspectorEdit(state, again, '张三')).toEqual({ kind: 'unchanged', state });
  });

  test('an edit on the current version is written and bumps the version', () => {
    const { state, pushed } = stored();
    const s = written(inspectorEdit(state, { ...pushed, version: 1, note: '首页第3条', status: 'confirmed' }, '张三'));
    expect(s.finding).toMatchObject({ version: 2, note: '首页第3条', status: 'confirmed' });
    expect(s.inspectorRev).toBe(2);
  });

  test('removing the note is an edit too: the push carries the whole inspector side', () => {
    const { state, pushed } = stored({ note: '旧备注' });
    const s = written(inspectorEdit(state, { ...pushed, note: undefined, version: 1 }, '张三'));
    expect(s.finding.note).toBeUndefined();
  });

  test('an edit based on a version the inspector side has since moved past is a conflict', () => {
    const { state, pushed } = stored();
    const fromLaptop = written(inspectorEdit(state, { ...pushed, version: 1, note: '笔记本上写的' }, '张三'));
    const fromDesktop = inspectorEdit(fromLaptop, { ...pushed, version: 1, note: '台式机上写的' }, '张三');
    expect(fromDesktop).toMatchObject({ kind: 'conflict', reason: 'stale-version' });
    expect(fromDesktop.state.finding.note).toBe('笔记本上写的');
  });

  test('a version the server never issued is a conflict, not an overwrite', () => {
    const { state, pushed } = stored();
    expect(inspectorEdit(state, { ...pushed, version: 7, note: 'x' }, '张三')).toMatchObject({ kind: 'conflict', reason: 'unknown-version' });
  });

  test("a note written before a supervisor's review merges with it: the review stays", () => {
    const { state, pushed } = stored({ status: 'confirmed' });
    const reviewed = written(reviewEdit(state, { id: pushed.id, version: 1, decision: 'accepted', comment: '属实' }, '李四', NOW));
    const s = written(inspectorEdit(reviewed, { ...pushed, version: 1, note: '已截图' }, '张三'));
    expect(s.finding).toMatchObject({ version: 3, note: '已截图', status: 'accepted', reviewer: '李四', reviewComment: '属实', reviewedAt: NOW });
    expect(s.reviewRev).toBe(2);
    expect(s.inspectorRev).toBe(3);
  });

  test('after a review the inspector can no longer change the status', () => {
    const { state, pushed } = stored({ status: 'confirmed' });
    const reviewed = written(reviewEdit(state, { id: pushed.id, version: 1, decision: 'rejected' }, '李四', NOW));
    const o = inspectorEdit(reviewed, { ...pushed, version: 2, status: 'dismissed' }, '张三');
    expect(o).toMatchObject({ kind: 'conflict', reason: 'reviewed' });
  });

  test("the inspector's copy of a review status means 'status unchanged'; review fields in a push are ignored", () => {
    const { state, pushed } = stored({ status: 'confirmed' });
    const reviewed = written(reviewEdit(state, { id: pushed.id, version: 1, decision: 'accepted' }, '李四', NOW));
    const echo = { ...reviewed.finding, status: 'rejected' as const, reviewer: '张三', reviewComment: '我自己批的', note: '补充' };
    const s = written(inspectorEdit(reviewed, echo, '张三'));
    expect(s.finding).toMatchObject({ status: 'accepted', reviewer: '李四', note: '补充' });
    expect(s.finding.reviewComment).toBeUndefined();
    expect(s.inspectorStatus).toBe('confirmed');
  });
});

describe('supervisor reviews', () => {
  test('a review on the current version sets the supervisor fields and keeps the inspector side', () => {
    const { state, pushed } = stored({ status: 'confirmed', note: '见截图' });
    const s = written(reviewEdit(state, { id: pushed.id, version: 1, decision: 'accepted', comment: '同意' }, '李四', NOW));
    expect(s.finding).toMatchObject({ status: 'accepted', reviewer: '李四', reviewComment: '同意', reviewedAt: NOW, updatedAt: NOW, note: '见截图', inspector: '张三', version: 2 });
    expect(s.inspectorStatus).toBe('confirmed');
    expect(s.inspectorRev).toBe(1);
  });

  test('a review of content the inspector has since changed is a conflict', () => {
    const { state, pushed } = stored();
    const edited = written(inspectorEdit(state, { ...pushed, version: 1, label: '改过的标题' }, '张三'));
    expect(reviewEdit(edited, { id: pushed.id, version: 1, decision: 'accepted' }, '李四', NOW)).toMatchObject({
      kind: 'conflict',
      reason: 'stale-version',
    });
  });

  test('repeating the decision that stands changes nothing, whatever version it names', () => {
    const { state, pushed } = stored();
    const s = written(reviewEdit(state, { id: pushed.id, version: 1, decision: 'rejected', comment: '误报' }, '李四', NOW));
    expect(reviewEdit(s, { id: pushed.id, version: 1, decision: 'rejected', comment: '误报' }, '李四', NOW)).toEqual({ kind: 'unchanged', state: s });
    expect(reviewEdit(s, { id: pushed.id, version: 1, decision: 'rejected', comment: '另一条意见' }, '李四', NOW)).toMatchObject({ kind: 'conflict' });
  });
});
