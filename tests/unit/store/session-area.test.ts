import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { clearDraft, loadDraft, onDraftChange, saveDraft, type ManualDraft } from '@/lib/store/manual-draft';
import { forgetTabSessions, setupTabSessionCleanup, tabSession } from '@/lib/store/session-area';

const draft = (tabId: number): ManualDraft => ({
  tabId,
  pageUrl: 'http://www.example.gov.cn/',
  pageTitle: '首页',
  rule: 'wording-error',
  severity: 'deduct',
  category: '错别字',
  label: '标题',
  note: '“的”应为“地”',
  target: null,
  picking: false,
});

const storage = fakeBrowser.storage as unknown as Record<string, unknown>;
const session = storage.session;

beforeEach(() => fakeBrowser.reset());
afterEach(() => {
  storage.session = session;
});

describe('per-tab session values', () => {
  test('with storage.session (Chromium 102+) the draft lives there, nothing in storage.local', async () => {
    expect(tabSession().area).toBe('session');
    await saveDraft(draft(5));
    expect(await fakeBrowser.storage.session.get(null)).toEqual({ 'manualDraft:5': draft(5) });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await loadDraft(5)).toEqual(draft(5));
  });

  describe('without storage.session (Chromium 88–101)', () => {
    beforeEach(() => {
      delete storage.session;
    });

    test('the draft is kept under a per-tab key in storage.local, read back, watched and removed', async () => {
      expect(tabSession().area).toBe('local');
      const seen: (ManualDraft | null)[] = [];
      const stop = onDraftChange(5, (d) => seen.push(d));
      await saveDraft(draft(5));
      await saveDraft(draft(6));
      expect(Object.keys(await fakeBrowser.storage.local.get(null)).sort()).toEqual(['gsiTabSession:5:manualDraft:5', 'gsiTabSession:6:manualDraft:6']);
      expect(await loadDraft(5)).toEqual(draft(5));
      expect(await loadDraft(7)).toBeNull();
      await saveDraft({ ...draft(5), note: '改' });
      await clearDraft(5);
      stop();
      await saveDraft(draft(5));
      // Tab 6's change is not tab 5's; after stop() nothing more arrives.
      expect(seen).toEqual([draft(5), { ...draft(5), note: '改' }, null]);
      expect(await loadDraft(6)).toEqual(draft(6));
    });

    test('closing a tab removes its keys only; a browser start removes all of them; other data stays', async () => {
      setupTabSessionCleanup();
      await fakeBrowser.storage.local.set({ settings: { server: 'http://127.0.0.1:8787' }, 'gsiTabSessionNote': 'not a tab key' });
      await saveDraft(draft(5));
      await saveDraft(draft(50));
      await tabSession().set(5, 'other', 1);
      await fakeBrowser.tabs.onRemoved.trigger(5, { windowId: 1, isWindowClosing: false });
      await forgetTabSessions(5); // the listener's own removal runs unawaited: this one is awaited, and finds nothing left
      expect(Object.keys(await fakeBrowser.storage.local.get(null)).sort()).toEqual(['gsiTabSession:50:manualDraft:50', 'gsiTabSessionNote', 'settings']);
      await fakeBrowser.runtime.onStartup.trigger();
      await forgetTabSessions();
      expect(Object.keys(await fakeBrowser.storage.local.get(null)).sort()).toEqual(['gsiTabSessionNote', 'settings']);
    });
  });
});
