import type { ProbeResult, LinkKind } from '../links/types';
import type { RulePack } from '../rule-pack/pack';
import type { ImageFacts } from '../emblem/types';

/** The page vocabulary: what every rule, fact reader and the scan engine see of a page. */

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
  /** Off-site hosts this machine cannot reach (lib/links/reachability.ts): their links are not checked. */
  unreachableHosts?: ReadonlySet<string>;
  /** Decoded-image facts (emblem fingerprints) by image URL or inline-SVG key; absent until they are in. */
  images?: ReadonlyMap<string, ImageFacts>;
}
