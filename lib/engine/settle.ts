import type { ScanState } from '../messages';

/**
 * When a page's scan is settled (issue 12): the scan is done, no rescan is pending, and no links arrived
 * for a quiet period after the page loaded. Spam is often added by script a moment after load, and more a
 * second later; the first `done` is not the last word. The quiet wait is bounded: a page that adds links
 * for ever (a news ticker) is taken as it is once `maxWaitMs` have passed since its first `done`.
 */
export const QUIET_MS = 2_000;
export const MAX_QUIET_WAIT_MS = 10_000;

export interface SettleOptions {
  quietMs?: number;
  maxWaitMs?: number;
}

/** Tracks successive states of one page; `settled` says whether the latest is the one to take. */
export function createSettleWatch(opts: SettleOptions = {}, clock: () => number = Date.now) {
  const quietMs = opts.quietMs ?? QUIET_MS;
  const maxWaitMs = opts.maxWaitMs ?? MAX_QUIET_WAIT_MS;
  let firstDone: number | null = null;
  return {
    settled(state: ScanState): boolean {
      if (state.phase !== 'done') return false;
      firstDone ??= clock();
      // A build that does not report these (an older extension) is settled at its first done, as before.
      const quiet = state.pending !== true && (state.quietForMs === undefined || state.quietForMs >= quietMs);
      return quiet || clock() - firstDone >= maxWaitMs;
    },
  };
}
