import type { FindingDetail, RuleId, Severity } from '../findings';
import type { ScanContext } from '../page/context';

/** What a rule reports; the scan engine turns it into a Finding (id, selector, snippet, times). */
export interface Candidate {
  /** The element to outline; absent for a page-level finding. */
  element?: Element;
  severity: Severity;
  label: string;
  href?: string;
  detail?: FindingDetail;
  /** The reason in Chinese. */
  message: string;
  /** Distinguishes several findings of one rule on one element (e.g. two wrong phrases in a paragraph). */
  subject?: string;
}

/**
 * A rule is a small pure function over the DOM and the rule pack. It never fetches, draws or stores.
 * `run` is a generator so the scan engine can yield to the page between chunks: yield `null` after each
 * unit of work that found nothing, a Candidate for each finding.
 */
export interface Rule {
  id: RuleId;
  /** 'links': runs only once prober results are in `ctx.links`; 'images': once image facts are in `ctx.images`. */
  needs?: 'links' | 'images';
  run(ctx: ScanContext): Iterable<Candidate | null>;
}
