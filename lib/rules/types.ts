import type { FindingDetail, RuleId, Severity } from '../findings';
import type { ProbeResult, LinkKind } from '../links/types';
import type { RulePack } from '../rule-pack';
import type { ImageFacts } from '../emblem/types';

/** A document or open shadow root the scan looks into, and how to reach it from the top document. */
export interface ScanRoot {
  root: Document | ShadowRoot;
  /** Selectors of the hosts (iframes, shadow hosts) on the way down from the top document. */
  path: string[];
}

/** A URL found on the page, with the element that carries it. */
export interface PageLink {
  /** The attribute as written (may be malformed). */
  raw: string;
  /** Absolute URL, or undefined when the raw value is not a valid URL. */
  url?: string;
  element: Element;
  kind: LinkKind;
}

export interface ScanContext {
  doc: Document;
  roots: ScanRoot[];
  pageUrl: URL;
  /** The site this page belongs to (host name). */
  site: string;
  /** The check date: today, or `--now` in the CLI. */
  now: Date;
  pack: RulePack;
  /** Prober results by absolute URL; absent until the background has answered. */
  links?: ReadonlyMap<string, ProbeResult>;
  /** Decoded-image facts (emblem fingerprints) by image URL or inline-SVG key; absent until they are in. */
  images?: ReadonlyMap<string, ImageFacts>;
}

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
