/**
 * Robots-friendly pace: at most `perHost` pages of one host open at once, starts spaced by `spacingMs`,
 * and a host that answered 429/503 with Retry-After is left alone until then. A `total` limit caps the
 * tabs open across all hosts (the machine's share, not the server's).
 */

export interface PolitenessOptions {
  /** Pages of one host loading at once. */
  perHost: number;
  /** Least time between two page starts on one host. */
  spacingMs: number;
  /** Pages loading at once over all hosts; Infinity for no cap. */
  total?: number;
  /** Longest Retry-After honoured; a server asking for more is waited on this long only. */
  maxRetryAfterMs?: number;
  now?: () => number;
}

/** The CLI sweep's pace (README: 2 pages per host, 0.25 s apart, 4 tabs). */
export const DEFAULT_POLITENESS: PolitenessOptions = { perHost: 2, spacingMs: 250, total: 4, maxRetryAfterMs: 120_000 };

/**
 * The extension sweeps in one background tab, one page after another, spaced like a careful visitor: the
 * inspector's own browser, on a government office network. The popup's sweep panel states this spacing
 * from here, so its wording cannot drift from the setting.
 */
export const EXTENSION_POLITENESS: PolitenessOptions = { perHost: 1, spacingMs: 500, total: 1, maxRetryAfterMs: 120_000 };

interface HostState {
  active: number;
  nextStart: number;
  queue: (() => void)[];
  timer?: ReturnType<typeof setTimeout>;
}

export class HostGate {
  private readonly hosts = new Map<string, HostState>();
  private activeTotal = 0;
  private readonly now: () => number;

  constructor(private readonly opts: PolitenessOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Waits for a slot on `host`; call the returned function (once) when the page is done. */
  acquire(host: string): Promise<() => void> {
    const state = this.state(host);
    return new Promise((resolve) => {
      state.queue.push(() => {
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          state.active--;
          this.activeTotal--;
          this.pumpAll();
        });
      });
      this.pump(host);
    });
  }

  /** Retry-After: no new page on `host` before `ms` from now (capped by maxRetryAfterMs). */
  defer(host: string, ms: number): void {
    const state = this.state(host);
    const wait = Math.min(Math.max(0, ms), this.opts.maxRetryAfterMs ?? Infinity);
    state.nextStart = Math.max(state.nextStart, this.now() + wait);
  }

  /** How many pages are loading now (for progress and tests). */
  get active(): number {
    return this.activeTotal;
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { active: 0, nextStart: 0, queue: [] };
      this.hosts.set(host, state);
    }
    return state;
  }

  private pumpAll(): void {
    for (const host of this.hosts.keys()) this.pump(host);
  }

  private pump(host: string): void {
    const state = this.state(host);
    while (!state.timer && state.queue.length && state.active < this.opts.perHost && this.activeTotal < (this.opts.total ?? Infinity)) {
      const wait = state.nextStart - this.now();
      if (wait > 0) {
        state.timer = setTimeout(() => {
          state.timer = undefined;
          this.pump(host);
        }, wait);
        return;
      }
      state.active++;
      this.activeTotal++;
      state.nextStart = this.now() + this.opts.spacingMs;
      state.queue.shift()!();
    }
  }
}

/**
 * Milliseconds a Retry-After header asks for: delta-seconds or an HTTP date. Null when absent or unreadable
 * (the caller then waits its own default).
 */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const when = Date.parse(text);
  return Number.isNaN(when) ? null : Math.max(0, when - now);
}
