import { browser } from 'wxt/browser';

/**
 * Per-tab values that live as long as the tab: `storage.session` where the browser has it (Chromium 102+),
 * else keys in `storage.local` named after the tab, removed when the tab closes and when the browser starts
 * (a tab closed during shutdown fires no onRemoved, and tab ids start over in the next session). Browsers on
 * Chromium 88–101 (红莲花 on 92, older UOS and 奇安信 builds) take the fallback; the floor is Chromium 88.
 */

const PREFIX = 'gsiTabSession:';
const localKey = (tabId: number, key: string) => `${PREFIX}${tabId}:${key}`;

type Area = typeof browser.storage.local;

/** The browser's session area, or null without one; the test is what the compatibility check looks for. */
export function nativeSessionArea(): Area | null {
  return 'session' in browser.storage && browser.storage.session ? (browser.storage.session as Area) : null;
}

export interface TabSession {
  /** `storage.session` or `storage.local` (the fallback): the area name onChanged reports. */
  readonly area: 'session' | 'local';
  get(tabId: number, key: string): Promise<unknown>;
  set(tabId: number, key: string, value: unknown): Promise<void>;
  remove(tabId: number, key: string): Promise<void>;
  /** Calls `listener` with the new value (undefined: removed) when `key` of `tabId` changes; returns the unsubscribe. */
  onChanged(tabId: number, key: string, listener: (value: unknown) => void): () => void;
}

/** Chosen on each call: a test may remove `storage.session` before the code runs, a browser never changes. */
export function tabSession(): TabSession {
  const native = nativeSessionArea();
  const area = native ? 'session' : 'local';
  const store = native ?? browser.storage.local;
  const name = (tabId: number, key: string) => (native ? key : localKey(tabId, key));
  return {
    area,
    async get(tabId, key) {
      const k = name(tabId, key);
      return (await store.get(k))[k];
    },
    set: (tabId, key, value) => store.set({ [name(tabId, key)]: value }),
    remove: (tabId, key) => store.remove(name(tabId, key)),
    onChanged(tabId, key, listener) {
      const k = name(tabId, key);
      const handler = (changes: Record<string, { newValue?: unknown }>, changedArea: string) => {
        if (changedArea === area && k in changes) listener(changes[k].newValue);
      };
      browser.storage.onChanged.addListener(handler);
      return () => browser.storage.onChanged.removeListener(handler);
    },
  };
}

/** Removes the fallback's keys of one tab, or of every tab (`tabId` undefined). */
export async function forgetTabSessions(tabId?: number): Promise<void> {
  if (nativeSessionArea()) return;
  const prefix = tabId === undefined ? PREFIX : `${PREFIX}${tabId}:`;
  const keys = Object.keys(await browser.storage.local.get(null)).filter((k) => k.startsWith(prefix));
  if (keys.length > 0) await browser.storage.local.remove(keys);
}

/** Background: the fallback's keys go with their tab, and all of them when the browser starts. */
export function setupTabSessionCleanup(): void {
  if (nativeSessionArea()) return;
  browser.tabs.onRemoved.addListener((tabId) => void forgetTabSessions(tabId).catch(() => undefined));
  browser.runtime.onStartup.addListener(() => void forgetTabSessions().catch(() => undefined));
}
