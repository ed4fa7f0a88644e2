import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { I18nProvider } from '@/components/i18n';
import { SessionsApp } from '@/components/sessions/SessionsApp';
import { createSession } from '@/lib/store/sessions';
import { openStore, type InspectorStore } from '@/lib/store/db';
import { makeFinding } from '../../factories';

let db: InspectorStore;
let n = 0;
beforeEach(async () => {
  fakeBrowser.reset();
  db = await openStore(`gsi-page-link-${++n}`);
});
afterEach(() => {
  cleanup();
  db.close();
});

test('a stored pageUrl that is not http(s) is shown as text, never as a link to open', async () => {
  const session = await createSession(db, { name: '二季度检查', quarter: '2025Q2', inspector: '张三' });
  // Written straight to the store, as a record from before the schema check (or from around it) would be.
  await db.put('findings', { ...makeFinding({ key: 'bad', pageTitle: '恶意页面' }), pageUrl: 'javascript:alert(document.domain)', sessionId: session.id });
  await db.put('findings', { ...makeFinding({ key: 'good', pageTitle: '正常页面' }), sessionId: session.id });
  render(
    <I18nProvider>
      <SessionsApp db={Promise.resolve(db)} />
    </I18nProvider>,
  );
  await waitFor(() => expect(screen.getAllByText('恶意页面').length).toBeGreaterThan(0));
  for (const el of screen.getAllByText('恶意页面')) expect(el.closest('a')).toBeNull();
  expect(screen.getAllByText('正常页面').some((el) => el.closest('a')?.getAttribute('href')?.startsWith('https://'))).toBe(true);
  expect(document.querySelector('a[href^="javascript:"]')).toBeNull();
});
