/**
 * Types the review page's parts share. Kept apart from ReviewApp so a child (FindingDetail) does not import
 * its parent: the import graph stays a tree.
 */

/** What a supervisor decides on a finding. */
export type Decision = 'accepted' | 'rejected';
