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
  /** A rescan is scheduled or about to run (links arrived after the last scan began). */
  pending: z.boolean().optional(),
  /** How long the page has been loaded with no new links (0 until it has loaded); lib/engine/settle.ts. */
  quietForMs: z.number().nonnegative().optional(),
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
  // ---- popup workflow ----
  /** Popup: let the inspector pick an element (hover outline, click selects, Esc cancels); the result goes to the background. */
  z.object({ type: z.literal('pick-element') }),
  /**
   * Evidence capture: outline the element (scrolled into view) until called again with an empty selector, or
   * for `clearAfterMs`. Answers whether it was outlined; with `detail`, a MarkResult (lib/evidence/mark.ts):
   * 'shown', 'container' (an invisible element's visible container), 'none' (invisible) or 'missing'.
   */
  z.object({ type: z.literal('mark-element'), selector: z.string(), clearAfterMs: z.number().int().positive().optional(), detail: z.boolean().optional() }),
  /** Evidence capture: nothing of the overlay shows (not the 显示标注 chip either) while `on`. */
  z.object({ type: z.literal('capture-mode'), on: z.boolean() }),
  /** Popup: the quarter's repost tasks (rule pack) and whether this page carries each. */
  z.object({ type: z.literal('repost-checklist') }),
  /** Review page: "open on page": scroll to and outline the element of a synced finding (its key flashes it too when the live scan has it). */
  z.object({ type: z.literal('reveal-selector'), selector: z.string().max(2000), key: z.string().max(200).optional() }),
]);
export type ContentMessage = z.infer<typeof ContentMessage>;

// ---- popup workflow: the element picker and evidence capture ----

/** An element the inspector picked on the page for a manual finding. */
export const PickedElement = z.object({ selector: z.string().max(2000), snippet: z.string().max(1000), label: z.string().max(500) });
export type PickedElement = z.infer<typeof PickedElement>;

/** Content script to background: the picker ended (`picked` null: cancelled). The popup may be closed by then. */
export const PickedElementMessage = z.object({
  type: z.literal('picked-element'),
  pageUrl: z.string(),
  pageTitle: z.string(),
  picked: PickedElement.nullable(),
});
export type PickedElementMessage = z.infer<typeof PickedElementMessage>;

/** Popup to background: screenshot the tab with the element outlined, stamp URL and time, store it for these findings. */
export const CaptureEvidenceMessage = z.object({
  type: z.literal('capture-evidence'),
  tabId: z.number().int(),
  /** The element to outline; empty for the whole page. */
  selector: z.string(),
  findingIds: z.array(z.string()),
  sessionId: z.string().optional(),
});
export type CaptureEvidenceMessage = z.infer<typeof CaptureEvidenceMessage>;

export const PopupBackgroundMessage = z.discriminatedUnion('type', [PickedElementMessage, CaptureEvidenceMessage]);
export type PopupBackgroundMessage = z.infer<typeof PopupBackgroundMessage>;

/** The background's answer to capture-evidence: the stored evidence id, or the error in words. */
export const CaptureEvidenceResponse = z.union([z.object({ ok: z.literal(true), id: z.string(), outlined: z.boolean().optional(), hidden: z.boolean().optional() }), z.object({ ok: z.literal(false), error: z.string() })]);
export type CaptureEvidenceResponse = z.infer<typeof CaptureEvidenceResponse>;

/** One repost task and whether the page carries it (lib/rules/repost-missing.ts repostChecklist). */
export const RepostCheckItem = z.object({
  title: z.string(),
  url: z.string().optional(),
  found: z.boolean(),
  how: z.enum(['url', 'title']).optional(),
  where: z.string().optional(),
});
export const RepostChecklistResponse = z.object({ homePage: z.boolean(), items: z.array(RepostCheckItem) });
export type RepostChecklistResponse = z.infer<typeof RepostChecklistResponse>;
