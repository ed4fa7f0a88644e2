import { afterEach, expect, test } from 'vitest';
import { startPicker } from '@/lib/overlay/picker';

afterEach(() => {
  document.body.innerHTML = '';
  document.querySelector('gsi-picker')?.remove();
});

test('script-made clicks and keys neither pick nor cancel; the page still gets its own script events', async () => {
  document.body.innerHTML = '<a id="target" href="#">通知</a>';
  const target = document.getElementById('target')!;
  let pageSaw = 0;
  target.addEventListener('click', (e) => {
    e.preventDefault();
    pageSaw++;
  });
  const picker = startPicker(document, { hint: '请点击' });
  let settled: unknown = 'pending';
  void picker.result.then((v) => (settled = v));
  target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, clientX: 1, clientY: 1 }));
  target.click();
  document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  await new Promise((r) => setTimeout(r, 0));
  expect(settled).toBe('pending');
  expect(document.querySelector('gsi-picker')).not.toBeNull();
  expect(pageSaw).toBe(2);
  picker.cancel();
  expect(await picker.result).toBeNull();
});
