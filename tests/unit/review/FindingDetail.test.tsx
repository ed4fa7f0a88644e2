import { afterEach, expect, test, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { I18nProvider } from '@/components/i18n';
import { FindingDetail } from '@/components/review/FindingDetail';
import type { SyncApi } from '@/lib/sync/api';
import type { Finding } from '@/lib/findings';
import { makeFinding } from '../../factories';

const api = {} as SyncApi;
const onDecide = vi.fn(async () => undefined);
const show = (finding: Finding) => (
  <I18nProvider>
    <FindingDetail finding={finding} api={api} onDecide={onDecide} />
  </I18nProvider>
);
const box = () => screen.getByRole('textbox', { name: '审核意见' }) as HTMLTextAreaElement;

afterEach(cleanup);

test('a conflict brings the finding back fresh: the comment being typed stays, the decision uses it', async () => {
  const v1 = makeFinding({ version: 1 });
  const { rerender } = render(show(v1));
  fireEvent.input(box(), { target: { value: '属实，限期整改' } });
  // The inspector's note arrived meanwhile: the page swaps in version 2 of the same finding.
  rerender(show({ ...v1, version: 2, note: '已电话通知' }));
  expect(box().value).toBe('属实，限期整改');
  fireEvent.click(screen.getByTestId('accept'));
  expect(onDecide).toHaveBeenCalledWith([v1.id], 'accepted', '属实，限期整改');
});

test('an untouched box takes the fresh comment; another finding starts from its own', async () => {
  const v1 = makeFinding({ version: 1 });
  const { rerender } = render(show(v1));
  expect(box().value).toBe('');
  // Another supervisor's decision came back: nothing was typed here, so their comment is shown.
  rerender(show({ ...v1, version: 2, status: 'rejected', reviewComment: '误报' }));
  expect(box().value).toBe('误报');
  fireEvent.input(box(), { target: { value: '草稿' } });
  const other = makeFinding({ reviewComment: '已核实' });
  rerender(show(other));
  expect(box().value).toBe('已核实');
});
