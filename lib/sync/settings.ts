import { browser } from 'wxt/browser';
import { z } from 'zod';

/** storage.local key of the sync connection. */
export const SYNC_SETTINGS_KEY = 'syncSettings';

export const SyncSettings = z.object({
  endpoint: z
    .string()
    .trim()
    .max(2048)
    .refine((s) => {
      try {
        const u = new URL(s);
        return (u.protocol === 'http:' || u.protocol === 'https:') && !u.search && !u.hash;
      } catch {
        return false;
      }
    }, '服务器地址应是 http:// 或 https:// 开头的网址，不带 ? 或 # 部分')
    .transform((s) => s.replace(/\/+$/, '')),
  token: z.string().trim().min(1, '请填写令牌').max(200).regex(/^[\x21-\x7e]+$/, '令牌只能包含英文字母、数字和符号，不能有空格'),
});
export type SyncSettings = z.infer<typeof SyncSettings>;

/** The saved connection, or null when none is saved (or what is saved no longer validates). */
export async function loadSyncSettings(): Promise<SyncSettings | null> {
  const stored = (await browser.storage.local.get(SYNC_SETTINGS_KEY))[SYNC_SETTINGS_KEY];
  const parsed = SyncSettings.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

export async function saveSyncSettings(settings: SyncSettings): Promise<void> {
  await browser.storage.local.set({ [SYNC_SETTINGS_KEY]: SyncSettings.parse(settings) });
}

export async function clearSyncSettings(): Promise<void> {
  await browser.storage.local.remove(SYNC_SETTINGS_KEY);
}

export function onSyncSettingsChange(listener: () => void): () => void {
  const handler = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && SYNC_SETTINGS_KEY in changes) listener();
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
