import type { Finding } from '@/lib/findings';
import type { FindingEdit } from '@/lib/store/recording';

// Shared by the popup's list, rows and detail: kept here so FindingDetail does not import FindingList (a circle).

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
