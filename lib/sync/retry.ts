import { SyncError } from './errors';

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait before the second try; doubled before each next one, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  sleep(ms: number): Promise<void>;
  /** Called before each wait (the status line can say "retrying"). */
  onRetry?(error: SyncError, attempt: number, delayMs: number): void;
}

export const DEFAULT_RETRY: Omit<RetryOptions, 'sleep'> = { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 };

export const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The wait before try `attempt + 1`: the server's Retry-After for a 429, else exponential backoff. */
export function backoffDelay(error: SyncError, attempt: number, opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>): number {
  if (error.kind === 'rate-limited' && error.extra.retryAfterMs !== undefined) return Math.min(error.extra.retryAfterMs, opts.maxDelayMs * 5);
  return Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (attempt - 1));
}

/**
 * Runs `fn` until it succeeds, retrying network errors, 5xx and 429 (every request the sync loop sends
 * is idempotent, so the same request is simply sent again). Anything else, and the last failure, throws.
 */
export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof SyncError) || !error.retryable || attempt >= opts.attempts) throw error;
      const delay = backoffDelay(error, attempt, opts);
      opts.onRetry?.(error, attempt, delay);
      await opts.sleep(delay);
    }
  }
}
