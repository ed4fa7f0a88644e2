import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { cleanup, render, screen } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { I18nProvider } from '@/components/i18n';
import { SyncStatus } from '@/components/SyncStatus';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

const show = (compact: boolean) =>
  render(
    <I18nProvider>
      <SyncStatus compact={compact} />
    </I18nProvider>,
  );

test('no sync server set, in the popup: says so, with the way to the settings', async () => {
  show(true);
  await screen.findByText(/^未设置同步服务器/);
  expect(screen.getByRole('button', { name: '去设置' })).toBeTruthy();
});

test('no sync server set, on the options page itself: says so, without a button that reopens the page', async () => {
  show(false);
  await screen.findByText(/^未设置同步服务器/);
  expect(screen.queryByRole('button', { name: '去设置' })).toBeNull();
});
