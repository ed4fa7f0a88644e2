import { afterEach, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { SweepPanel } from '@/components/SweepPanel';
import { IDLE_STATUS, type SweepMessage, type SweepStatus } from '@/lib/sweep/messages';

afterEach(cleanup);

/** Stands in for the background (the real pairing runs in Chromium: tests/e2e/sweep-extension.test.ts). */
function fakeBackground(script: SweepStatus[]) {
  const sent: SweepMessage[] = [];
  let i = 0;
  let status = IDLE_STATUS;
  return {
    sent,
    send: async (m: SweepMessage) => {
      sent.push(m);
      if (m.type === 'sweep-start' || m.type === 'sweep-cancel' || (m.type === 'sweep-status' && status.phase === 'running')) status = script[Math.min(i++, script.length - 1)];
      return status;
    },
  };
}

test('start, progress, the verdict at the end', async () => {
  const bg = fakeBackground([
    { ...IDLE_STATUS, phase: 'running', done: 3, total: 12, current: 'http://x.gov.cn/col/1.html' },
    {
      ...IDLE_STATUS,
      phase: 'done',
      done: 12,
      total: 12,
      recorded: 7,
      sessionName: '2025Q2',
      result: { name: 'x', url: 'http://x.gov.cn/', pages: 12, verdict: 'fail', reasons: ['空白栏目 6 个（≥5 个即单项否决）'], counts: { 'column-blank': 6 } },
    },
  ]);
  render(<SweepPanel tabUrl="http://x.gov.cn/col/1.html" send={bg.send} />);
  fireEvent.click(await screen.findByRole('button', { name: '检查本站全部栏目' }));
  expect(await screen.findByText('已检查 3 / 12 个页面')).toBeTruthy();
  expect(screen.getByText('正在检查：http://x.gov.cn/col/1.html')).toBeTruthy();
  await waitFor(() => expect(screen.getByText('不合格')).toBeTruthy(), { timeout: 3000 });
  expect(screen.getByText('空白栏目 6 个（≥5 个即单项否决）')).toBeTruthy();
  expect(bg.sent[1]).toEqual({ type: 'sweep-start', url: 'http://x.gov.cn/col/1.html' });
});

test('cancel while running; a page that is not a web site cannot be swept', async () => {
  const bg = fakeBackground([
    { ...IDLE_STATUS, phase: 'running', done: 1, total: 5 },
    { ...IDLE_STATUS, phase: 'cancelled', done: 1, total: 1 },
  ]);
  const { unmount } = render(<SweepPanel tabUrl="http://x.gov.cn/" send={bg.send} />);
  fireEvent.click(await screen.findByRole('button', { name: '检查本站全部栏目' }));
  fireEvent.click(await screen.findByRole('button', { name: '取消检查' }));
  expect(await screen.findByText('已取消，已检查 1 个页面（已记入的问题保留）')).toBeTruthy();
  unmount();
  render(<SweepPanel tabUrl="chrome://extensions/" send={bg.send} />);
  expect((screen.getByRole('button', { name: '检查本站全部栏目' }) as HTMLButtonElement).disabled).toBe(true);
});

test('the hint states the extension sweep’s own pace, read from its setting, and that the CLI has another', async () => {
  const { EXTENSION_POLITENESS, DEFAULT_POLITENESS } = await import('@/lib/sweep/politeness');
  render(<SweepPanel tabUrl="http://x.gov.cn/" send={fakeBackground([]).send} />);
  const hint = await screen.findByText(/逐页检查/);
  expect(hint.textContent).toContain(`一次一页，相邻两页间隔 ${EXTENSION_POLITENESS.spacingMs / 1000} 秒`);
  expect(hint.textContent).toContain('命令行全站检查另有自己的节奏');
  // README's 0.25 s is the CLI's pace: a different setting, said to be different.
  expect(DEFAULT_POLITENESS.spacingMs).not.toBe(EXTENSION_POLITENESS.spacingMs);
});
