import { z } from 'zod';
import '../findings';

/**
 * What the prober concluded about one URL.
 * - ok: answered 2xx (after at most a redirect within the same URL's canonical form)
 * - redirected: answered 2xx after following redirects to another URL (reported, not an error)
 * - broken: the target is really not there (404/410/5xx after retries, DNS failure, soft-404, malformed)
 * - review: could not be verified (bot wall, repeated 429, repeated timeouts, TLS failure): never called dead
 */
export const LinkVerdict = z.enum(['ok', 'redirected', 'broken', 'review']);
export type LinkVerdict = z.infer<typeof LinkVerdict>;

export const ProbeResult = z.object({
  url: z.string(),
  verdict: LinkVerdict,
  /** Machine-readable reason: http-404, soft-404, dns, timeout, tls, bot-wall, rate-limited, malformed, … */
  reason: z.string(),
  /** Last HTTP status seen, when there was one. */
  status: z.number().int().optional(),
  /** Where the redirects ended. */
  finalUrl: z.string().optional(),
  redirects: z.array(z.string()).optional(),
  method: z.enum(['HEAD', 'GET']).optional(),
  attempts: z.number().int().optional(),
  elapsedMs: z.number().optional(),
  /** What decided a soft-404: the page title or the text excerpt that says the page is gone. */
  evidence: z.string().optional(),
  checkedAt: z.string(),
});
export type ProbeResult = z.infer<typeof ProbeResult>;

/** Where on the page a URL was found: decides the wording of a dead-link finding. */
export const LinkKind = z.enum(['link', 'image', 'frame', 'attachment', 'media']);
export type LinkKind = z.infer<typeof LinkKind>;
