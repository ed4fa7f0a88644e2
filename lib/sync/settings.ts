import { browser } from 'wxt/browser';
import { z } from 'zod';
import { isLoopbackHost } from '../links/target-policy';

/** storage.local key of the sync connection. */
export const SYNC_SETTINGS_KEY = 'syncSettings';

/** What is wrong with a typed endpoint address, in words; null when it will do. */
export function endpointProblem(s: string): string | null {
  if (/\s/.test(s)) return '服务器地址中间不能有空格';
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return '服务器地址应是 http:// 或 https:// 开头的完整网址，例如 https://gsi.example.gov.cn';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return '服务器地址应是 http:// 或 https:// 开头的网址，例如 https://gsi.example.gov.cn';
  // The token goes with every request: over plain http anyone on the way (a shared Wi-Fi, a proxy) reads it.
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) {
    return `http:// 会让令牌以明文经过网络，只能用于本机（localhost、127.0.0.1）上的测试服务器；请填写 https:// 地址，例如 https://${u.host}`;
  }
  if (s.includes('?') || s.includes('#')) return '服务器地址不能带 ? 或 # 部分';
  if (u.username || u.password) return '服务器地址里不能带用户名或密码，登录靠下面的令牌';
  // A pasted API address (…/api/me, …/healthz): every request would go to …/api/me/api/findings.
  const route = /\/(healthz|api\/[^/]+)\/*$/.exec(u.pathname);
  if (route) return `请填写同步服务的根地址，不要带 /${route[1]}（例如 ${u.origin}${u.pathname.slice(0, route.index) || ''}）`;
  return null;
}

export const SyncSettings = z.object({
  endpoint: z
    .string()
    .trim()
    .max(2048)
    .superRefine((s, ctx) => {
      const problem = endpointProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
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

/**
 * What is saved, as text for the settings form, with what is wrong with it: a connection saved by an older
 * version that the address check now refuses is shown again (not an empty form), so nothing typed is lost.
 */
export async function loadSyncSettingsDraft(): Promise<{ endpoint: string; token: string; problem: string | null } | null> {
  const stored: unknown = (await browser.storage.local.get(SYNC_SETTINGS_KEY))[SYNC_SETTINGS_KEY];
  if (!stored || typeof stored !== 'object') return null;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const draft = { endpoint: text((stored as Record<string, unknown>).endpoint), token: text((stored as Record<string, unknown>).token) };
  const parsed = SyncSettings.safeParse(draft);
  return { ...draft, problem: parsed.success ? null : parsed.error.issues.map((i) => i.message).join('；') };
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
