import type { ProbeResult } from './types';

export interface Prober {
  probe(urls: string[]): Promise<ProbeResult[]>;
}

/** Placeholder until the real prober lands (issue 2, lib/links owner). */
export function createProber(): Prober {
  return {
    async probe(urls) {
      const checkedAt = new Date().toISOString();
      return urls.map((url) => ({ url, verdict: 'review' as const, reason: 'not-probed', checkedAt }));
    },
  };
}
