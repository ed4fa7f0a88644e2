import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { TestRunner } from 'vitest';
import { CORPUS } from './paths';

/**
 * Tests that read ../shared/corpus, on a clone without it: each such test is skipped, saying why, and
 * everything else runs (tests/corpus-notice.ts says it once per run).
 */
export const HAS_CORPUS = existsSync(CORPUS);
export const CORPUS_ABSENT = `the shared corpus (${CORPUS}) is absent`;

/** A path in the corpus; inside a test, the test is skipped when the corpus is absent. */
export function corpusPath(...parts: string[]): string {
  if (!HAS_CORPUS) TestRunner.getCurrentTest()?.context.skip(CORPUS_ABSENT);
  return resolve(CORPUS, ...parts);
}

/**
 * The entries of a corpus folder. When the corpus is absent: inside a test the test is skipped; while tests
 * are being collected (`test.each`) there are none, so no tests.
 */
export function corpusEntries(...parts: string[]): string[] {
  return HAS_CORPUS ? readdirSync(resolve(CORPUS, ...parts)) : (corpusPath(...parts), []);
}
