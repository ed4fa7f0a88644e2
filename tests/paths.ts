import { resolve } from 'node:path';

/**
 * The shared real-world corpus, beside the project root (never copied into the repo). GSI_CORPUS points
 * elsewhere, e.g. at a missing folder to see the suite run as on a clone without it.
 */
export const CORPUS = process.env.GSI_CORPUS ? resolve(process.env.GSI_CORPUS) : resolve(import.meta.dirname, '../../shared/corpus');
export const FIXTURES = resolve(import.meta.dirname, 'fixtures');
