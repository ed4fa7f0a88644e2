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

/**
 * The wait before try `attempt + 1`: exponential backoff, and for a 429 at least the server's Retry-After
 * (a `Retry-After: 0` or a date in the past does not make the client hammer).
 */
export function backoffDelay(error: SyncError, attempt: number, opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>): number {
  const backoff = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (attempt - 1));
  if (error.kind === 'rate-limited' && error.extra.retryAfterMs !== undefined) return Math.max(backoff, error.extra.retryAfterMs);
  return backoff;
}

/**
 * Runs `fn` until it succeeds, retrying network errors, 5xx and 429 (every request the sync loop sends
 * is idempotent, so the same request is simply sent again). Anything else, the last failure, and a 429
 * whose Retry-After is longer than `maxDelayMs`, throws.
 */
export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof SyncError) || !error.retryable || attempt >= opts.attempts) throw error;
      const delay = backoffDelay(error, attempt, opts);
      // A server that asks for a longer pause than the longest backoff (minutes, or an absurd 10^9 s) ends
      // the run at once: the status says so and the next scheduled run asks again, instead of one run
      // sleeping for ages while "sync now" waits behind it.
      if (delay > opts.maxDelayMs) throw error;
      opts.onRetry?.(error, attempt, delay);
      await opts.sleep(delay);
    }
  }
}
