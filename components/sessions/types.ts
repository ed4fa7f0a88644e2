import type { InspectorStore } from '@/lib/store/db';

// Shared by the sessions page and its panels: kept here so the panels do not import their parent (an import circle).

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

/**
 * What every panel gets: the store, and `act`, which runs an action, shows its outcome (or its error in
 * words) and rereads the store.
 */
export interface PanelProps {
  db: Promise<InspectorStore>;
  act(action: () => Promise<string | void>): Promise<void>;
  notify(notice: Notice): void;
}
