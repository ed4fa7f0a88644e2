import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { Connection } from '@/entrypoints/options/Connection';
import { translator } from '@/lib/i18n';
import { SYNC_SETTINGS_KEY } from '@/lib/sync/settings';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

async function save(endpoint: string): Promise<string> {
  const { container } = render(<Connection t={translator('zh_CN')} />);
  fireEvent.input(container.querySelector('input[name="endpoint"]')!, { target: { value: endpoint } });
  fireEvent.input(container.querySelector('input[name="token"]')!, { target: { value: 'abcdefghijklmnopqrstuvwxyz012345' } });
  fireEvent.click(screen.getByRole('button', { name: '保存' }));
  return (await screen.findByTestId('sync-result')).textContent ?? '';
}

test('an address without http(s):// gets the page\'s own words on save (not the browser\'s form check), nothing saved', async () => {
  expect(await save('gsi.example.gov.cn')).toMatch(/^服务器地址应是 http:\/\/ 或 https:\/\/ 开头/);
  expect(await fakeBrowser.storage.local.get(SYNC_SETTINGS_KEY)).toEqual({});
});

test('a pasted API address is refused with the root to type', async () => {
  expect(await save('https://gsi.example.gov.cn/api/me')).toBe('请填写同步服务的根地址，不要带 /api/me（例如 https://gsi.example.gov.cn）');
  expect(await fakeBrowser.storage.local.get(SYNC_SETTINGS_KEY)).toEqual({});
});

test('a good address is saved trimmed', async () => {
  await save('  https://gsi.example.gov.cn/  ');
  await waitFor(async () => expect((await fakeBrowser.storage.local.get(SYNC_SETTINGS_KEY))[SYNC_SETTINGS_KEY]).toMatchObject({ endpoint: 'https://gsi.example.gov.cn' }));
});

test('a connection saved before the address check got stricter is shown again with what is wrong, not an empty form', async () => {
  await fakeBrowser.storage.local.set({ [SYNC_SETTINGS_KEY]: { endpoint: 'https://gsi.example.gov.cn/api/me', token: 'abcdefghijklmnopqrstuvwxyz012345' } });
  const { container } = render(<Connection t={translator('zh_CN')} />);
  expect((await screen.findByTestId('sync-result')).textContent).toBe(
    '已保存的连接设置不能使用，请改正后保存：请填写同步服务的根地址，不要带 /api/me（例如 https://gsi.example.gov.cn）',
  );
  expect((container.querySelector('input[name="endpoint"]') as HTMLInputElement).value).toBe('https://gsi.example.gov.cn/api/me');
  expect((container.querySelector('input[name="token"]') as HTMLInputElement).value).toBe('abcdefghijklmnopqrstuvwxyz012345');
});

test('a plain-http address off this machine is refused on save with why and what to type, nothing saved', async () => {
  expect(await save('http://gsi.example.gov.cn')).toBe(
    'http:// 会让令牌以明文经过网络，只能用于本机（localhost、127.0.0.1）上的测试服务器；请填写 https:// 地址，例如 https://gsi.example.gov.cn',
  );
  expect(await fakeBrowser.storage.local.get(SYNC_SETTINGS_KEY)).toEqual({});
});

test('a plain-http address saved by an older version is shown again with the reason, and sync treats it as not set', async () => {
  await fakeBrowser.storage.local.set({ [SYNC_SETTINGS_KEY]: { endpoint: 'http://10.1.2.3:8787', token: 'abcdefghijklmnopqrstuvwxyz012345' } });
  render(<Connection t={translator('zh_CN')} />);
  expect((await screen.findByTestId('sync-result')).textContent).toMatch(/^已保存的连接设置不能使用，请改正后保存：http:\/\/ 会让令牌以明文经过网络/);
  const { loadSyncSettings } = await import('@/lib/sync/settings');
  expect(await loadSyncSettings()).toBeNull();
});

test('a successful 测试连接 keeps the settings, so the status stops saying 未设置同步服务器', async () => {
  const { vi } = await import('vitest');
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  vi.stubGlobal('fetch', async (url: string) => (String(url).endsWith('/healthz') ? json({ ok: true, database: 'sqlite' }) : json({ name: '张三', role: 'inspector' })));
  try {
    const { container } = render(<Connection t={translator('zh_CN')} />);
    fireEvent.input(container.querySelector('input[name="endpoint"]')!, { target: { value: 'https://gsi.example.gov.cn' } });
    fireEvent.input(container.querySelector('input[name="token"]')!, { target: { value: 'abcdefghijklmnopqrstuvwxyz012345' } });
    fireEvent.click(screen.getByTestId('sync-test'));
    await waitFor(() => expect(screen.getByTestId('sync-result').textContent).toMatch(/^连接正常：张三.*设置已保存/));
    expect((await fakeBrowser.storage.local.get(SYNC_SETTINGS_KEY))[SYNC_SETTINGS_KEY]).toMatchObject({ endpoint: 'https://gsi.example.gov.cn' });
    await waitFor(() => expect(container.textContent).not.toContain('未设置同步服务器'));
  } finally {
    vi.unstubAllGlobals();
  }
});
