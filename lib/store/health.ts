/**
 * The browser's storage as the inspector needs to know it: how much is used, whether it is kept under
 * storage pressure, and a full disk reported in words instead of a silent loss.
 */

/** A write the browser refused for lack of space. Everything stored before it is intact (it was one transaction). */
export class StoreFullError extends Error {
  readonly code = 'store-full';
  constructor(cause?: unknown) {
    super('浏览器存储空间已满，本次内容未能保存，已保存的记录不受影响。请导出并清理旧的检查任务，或释放磁盘空间后重试。', { cause });
    this.name = 'StoreFullError';
  }
}

export function isQuotaError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const name = (error as { name?: string }).name;
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  // An aborted transaction carries the reason on `error`; idb surfaces it as the rejection.
  const inner = (error as { error?: unknown; cause?: unknown }).error ?? (error as { cause?: unknown }).cause;
  return inner !== undefined && inner !== error && isQuotaError(inner);
}

/** Run a store write; a quota failure becomes a StoreFullError, anything else is rethrown as is. */
export async function guardWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isQuotaError(error)) throw new StoreFullError(error);
    throw error;
  }
}

export interface StorageUse {
  usage: number;
  quota: number;
  persisted: boolean;
}

type StorageManagerLike = Pick<StorageManager, 'estimate' | 'persisted' | 'persist'>;

/** Ask the browser to keep our data under storage pressure; returns whether it now does. */
export async function requestPersistence(storage: StorageManagerLike | undefined = globalThis.navigator?.storage): Promise<boolean> {
  if (!storage) return false;
  try {
    return (await storage.persisted()) || (await storage.persist());
  } catch {
    return false;
  }
}

export async function storageUse(storage: StorageManagerLike | undefined = globalThis.navigator?.storage): Promise<StorageUse | undefined> {
  if (!storage) return undefined;
  try {
    const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted().catch(() => false)]);
    return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
  } catch {
    return undefined;
  }
}

/** 1.5 MB, 320 KB, 12 B. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
