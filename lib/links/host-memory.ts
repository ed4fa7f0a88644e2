import type { LinkVerdict } from './types';

/** Failures that belong to the whole host, not to one address: its name does not resolve, nothing listens, its certificate is bad. */
const HOST_WIDE = new Set(['dns', 'connection-refused', 'tls']);

interface Known {
  verdict: LinkVerdict;
  reason: string;
  at: number;
}

/**
 * What the prober learnt about hosts. A page often links dozens of addresses on one dead site (an old
 * friend-link domain, whose name may take seconds to fail): after the first host-wide failure one address
 * confirms it while the others wait, and once it is confirmed they are answered at once instead of each
 * going through its own failures and retries.
 */
export class HostMemory {
  private readonly known = new Map<string, Known>();
  private readonly suspected = new Map<string, Promise<void>>();

  /** Hosts are asked again after this long: a site may come back while the inspector works. */
  constructor(private readonly ttlMs = 10 * 60_000) {}

  get(host: string): Known | undefined {
    const hit = this.known.get(host);
    if (hit && Date.now() - hit.at <= this.ttlMs) return hit;
    this.known.delete(host);
    return undefined;
  }

  /** Keep a verdict if its reason is about the host; others are the address's own. */
  learn(host: string, verdict: LinkVerdict, reason: string): void {
    if (HOST_WIDE.has(reason)) this.known.set(host, { verdict, reason, at: Date.now() });
  }

  /**
   * An address met a failure that may be the host's. The first to do so confirms it; it gets back the
   * function to call when done (after `learn`), and others wait for that. Later callers get undefined.
   */
  suspect(host: string): (() => void) | undefined {
    if (this.suspected.has(host)) return undefined;
    let settle!: () => void;
    this.suspected.set(host, new Promise<void>((resolve) => (settle = resolve)));
    return () => {
      this.suspected.delete(host);
      settle();
    };
  }

  /** Resolves when the host's suspected failure is confirmed or cleared; undefined when nothing is suspected. */
  confirming(host: string): Promise<void> | undefined {
    return this.suspected.get(host);
  }
}

/** Failures after which the host is suspected, before retries confirm them. */
export const HOST_WIDE_FAILURES: ReadonlySet<string> = new Set(['dns', 'refused', 'tls']);
