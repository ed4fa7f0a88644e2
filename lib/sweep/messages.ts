import { z } from 'zod';
import { SweepSite } from './report';

/** Progress of the extension's "sweep this site" (one sweep at a time), as the panel shows it. */
export const SweepStatus = z.object({
  phase: z.enum(['idle', 'running', 'done', 'cancelled', 'error']),
  /** The site's home page being swept. */
  home: z.string().optional(),
  /** Pages opened so far, and pages admitted so far (grows as links are found). */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  current: z.string().optional(),
  /** Findings recorded into the active session. */
  recorded: z.number().int().nonnegative(),
  sessionName: z.string().optional(),
  /** The site's verdict when the sweep has ended. */
  result: SweepSite.optional(),
  failures: z.number().int().nonnegative().default(0),
  notes: z.array(z.string()).default([]),
  error: z.string().optional(),
});
export type SweepStatus = z.infer<typeof SweepStatus>;

/** Messages to the background about sweeps (popup panel, tests). */
export const SweepMessage = z.discriminatedUnion('type', [
  /** Sweep the site of `url` from its home page. */
  z.object({ type: z.literal('sweep-start'), url: z.string(), depth: z.number().int().min(0).max(10).optional(), maxPages: z.number().int().min(1).max(5000).optional() }),
  z.object({ type: z.literal('sweep-cancel') }),
  z.object({ type: z.literal('sweep-status') }),
]);
export type SweepMessage = z.infer<typeof SweepMessage>;

export const IDLE_STATUS: SweepStatus = { phase: 'idle', done: 0, total: 0, recorded: 0, failures: 0, notes: [] };
