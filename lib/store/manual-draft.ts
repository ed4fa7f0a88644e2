import { z } from 'zod';
import { RuleId, Severity } from '../findings';
import { PickedElement } from '../messages';
import { tabSession } from './session-area';

/**
 * A manual finding being written in the popup. The popup closes as soon as the inspector clicks the page
 * to pick an element, so the form lives in `storage.session` (per tab, gone when the browser closes; below
 * Chromium 102 a per-tab key in `storage.local`, see store/session-area.ts): the
 * background fills in the picked element, and the popup shows the draft again when it is reopened.
 */
export const ManualDraft = z.object({
  tabId: z.number().int(),
  pageUrl: z.string(),
  pageTitle: z.string(),
  rule: RuleId,
  severity: Severity,
  category: z.string().max(100),
  label: z.string().max(500),
  note: z.string().max(4000),
  /** The picked element; null: the whole page. */
  target: PickedElement.nullable(),
  /** True while the page's picker runs. */
  picking: z.boolean(),
});
export type ManualDraft = z.infer<typeof ManualDraft>;

export const draftKey = (tabId: number) => `manualDraft:${tabId}`;

export async function loadDraft(tabId: number): Promise<ManualDraft | null> {
  const key = draftKey(tabId);
  const parsed = ManualDraft.safeParse(await tabSession().get(tabId, key));
  return parsed.success ? parsed.data : null;
}

export async function saveDraft(draft: ManualDraft): Promise<void> {
  await tabSession().set(draft.tabId, draftKey(draft.tabId), ManualDraft.parse(draft));
}

export async function clearDraft(tabId: number): Promise<void> {
  await tabSession().remove(tabId, draftKey(tabId));
}

/** The picker ended on a tab: the draft takes the element (a cancelled pick keeps the previous target). */
export async function applyPick(tabId: number, picked: PickedElement | null): Promise<ManualDraft | null> {
  const draft = await loadDraft(tabId);
  if (!draft) return null;
  const next: ManualDraft = { ...draft, picking: false, ...(picked ? { target: picked, label: draft.label || picked.label } : {}) };
  await saveDraft(next);
  return next;
}

/** Calls `listener` when the draft of `tabId` changes (the picker finished while the popup is open). */
export function onDraftChange(tabId: number, listener: (draft: ManualDraft | null) => void): () => void {
  return tabSession().onChanged(tabId, draftKey(tabId), (value) => {
    const parsed = ManualDraft.safeParse(value);
    listener(parsed.success ? parsed.data : null);
  });
}
