import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { I18nProvider } from '@/components/i18n';
import { SyncStatus } from '@/components/SyncStatus';
import { openStore, type InspectorStore } from '@/lib/store/db';
import { createSession } from '@/lib/store/sessions';
import { findingsOfSession, recordScan } from '@/lib/store/recording';
import { oldestEntries } from '@/lib/store/outbox';
import { holdBack } from '@/lib/sync/held';
import { saveSyncSettings } from '@/lib/sync/settings';
import { makeFinding } from '../../factories';

let db: InspectorStore;
let sessionId: string;
const ids = [crypto.randomUUID(), crypto.randomUUID()];

beforeEach(async () => {
  fakeBrowser.reset();
  await saveSyncSettings({ endpoint: 'https://gsi.example.gov.cn', token: 'good-token' });
  db = await openStore();
  await db.clear('findings');
  await db.clear('outbox');
  sessionId = (await createSession(db, { name: '第三季度', quarter: '2025Q3', inspector: '张三' })).id;
  await recordScan(db, {
    sessionId,
    pageUrl: 'https://www.example.gov.cn/',
    pageTitle: '示例',
    findings: [
      makeFinding({ id: ids[0], key: 'k-0', label: '同事的记录', inspector: '王五', version: 3, note: '我加的备注' }),
      makeFinding({ id: ids[1], key: 'k-1', label: '另一条', version: 0 }),
    ],
  });
  const entries = await oldestEntries(db, 'finding', 5);
  await holdBack(
    db,
    entries,
    new Map(entries.map((e) => [e.ref, { ref: e.ref, code: e.id === ids[0] ? 'not-owner' : 'invalid-status', message: `服务器原话 ${e.id}` }])),
  );
});
afterEach(() => {
  cleanup();
  db.close();
});

const show = () =>
  render(
    <I18nProvider>
      <SyncStatus compact />
    </I18nProvider>,
  );

test('held records are listed with the reason in plain words; copy-as-own and drop both do what they say', async () => {
  show();
  const items = await screen.findAllByTestId('sync-held-item');
  expect(items).toHaveLength(2);
  expect(screen.getByText(/^2 条记录被服务器拒收/)).toBeTruthy();
  const colleague = items.find((li) => li.dataset.id === ids[0])!;
  expect(colleague.textContent).toContain('同事的记录');
  expect(colleague.textContent).toContain('这条记录属于其他检查员');
  expect(colleague.textContent).toContain('服务器说明：服务器原话');
  expect(colleague.textContent).toContain('另存为你自己的新记录');

  fireEvent.click(colleague.querySelector<HTMLButtonElement>('[data-testid="sync-held-copy"]')!);
  await waitFor(() => expect(screen.getAllByTestId('sync-held-item')).toHaveLength(1));
  const rows = await findingsOfSession(db, sessionId);
  const copy = rows.find((f) => f.key === 'k-0')!;
  expect(copy.id).not.toBe(ids[0]);
  expect(copy).toMatchObject({ note: '我加的备注', version: 0 });
  expect(copy.inspector).toBeUndefined();
  const queued = await oldestEntries(db, 'finding', 5);
  expect(queued.map((e) => [e.id, !!e.held])).toEqual(expect.arrayContaining([[copy.id, false], [ids[1], true]]));

  fireEvent.click(screen.getByTestId('sync-held-drop'));
  await waitFor(() => expect(screen.queryByTestId('sync-held')).toBeNull());
  expect((await oldestEntries(db, 'finding', 5)).map((e) => e.id)).toEqual([copy.id]);
  expect((await findingsOfSession(db, sessionId)).map((f) => f.id)).toContain(ids[1]);
});
