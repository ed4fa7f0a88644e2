import { browser } from 'wxt/browser';
import { openStore, type InspectorStore } from '../store/db';
import { recordScan } from '../store/recording';
import { addSites, createSession, getActiveSession, quarterOf, siteOfPage } from '../store/sessions';
import { loadRulePack } from '../rule-pack/store';
import { crawlSite, DEFAULT_LIMITS } from './crawl';
import { visitInTab } from './extension-visit';
import { IDLE_STATUS, SweepMessage, type SweepStatus } from './messages';
import { EXTENSION_POLITENESS, HostGate } from './politeness';
import { judgeSite, sweepNetworkNote } from './report';
import { canonicalUrl, hostKey } from './url';

const PAGE_TIMEOUT_MS = 60_000;
/** Chromium stops an idle service worker after 30 s; an extension API call during a long sweep resets that. */
const KEEPALIVE_MS = 20_000;

function homeOf(url: string): string | null {
  const canonical = canonicalUrl(url);
  return canonical ? `${new URL(canonical).origin}/` : null;
}

/** The check date the content script uses too: `checkDate` in storage (CLI `--now`, tests), else today. */
async function checkDate(): Promise<Date> {
  const { checkDate: stored } = await browser.storage.local.get('checkDate');
  return typeof stored === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(stored) ? new Date(`${stored}T12:00:00`) : new Date();
}

/**
 * "Sweep this site": from the current page's site home, the same frontier as the CLI (lib/sweep/crawl.ts)
 * at the extension's own pace (EXTENSION_POLITENESS), each page opened in one background tab, its settled scan recorded into the active
 * session (a session is made when there is none, and the site added to it), progress kept for the panel,
 * cancellable. One sweep at a time.
 */
export function setupSweepBackground(db: Promise<InspectorStore> = openStore()): void {
  let status: SweepStatus = IDLE_STATUS;
  let cancel = false;

  const set = (patch: Partial<SweepStatus>) => {
    status = { ...status, ...patch };
  };

  async function run(home: string, depth: number, maxPages: number): Promise<void> {
    const store = await db;
    const now = await checkDate();
    let session = await getActiveSession(store);
    const name = new URL(home).host;
    if (!session) session = await createSession(store, { name: `全站检查 ${name}`, quarter: quarterOf(now), inspector: '', sites: [{ name, url: home }] });
    else if (!siteOfPage(session, home)) session = await addSites(store, session.id, [{ name, url: home }]);
    set({ sessionName: session.name });
    const pack = await loadRulePack();
    // This run's own tab, opened on the home page (an inactive about:blank tab may be left unloaded and not
    // navigate); a run that ends while the next starts must close its own tab only.
    const created = await browser.tabs.create({ url: home, active: false });
    const sweepTab = { id: created.id! };
    // Not discarded by the browser's memory saver while the sweep uses it; replaced anyway (a discarded tab
    // comes back under a new id), the sweep follows it.
    try {
      await browser.tabs.update(sweepTab.id, { autoDiscardable: false } as never);
    } catch {
      // Firefox before 115 has no autoDiscardable.
    }
    const onReplaced = (added: number, removed: number) => {
      if (removed === sweepTab.id) sweepTab.id = added;
    };
    browser.tabs.onReplaced?.addListener(onReplaced); // Firefox has no tabs.onReplaced
    const gate = new HostGate(EXTENSION_POLITENESS);
    const keepalive = setInterval(() => void browser.runtime.getPlatformInfo(), KEEPALIVE_MS);
    const limits = { depth, maxPages };
    let ended: Partial<SweepStatus> | null = null;
    try {
      // crawlSite calls visit for a whole level at once, before any page of it is opened: counting the
      // calls gives the pages admitted so far.
      let admitted = 0;
      const crawl = await crawlSite(home, limits, async (url) => {
        set({ total: ++admitted });
        const release = await gate.acquire(hostKey(url));
        try {
          if (cancel) return { url, finalUrl: url, outcome: 'failed', reason: '已取消', title: '', findings: [], unscanned: [] };
          set({ current: url });
          const visit = await visitInTab(url, {
            tab: sweepTab,
            timeoutMs: PAGE_TIMEOUT_MS,
            home,
            now,
            reposts: pack.reposts,
            cancelled: () => cancel,
            onRetryAfter: (ms) => gate.defer(hostKey(url), ms),
          });
          if (visit.outcome !== 'failed' && visit.findings.length) {
            await recordScan(store, { sessionId: session!.id, inspector: session!.inspector, pageUrl: visit.findings[0].pageUrl, pageTitle: visit.title, findings: visit.findings });
          }
          set({ done: status.done + 1, recorded: status.recorded + visit.findings.length, failures: status.failures + (visit.outcome === 'ok' ? 0 : 1) });
          return visit;
        } finally {
          release();
        }
      });
      if (cancel) {
        ended = { phase: 'cancelled', current: undefined, total: status.done };
        return;
      }
      const judged = judgeSite({ name, url: home }, crawl, { now, reposts: pack.reposts, limits });
      // The site-level findings (home page's last update, filing across pages) go into the session too.
      for (const page of judged.pages) {
        const extra = page.findings.filter((f) => f.detail.scope === 'site');
        if (!extra.length) continue;
        await recordScan(store, { sessionId: session.id, inspector: session.inspector, pageUrl: page.url, pageTitle: page.title, findings: extra });
        set({ recorded: status.recorded + extra.length });
      }
      ended = { phase: 'done', current: undefined, total: status.done, result: judged.site, notes: [...judged.notes.map((n) => n.note), ...(judged.network ? [sweepNetworkNote(judged.network)] : [])] };
    } finally {
      clearInterval(keepalive);
      browser.tabs.onReplaced?.removeListener(onReplaced);
      await browser.tabs.remove(sweepTab.id).catch(() => undefined);
      // Said only now that the tab is closed: a new sweep may start as soon as the phase is no longer running.
      if (ended) set(ended);
    }
  }

  browser.runtime.onMessage.addListener((raw: unknown) => {
    const parsed = SweepMessage.safeParse(raw);
    if (!parsed.success) return undefined;
    const msg = parsed.data;
    switch (msg.type) {
      case 'sweep-status':
        return Promise.resolve(status);
      case 'sweep-cancel':
        if (status.phase === 'running') cancel = true;
        return Promise.resolve(status);
      case 'sweep-start': {
        if (status.phase === 'running') return Promise.resolve(status);
        const home = homeOf(msg.url);
        if (!home) {
          status = { ...IDLE_STATUS, phase: 'error', error: '只能检查 http(s) 网站' };
          return Promise.resolve(status);
        }
        cancel = false;
        status = { ...IDLE_STATUS, phase: 'running', home, total: 1 };
        void run(home, msg.depth ?? DEFAULT_LIMITS.depth, msg.maxPages ?? DEFAULT_LIMITS.maxPages).catch((error: unknown) => {
          set({ phase: 'error', current: undefined, error: error instanceof Error ? error.message : String(error) });
        });
        return Promise.resolve(status);
      }
    }
  });
}
