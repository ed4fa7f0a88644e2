import type { Rule } from './types';
import { emblemOutdated } from './emblem-outdated';
import { filingMissing } from './filing-missing';
import { filingMismatch } from './filing-mismatch';
import { wordingError } from './wording-error';
import { linkEmpty } from './link-empty';
import { linkHidden } from './link-hidden';
import { linkIllegal } from './link-illegal';
import { linkDead } from './link-dead';
import { columnBlank } from './column-blank';
import { columnStale } from './column-stale';
import { interactionLate } from './interaction-late';
import { repostMissing } from './repost-missing';
import { accountDormant } from './account-dormant';

/** Every rule, in the order the scan runs them. A meta-test checks each file here is registered. */
export const RULES: readonly Rule[] = [filingMissing, filingMismatch, wordingError, linkEmpty, linkHidden, linkIllegal, linkDead, emblemOutdated, columnBlank, columnStale, interactionLate, repostMissing, accountDormant];
