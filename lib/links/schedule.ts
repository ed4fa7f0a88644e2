export interface ScheduleOptions {
  /** Requests in flight over all hosts. */
  concurrency: number;
  /** Requests in flight per host (host:port): Chromium opens at most 6 connections per host anyway. */
  perHost: number;
  /** Least time between two request starts on one host, so a page of links is not a burst. */
  spacingMs: number;
}

interface HostQueue {
  waiting: Array<() => void>;
  active: number;
  /** No start on this host before this time (spacing). */
  notBefore: number;
  /** When this host last got a slot, in slots handed out. */
  servedAt: number;
}

/**
 * Hands out request slots: a global limit and a per-host limit with spacing. A `Retry-After` delays only the
 * address that got it (lib/links/check.ts), never the host's queue.
 */
export class HostScheduler {
  private readonly hosts = new Map<string, HostQueue>();
  private active = 0;
  private served = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;

  constructor(private readonly opts: ScheduleOptions) {}

  /** Run `task` once a slot for `host` is free; the slot is released when it settles. */
  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const queue = this.queueOf(host);
    await new Promise<void>((start) => {
      queue.waiting.push(start);
      this.pump();
    });
    try {
      return await task();
    } finally {
      queue.active--;
      this.active--;
      if (queue.active === 0 && queue.waiting.length === 0 && queue.notBefore <= Date.now()) this.hosts.delete(host);
      this.pump();
    }
  }

  private queueOf(host: string): HostQueue {
    let queue = this.hosts.get(host);
    if (!queue) {
      queue = { waiting: [], active: 0, notBefore: 0, servedAt: 0 };
      this.hosts.set(host, queue);
    }
    return queue;
  }

  private pump(): void {
    const { concurrency, perHost, spacingMs } = this.opts;
    let wakeAt = Infinity;
    while (this.active < concurrency) {
      const now = Date.now();
      let pick: HostQueue | undefined;
      for (const queue of this.hosts.values()) {
        if (queue.waiting.length === 0 || queue.active >= perHost) continue;
        if (queue.notBefore > now) {
          wakeAt = Math.min(wakeAt, queue.notBefore);
          continue;
        }
        // Round-robin: the host served longest ago goes first, so one big host cannot starve the rest.
        if (!pick || queue.servedAt < pick.servedAt) pick = queue;
      }
      if (!pick) break;
      pick.active++;
      this.active++;
      pick.notBefore = now + spacingMs;
      pick.servedAt = ++this.served;
      pick.waiting.shift()!();
    }
    if (wakeAt < Infinity && this.active < concurrency) this.wakeAt(wakeAt);
  }

  private wakeAt(at: number): void {
    if (this.timer !== undefined && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.pump();
    }, Math.max(0, at - Date.now()));
  }
}
