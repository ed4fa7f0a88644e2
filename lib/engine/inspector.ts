import { MAX_PROBES_PER_PAGE } from '../links/target-policy';
import type { Finding, RuleId, Unscanned } from '../findings';
import type { ProbeResult } from '../links/types';
import type { ScanState } from '../messages';
import type { RulePack } from '../rule-pack/pack';
import type { Rule } from '../rules/types';
import type { ScanContext } from '../page/context';
import { eachLink, rememberLinks } from '../links/extract';
import { scan, type ScanOptions } from './scan';
import { collectRoots } from '../page/roots';
import { collectSliced } from '../page/slicing';
import { collectImageFacts, type PageImageDeps } from '../emblem/page-images';
import type { ImageFacts } from '../emblem/types';
import { frameDocument } from '../dom/frames';
import { assessReachability, reachabilityUnscanned } from '../links/reachability';

export interface InspectorDeps {
  rules: readonly Rule[];
  pack: RulePack;
  /** Ask the background to probe URLs; resolves with what it learnt (cached or fresh). */
  probe(urls: string[]): Promise<ProbeResult[]>;
  /** Called whenever the state changes (findings, phase, overlay). */
  onState(state: ScanState): void;
  now?(): Date;
  openClosedRoot?(el: Element): ShadowRoot | null;
  scanOptions?: ScanOptions;
  /** URLs per probe message; several messages are in flight at once, the background limits the network. */
  probeBatch?: number;
  /** Image fetching and SVG drawing for rules that need image facts (the emblem); absent: they do not run. */
  images?: PageImageDeps;
}

/**
 * Runs the rules over one page: DOM rules first (fast, shown at once), then the link rules once the
 * background has probed the page's URLs; rescans when the page adds links after load.
 */
export class PageInspector {
  private state: ScanState;
  private readonly results = new Map<string, ProbeResult>();
  private readonly imageFacts = new Map<string, ImageFacts>();
  private running: Promise<void> | null = null;
  private again = false;
  private settledWaiters: Array<() => void> = [];
  private observer: MutationObserver | null = null;
  /** Rescan soon (debounced); set while watching. */
  private schedule: (() => void) | null = null;
  /** Same-origin frame documents and open shadow roots the last scan entered, and those already watched. */
  private innerRoots: Array<Document | ShadowRoot> = [];
  private watchedRoots = new WeakSet<Document | ShadowRoot>();
  private readonly onFrameLoad = (e: Event) => {
    // Only frames whose content can be scanned: a cross-origin ad frame reloading forever starts nothing.
    const el = e.target as Element | null;
    if (el?.nodeType === 1 && frameDocument(el)) this.schedule?.();
  };
  private checkDate: Date | null = null;
  /** A debounced rescan is waiting for its timer. */
  private scheduled = false;
  /** When links last arrived, or the page finished loading (Date.now()); null until it has loaded. */
  private lastChangeAt: number | null = null;

  constructor(
    private readonly doc: Document,
    private readonly deps: InspectorDeps,
  ) {
    this.state = {
      url: doc.URL,
      title: doc.title,
      phase: 'idle',
      findings: [],
      unscanned: [],
      counts: {},
      linksTotal: 0,
      linksProbed: 0,
      overlayVisible: true,
    };
  }

  get current(): ScanState {
    const loaded = this.lastChangeAt ?? (this.doc.readyState === 'complete' ? (this.lastChangeAt = Date.now()) : null);
    return {
      ...this.state,
      pending: this.scheduled || this.again,
      quietForMs: loaded === null ? 0 : Math.max(0, Date.now() - loaded),
    };
  }

  setCheckDate(date: Date | null): void {
    this.checkDate = date;
  }

  /** Scan with another rule pack from now on (a pack imported in the options page applies at once). */
  setPack(pack: RulePack): void {
    this.deps.pack = pack;
  }

  setOverlayVisible(visible: boolean): void {
    this.update({ overlayVisible: visible });
  }

  /** Scan now; a scan requested while one runs is folded into one more run after it. */
  rescan(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.runOnce();
      } while (this.again);
    })().finally(() => {
      this.running = null;
      const waiters = this.settledWaiters;
      this.settledWaiters = [];
      for (const done of waiters) done();
    });
    return this.running;
  }

  /**
   * Resolves once a scan has finished and none runs (at once if so already), or after `timeoutMs`: what
   * opening a finding on its live page waits for, so the element the finding names is on the page and outlined.
   */
  settled(timeoutMs: number): Promise<void> {
    if (!this.running && this.state.phase === 'done') return Promise.resolve();
    return new Promise((done) => {
      const timer = setTimeout(done, timeoutMs);
      this.settledWaiters.push(() => {
        clearTimeout(timer);
        done();
      });
    });
  }

  /**
   * Rescan (debounced) when the page adds elements that carry links, as injected spam does, also inside the
   * same-origin frames and shadow roots the scan entered, and when such a frame loads a new document (a frame
   * added late, or navigated by a `target` link, as tabbed columns built on iframes are).
   */
  watch(debounceMs = 500, maxWaitMs = 3_000): void {
    const view = this.doc.defaultView;
    if (!view || this.observer) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pendingSince: number | null = null;
    // Debounced, but never postponed past maxWaitMs: a page that keeps adding links must still be rescanned.
    if (this.doc.readyState !== 'complete') view.addEventListener('load', () => (this.lastChangeAt = Math.max(this.lastChangeAt ?? 0, Date.now())), { once: true });
    this.schedule = () => {
      const now = Date.now();
      pendingSince ??= now;
      this.scheduled = true;
      if (this.lastChangeAt !== null || this.doc.readyState === 'complete') this.lastChangeAt = now;
      clearTimeout(timer);
      timer = setTimeout(
        () => {
          pendingSince = null;
          this.scheduled = false;
          void this.rescan();
        },
        Math.max(0, Math.min(debounceMs, pendingSince + maxWaitMs - now)),
      );
    };
    this.observer = new view.MutationObserver((records) => {
      // document.open() (a document.write after load) erased the document's event listeners, the frame-load
      // listener too; the new root element it writes comes as a child of the document: listen again (adding
      // the same listener twice adds nothing).
      for (const r of records) if (r.target.nodeType === 9 && r.addedNodes.length) r.target.addEventListener('load', this.onFrameLoad, true);
      if (records.some(addsLinks)) this.schedule?.();
    });
    this.watchRoot(this.doc);
    for (const root of this.innerRoots) this.watchRoot(root);
  }

  stop(): void {
    this.scheduled = false;
    this.observer?.disconnect();
    this.observer = null;
    this.schedule = null;
    // Watched again by the next watch(); the load listeners left on them are the same function, so adding it
    // again adds nothing, and they do nothing without a schedule.
    this.watchedRoots = new WeakSet();
  }

  private watchRoot(root: Document | ShadowRoot): void {
    if (!this.observer || this.watchedRoots.has(root)) return;
    try {
      this.observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['href', 'src'] });
      // Element load events neither bubble nor reach the window: a capturing listener on the root sees them.
      root.addEventListener('load', this.onFrameLoad, true);
      this.watchedRoots.add(root);
    } catch {
      // A frame document that went away in the meantime.
    }
  }

  private async runOnce(): Promise<void> {
    const { roots, unscanned } = collectRoots(this.doc, this.deps.openClosedRoot);
    this.innerRoots = roots.map((r) => r.root).filter((root) => root !== this.doc);
    for (const root of this.innerRoots) this.watchRoot(root);
    const now = this.checkDate ?? this.deps.now?.() ?? new Date();
    const ctx: ScanContext = {
      doc: this.doc,
      roots,
      pageUrl: new URL(this.doc.URL),
      site: new URL(this.doc.URL).hostname,
      now,
      pack: this.deps.pack,
    };
    this.update({ phase: 'scanning', url: this.doc.URL, title: this.doc.title });
    const domRules = this.deps.rules.filter((r) => !r.needs);
    const lateRules = this.deps.rules.filter((r) => r.needs);
    const first = await scan(ctx, domRules, this.deps.scanOptions);
    const domUnscanned = [...unscanned, ...first.unscanned];
    this.publish(first.findings, domUnscanned, 'probing');

    const pageLinks = await collectSliced(eachLink(roots), this.deps.scanOptions);
    rememberLinks(roots, pageLinks);
    const urls = new Set<string>();
    for (const l of pageLinks) if (l.url) urls.add(l.url);
    const missing: string[] = [];
    for (const u of urls) if (!this.results.has(u)) missing.push(u);
    let probed = urls.size - missing.length;
    this.update({ linksTotal: urls.size, linksProbed: probed });
    const batch = this.deps.probeBatch ?? 100;
    const images = this.deps.images;
    await Promise.all([
      images ? collectImageFacts(roots, this.imageFacts, images).then((u) => domUnscanned.push(...u)) : undefined,
      ...chunk(missing, batch).map(async (part) => {
        try {
          for (const r of await this.deps.probe(part)) {
            if (urls.has(r.url) && !this.results.has(r.url)) probed++;
            this.results.set(r.url, r);
          }
        } catch (error) {
          domUnscanned.push({ kind: 'rule-error', where: 'link-dead', reason: `链接检测失败：${String(error).slice(0, 200)}` });
        }
        this.update({ linksProbed: probed });
      }),
    ]);
    let unprobed = 0;
    for (const u of urls) if (this.results.get(u)?.reason === 'probe-limit') unprobed++;
    if (unprobed) {
      domUnscanned.push({ kind: 'node-limit', where: 'link-dead', reason: `本页链接过多，超出每页 ${MAX_PROBES_PER_PAGE} 个的检测上限，另有 ${unprobed} 个链接未检测` });
    }
    // Many off-site hosts failing alike while this page's host answers is this machine's network, not dead sites.
    const reach = assessReachability(this.doc.URL, [...urls].flatMap((u) => this.results.get(u) ?? []));
    if (reach) domUnscanned.push(reachabilityUnscanned(reach));
    const unreachableHosts = reach ? { unreachableHosts: new Set(reach.hosts) } : {};
    const second = await scan({ ...ctx, links: this.results, ...unreachableHosts, ...(images ? { images: this.imageFacts } : {}) }, lateRules, this.deps.scanOptions);
    this.publish([...first.findings, ...second.findings], [...domUnscanned, ...second.unscanned], 'done');
  }

  private publish(findings: Finding[], unscanned: Unscanned[], phase: ScanState['phase']): void {
    const counts: Partial<Record<RuleId, number>> = {};
    for (const f of findings) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
    this.update({ findings, unscanned, counts, phase, scannedAt: new Date().toISOString() });
  }

  private update(patch: Partial<ScanState>): void {
    this.state = { ...this.state, ...patch };
    this.deps.onState(this.state);
  }
}

const LINK_TAGS = new Set(['a', 'area', 'img', 'iframe', 'frame', 'embed', 'object', 'video', 'audio', 'source', 'marquee']);

const LINKISH = 'a,area,img,iframe,frame,embed,object';

/** Whether a change may have brought links: any href/src change, or added elements that are or hold one (a custom element's open root too). */
function addsLinks(record: MutationRecord): boolean {
  if (record.type === 'attributes') return true;
  for (const node of record.addedNodes) {
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    if (LINK_TAGS.has(el.localName) || el.querySelector(LINKISH) || el.shadowRoot?.querySelector(LINKISH)) return true;
  }
  return false;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
