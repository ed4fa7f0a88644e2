import type { Rule } from './types';

/** Every rule, in the order the scan runs them. A meta-test checks each file here is registered. */
export const RULES: readonly Rule[] = [];
