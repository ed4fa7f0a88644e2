import { z } from 'zod';
import { Finding, RuleId, Unscanned } from './findings';
import { ProbeResult } from './links/types';
import { ImageFacts } from './emblem/types';

/** Status of the scan on one tab, as the popup and the CLI read it. */
export const ScanState = z.object({
  url: z.string(),
  title: z.string(),
  /** scanning: DOM rules running; probing: waiting for link results; done: settled. */
  phase: z.enum(['idle', 'scanning', 'probing', 'done']),
  findings: z.array(Finding),
  unscanned: z.array(Unscanned),
  counts: z.partialRecord(RuleId, z.number().int()),
  linksTotal: z.number().int(),
  linksProbed: z.number().int(),
  overlayVisible: z.boolean(),
  scannedAt: z.string().optional(),
});
export type ScanState = z.infer<typeof ScanState>;

/** Content script: fetch, decode and fingerprint these image URLs for the emblem rule (lib/emblem; cached). */
export const InspectImagesMessage = z.object({ type: z.literal('inspect-images'), urls: z.array(z.string()).max(500) });
export type InspectImagesMessage = z.infer<typeof InspectImagesMessage>;

/** Messages to the background service worker. */
export const BackgroundMessage = z.discriminatedUnion('type', [
  /** Content script: probe these absolute URLs (deduplicated, cached). */
  z.object({ type: z.literal('probe-links'), urls: z.array(z.string()).max(50_000), pageUrl: z.string() }),
  /** Content script: the scan moved to another phase (the toolbar badge shows the count). */
  z.object({ type: z.literal('scan-summary'), phase: ScanState.shape.phase, total: z.number().int() }),
  InspectImagesMessage,
]);
export type BackgroundMessage = z.infer<typeof BackgroundMessage>;

export const InspectImagesResponse = z.object({ facts: z.array(ImageFacts) });
export type InspectImagesResponse = z.infer<typeof InspectImagesResponse>;

export const ProbeLinksResponse = z.object({ results: z.array(ProbeResult) });
export type ProbeLinksResponse = z.infer<typeof ProbeLinksResponse>;

/** Messages to the content script of a tab (from the popup or the CLI harness). */
export const ContentMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('get-state') }),
  z.object({ type: z.literal('rescan') }),
  z.object({ type: z.literal('set-overlay'), visible: z.boolean() }),
  z.object({ type: z.literal('reveal'), key: z.string() }),
  /** The check date for date-based rules (CLI `--now`), ISO date. */
  z.object({ type: z.literal('set-now'), now: z.string() }),
]);
export type ContentMessage = z.infer<typeof ContentMessage>;
