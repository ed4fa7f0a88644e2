import { existsSync } from 'node:fs';
import { CORPUS } from './paths';

/** Vitest global setup: one line when the tests that read the shared corpus will be skipped. */
export default function corpusNotice(): void {
  if (!existsSync(CORPUS)) console.warn(`corpus: ${CORPUS} not found; the tests that read it are skipped`);
}
