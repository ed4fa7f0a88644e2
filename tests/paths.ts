import { resolve } from 'node:path';

/** The shared real-world corpus, beside the project root (never copied into the repo). */
export const CORPUS = resolve(import.meta.dirname, '../../shared/corpus');
export const FIXTURES = resolve(import.meta.dirname, 'fixtures');
