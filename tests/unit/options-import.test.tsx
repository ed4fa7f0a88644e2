import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { I18nProvider } from '@/components/i18n';
import { OptionsApp } from '@/components/options/OptionsApp';
import { loadActiveRulePack } from '@/lib/rule-pack/store';

/** The options page's rule-pack import against fake extension storage. */

const defaultText = readFileSync(resolve(import.meta.dirname, '../../public/rule-pack.default.json'), 'utf8');

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

function pick(file: File) {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

test('a pack with a misspelt field is imported and the dropped field is listed under the notice', async () => {
  render(
    <I18nProvider>
      <OptionsApp />
    </I18nProvider>,
  );
  await screen.findByTestId('pack-name');
  const pack = JSON.parse(defaultText);
  pack.version = 42;
  pack.links.newsContextWord = ['打击'];
  pick(new File([JSON.stringify(pack, null, 2)], 'typo.json', { type: 'application/json' }));
  await waitFor(async () => expect((await loadActiveRulePack()).pack.version).toBe(42));
  const status = await screen.findByTestId('status');
  await waitFor(() => expect(status.querySelector('li')?.textContent).toMatch(/^links\.newsContextWord（第 \d+ 行，第 \d+ 列）：未识别的字段，已忽略；请检查拼写$/));
  expect(status.getAttribute('role')).toBe('status');
});
