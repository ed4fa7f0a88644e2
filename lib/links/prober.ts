import type { ProbeResult } from './types';
import type { ProbeCache } from './cache';
import type { NetworkFailure } from './network-error';
import { checkUrl, describeFromError, type CheckOptions } from './check';
import { HostScheduler, type ScheduleOptions } from './schedule';
import { HostMemory } from './host-memory';
import { ProbeBudget } from './target-policy';

/** The page asking, for the address policy and the per-page budget (lib/links/target-policy.ts). */
export interface ProbePage {
  /** One document: the same key for every request of one page load. */
  key: string;
  url?: string;
}

export interface Prober {
  /**
   * One result per input URL, in order. Cached results are reused; one URL is never fetched twice at once.
   * With `page`, local-network targets the page may not reach and links past its budget are answered as
   * not checked (verdict review) without a request.
   */
  probe(urls: readonly string[], page?: ProbePage): Promise<ProbeResult[]>;
}

export interface ProberOptions extends Partial<CheckOptions>, Partial<ScheduleOptions> {
  fetch?: typeof fetch;
  cache?: ProbeCache;
  describeFailure?(url: string, error: unknown, startedAt: number): Promise<NetworkFailure>;
  sleep?(ms: number): Promise<void>;
  /** Probes per page; lib/links/target-policy MAX_PROBES_PER_PAGE by default. */
  maxProbesPerPage?: number;
}

export const PROBE_DEFAULTS: CheckOptions & ScheduleOptions = {
  // 20 hosts × 6 connections fit: a page linking many sites is not serialised behind one of them.
  concurrency: 128,
  perHost: 6,
  spacingMs: 5,
  timeoutMs: 10_000,
  bodyTimeoutMs: 3_000,
  maxBodyBytes: 64 * 1024,
  maxRetryAfterMs: 5_000,
  deadlineMs: 30_000,
  backoffMs: 250,
};

/**
 * The link prober: HEAD/GET over fetch with limits, retries, soft-404 detection and a cache. A plain
 * module: the background service worker runs it in Chromium, unit tests run it in Node against real
 * local servers.
 */
export function createProber(options: ProberOptions = {}): Prober {
  const opts = tuned(options);
  const scheduler = new HostScheduler(opts);
  const deps = {
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    scheduler,
    hosts: new HostMemory(),
    describeFailure: options.describeFailure ?? describeFromError,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  };
  const inFlight = new Map<string, Promise<ProbeResult>>();
  const budget = new ProbeBudget(options.maxProbesPerPage);

  const probeOne = (url: string): Promise<ProbeResult> => {
    const running = inFlight.get(url);
    if (running) return running;
    const unsupported = unsupportedReason(url);
    const promise = (
      unsupported
        ? Promise.resolve<ProbeResult>({ url, verdict: unsupported.verdict, reason: unsupported.reason, checkedAt: new Date().toISOString() })
        : checkUrl(url, opts, deps).catch(
            (error: unknown): ProbeResult => ({ url, verdict: 'review', reason: `probe-error: ${String(error).slice(0, 200)}`, checkedAt: new Date().toISOString() }),
          )
    ).finally(() => inFlight.delete(url));
    inFlight.set(url, promise);
    return promise;
  };

  return {
    async probe(urls, page) {
      const screened = page ? budget.screen(page.key, page.url, [...new Set(urls)]) : undefined;
      const refused = new Map(screened?.refused.map((r) => [r.url, r]));
      const unique = screened ? screened.allowed : [...new Set(urls)];
      const cached = options.cache ? await options.cache.get(unique).catch(() => new Map<string, ProbeResult>()) : new Map<string, ProbeResult>();
      const fresh = await Promise.all(unique.filter((u) => !cached.has(u)).map(probeOne));
      if (options.cache && fresh.length) await options.cache.put(fresh).catch(() => undefined);
      const byUrl = new Map([...refused, ...cached]);
      for (const r of fresh) byUrl.set(r.url, r);
      return urls.map((u) => byUrl.get(u)!);
    },
  };
}

function unsupportedReason(url: string): Pick<ProbeResult, 'verdict' | 'reason'> | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { verdict: 'broken', reason: 'malformed' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { verdict: 'review', reason: 'unsupported-scheme' };
  return undefined;
}

function tuned(options: ProberOptions): CheckOptions & ScheduleOptions {
  const out = { ...PROBE_DEFAULTS };
  for (const key of Object.keys(PROBE_DEFAULTS) as Array<keyof typeof PROBE_DEFAULTS>) {
    const value = options[key];
    if (typeof value === 'number') out[key] = value;
  }
  return out;
}
