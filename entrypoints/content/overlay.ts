import type { ScanState } from '@/lib/messages';

export interface Overlay {
  render(state: ScanState): void;
  reveal(key: string): boolean;
  destroy(): void;
}

/** Placeholder until the overlay lands (issue 2, overlay owner). */
export function createOverlay(_doc: Document): Overlay {
  return { render() {}, reveal: () => false, destroy() {} };
}
