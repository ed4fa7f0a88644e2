import { afterEach, beforeEach, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { I18nProvider } from '@/components/i18n';
import { ReviewApp } from '@/components/review/ReviewApp';
import { LANGUAGE_KEY } from '@/lib/i18n';

/** The review page before it can reach a server; with a server it is tests/e2e/review.test.ts. */

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

test('no sync server set: said in the language the inspector chose, and again after switching', async () => {
  await fakeBrowser.storage.local.set({ [LANGUAGE_KEY]: 'en' });
  render(
    <I18nProvider>
      <ReviewApp />
    </I18nProvider>,
  );
  const fatal = await screen.findByTestId('fatal');
  await waitFor(() => expect(fatal.textContent).toBe('No sync server set. Enter the server address and a supervisor token on the options page first.'));
  fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'zh_CN' } });
  await waitFor(() => expect(screen.getByTestId('fatal').textContent).toMatch(/^尚未设置同步服务器/));
});
