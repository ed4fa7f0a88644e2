import { browser } from 'wxt/browser';
import { tabSession } from '../store/session-area';
import { captureEvidence } from '../evidence/capture';
import { browserCaptureDeps } from '../evidence/background';
import { loadRulePack } from '../rule-pack/store';
import { getActiveSession } from '../store/sessions';
import type { InspectorStore } from '../store/db';
import { ACCOUNT_READING_MESSAGE, AccountReading, type Account, ACCOUNT_TAB_KEY } from './account';
import { accountsOfSession, matchAccount, recordReading } from './store';
import { thresholdsOf } from './verdict';


async function checkDate(): Promise<Date> {
  const { checkDate: d } = await browser.storage.local.get('checkDate');
  return typeof d === 'string' ? new Date(`${d}T12:00:00`) : new Date();
}

/**
 * Records an account page's reading onto the active session's account when the tab's scan settles. The
 * account is the one the sessions page opened in the tab (so a link that redirects to another account or to
 * a "not found" page is still that account's), else the one matched by link, id or name. Pages of accounts
 * not in the list are left alone. The page is captured as evidence when its tab is the visible one.
 */
export function createAccountRecorder(db: Promise<InspectorStore>, onError: (error: unknown) => void = () => undefined) {
  const chains = new Map<number, Promise<unknown>>();
  const record = async (tabId: number): Promise<Account | null> => {
    const store = await db;
    const session = await getActiveSession(store);
    if (!session) return null;
    const accounts = await accountsOfSession(store, session.id);
    if (!accounts.length) return null;
    const parsed = AccountReading.safeParse(await browser.tabs.sendMessage(tabId, { type: ACCOUNT_READING_MESSAGE }).catch(() => null));
    if (!parsed.success) return null;
    const reading = parsed.data;
    const opened = (await tabSession().get(tabId, ACCOUNT_TAB_KEY).catch(() => undefined)) as { accountId?: string } | undefined;
    const account = accounts.find((a) => a.id === opened?.accountId) ?? matchAccount(accounts, reading);
    if (!account) return null;
    // Not an account page and not opened for this account: a page that merely names it is no reading.
    if (reading.state === 'unknown' && !opened) return null;
    let evidenceId: string | undefined;
    const tab = await browser.tabs.get(tabId).catch(() => null);
    if (tab?.active) {
      evidenceId = await captureEvidence(
        browserCaptureDeps(db),
        { type: 'capture-evidence', tabId, selector: '', findingIds: [], sessionId: session.id },
      ).then(
        (r) => r.evidence.id,
        () => undefined,
      );
    }
    const pack = await loadRulePack();
    // The opening is used once: the tab may go on to other pages.
    if (opened) await tabSession().remove(tabId, ACCOUNT_TAB_KEY).catch(() => undefined);
    return recordReading(store, account, reading, { checkDate: await checkDate(), thresholds: thresholdsOf(pack), inspector: session.inspector, ...(evidenceId ? { evidenceId } : {}) });
  };
  return {
    scanSettled(tabId: number): Promise<Account | null> {
      const run = (chains.get(tabId) ?? Promise.resolve()).then(() => record(tabId)).catch((error) => {
        onError(error);
        return null;
      });
      chains.set(tabId, run);
      void run.finally(() => chains.get(tabId) === run && chains.delete(tabId));
      return run;
    },
    forgetTab(tabId: number) {
      void tabSession().remove(tabId, ACCOUNT_TAB_KEY).catch(() => undefined);
    },
  };
}
