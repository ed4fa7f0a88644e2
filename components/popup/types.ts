import type { Finding } from '@/lib/findings';
import type { FindingEdit } from '@/lib/store/recording';
import type { CaptureEvidenceMessage, CaptureEvidenceResponse, ContentMessage } from '@/lib/messages';
import type { RulePack } from '@/lib/rule-pack/pack';
import type { InspectorStore } from '@/lib/store/db';

// Shared by the popup, its actions, list, rows and detail: kept here so no child imports its parent (a circle).

/** A finding as the popup lists it: stored in the session, or only in the live scan so far. */
export interface ListItem {
  finding: Finding;
  /** Stored findings of this page that the latest settled scan did not find again. */
  gone: boolean;
}

export interface FindingActions {
  reveal(f: Finding): Promise<boolean>;
  edit(keys: string[], edit: FindingEdit): Promise<void>;
  capture(f: Finding | null): Promise<void>;
}

/** How the popup reaches the content script of one tab. */
export interface TabClient {
  /** The tab's id: the manual-finding draft and evidence capture are per tab. */
  id?: number;
  /** The tab's address, to explain why a page cannot be inspected. */
  url?: string;
  send(message: ContentMessage): Promise<unknown>;
}

/** What the popup needs besides the tab: the store and the browser's side of capture and navigation. */
export interface PopupEnv {
  db: Promise<InspectorStore> | null;
  now?(): Date;
  /** 截图取证 through the background (it finishes even if the popup closes). */
  capture?(req: Omit<CaptureEvidenceMessage, 'type'>): Promise<CaptureEvidenceResponse>;
  /** Open the sessions page. */
  openSessions?(): void;
  /** Close the popup so the inspector can pick on the page (not when the popup is opened as a page). */
  close?(): void;
  loadPack?(): Promise<RulePack>;
}

/** How long a reveal by selector (a manual finding the overlay does not know) stays outlined. */
export const MARK_MS = 2000;

/** An error already worded for the inspector: shown as it is. */
export class WordedError extends Error {
  readonly worded = true;
}
