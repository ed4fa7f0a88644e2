import type { Rule } from './types';
import { emblemOutdated } from './emblem-outdated';
import { filingMissing } from './filing-missing';
import { filingMismatch } from './filing-mismatch';
import { wordingError } from './wording-error';
import { linkDead } from './link-dead';

/** Every rule, in the order the scan runs them. A meta-test checks each file here is registered. */
export const RULES: readonly Rule[] = [filingMissing, filingMismatch, wordingError, linkDead, emblemOutdated];
