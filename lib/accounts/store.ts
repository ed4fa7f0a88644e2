import { writeTx, type InspectorStore } from '../store/db';
import { newId } from '../uuid';
import { Account, type AccountEntry, type AccountReading, type ManualReading } from './account';
import { normalLink } from './list-import';
import { judgeAccount, type AccountThresholds, type OpenFailure } from './verdict';

const same = (a: string | undefined, b: string | undefined) => !!a && !!b && a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();

export async function accountsOfSession(db: InspectorStore, sessionId: string): Promise<Account[]> {
  const rows = await db.getAllFromIndex('accounts', 'by-session', sessionId);
  return rows.sort((a, b) => a.row - b.row);
}

/**
 * Add a parsed list to a session, in one transaction: all of it or (a full disk, a bad record) none. An
 * account the session already has (same platform and name, link or id) keeps its verdict and is counted
 * as skipped.
 */
export async function importAccounts(db: InspectorStore, sessionId: string, entries: readonly AccountEntry[], now = new Date()): Promise<{ added: number; skipped: number }> {
  const time = now.toISOString();
  return writeTx(db, ['accounts'], async (tx) => {
    const existing = await tx.objectStore('accounts').index('by-session').getAll(sessionId);
    let row = existing.reduce((max, a) => Math.max(max, a.row), 0);
    let added = 0;
    for (const entry of entries) {
      if (existing.some((a) => a.platform === entry.platform && (same(a.name, entry.name) || (a.url && entry.url && normalLink(a.url) === normalLink(entry.url)) || same(a.accountId, entry.accountId)))) continue;
      const account = Account.parse({ ...entry, id: newId(), sessionId, row: ++row, status: 'unchecked', reasons: [], evidenceIds: [], updatedAt: time, version: 0 });
      await tx.objectStore('accounts').put(account);
      existing.push(account);
      added++;
    }
    return { added, skipped: entries.length - added };
  });
}

/**
 * The session's account a page belongs to: by link (the registry link, or where it ended), then by the
 * account id the page shows, then by the name on the same platform. Null when none matches: a page of an
 * account not in the list is left alone.
 */
export function matchAccount(accounts: readonly Account[], reading: AccountReading): Account | null {
  const link = normalLink(reading.url);
  return (
    accounts.find((a) => a.url && normalLink(a.url) === link) ??
    accounts.find((a) => reading.accountId && same(a.accountId, reading.accountId) && (!reading.platform || a.platform === reading.platform)) ??
    accounts.find((a) => reading.accountName && same(a.name, reading.accountName) && (!reading.platform || a.platform === reading.platform)) ??
    null
  );
}

function rejudge(account: Account, checkDate: Date, t: AccountThresholds, seen: AccountReading | OpenFailure | null): Account {
  const v = judgeAccount(account, seen, account.manual, checkDate, t);
  const { lastPost: _old, ...rest } = account;
  return { ...rest, status: v.status, reasons: v.reasons, ...(v.lastPost ? { lastPost: v.lastPost } : {}), basis: v.basis };
}

async function change(db: InspectorStore, id: string, edit: (a: Account) => Account, now: Date): Promise<Account> {
  return writeTx(db, ['accounts'], async (tx) => {
    const current = await tx.objectStore('accounts').get(id);
    if (!current) throw new Error(`账号不存在：${id}`);
    const next = Account.parse({ ...edit(current), updatedAt: now.toISOString(), version: current.version + 1 });
    await tx.objectStore('accounts').put(next);
    return next;
  });
}

/** Record what a page showed onto the account (chosen by the caller or matched) and judge it again. */
export async function recordReading(
  db: InspectorStore,
  account: Account,
  reading: AccountReading,
  opts: { checkDate: Date; thresholds: AccountThresholds; inspector?: string; evidenceId?: string },
  now = new Date(),
): Promise<Account> {
  return change(
    db,
    account.id,
    (a) => ({
      ...rejudge({ ...a, reading }, opts.checkDate, opts.thresholds, reading),
      reading,
      checkedAt: now.toISOString(),
      ...(opts.inspector ? { inspector: opts.inspector } : {}),
      evidenceIds: opts.evidenceId ? [...a.evidenceIds, opts.evidenceId] : a.evidenceIds,
    }),
    now,
  );
}

/**
 * The inspector's own record where no browser can read (WeChat history, an app): the latest post date seen
 * on the phone and its screenshot; or 互动回应差 as a manual finding. Judged with what a page showed.
 */
export async function recordManual(
  db: InspectorStore,
  accountId: string,
  input: { lastPost?: string; empty?: boolean; note?: string; evidenceId?: string; interaction?: string | null },
  opts: { checkDate: Date; thresholds: AccountThresholds; inspector?: string },
  now = new Date(),
): Promise<Account> {
  return change(
    db,
    accountId,
    (a) => {
      const manual: ManualReading | undefined =
        input.lastPost || input.empty
          ? { ...(input.lastPost ? { lastPost: input.lastPost } : {}), ...(input.empty ? { empty: true } : {}), ...(input.note ? { note: input.note } : {}), ...(input.evidenceId ? { evidenceId: input.evidenceId } : {}), recordedAt: now.toISOString() }
          : a.manual;
      const { interaction: _i, manual: _m, ...rest } = a;
      const interaction = input.interaction === undefined ? a.interaction : input.interaction || undefined;
      const next: Account = { ...rest, ...(manual ? { manual } : {}), ...(interaction ? { interaction } : {}) };
      return {
        ...rejudge(next, opts.checkDate, opts.thresholds, a.reading ?? null),
        checkedAt: now.toISOString(),
        ...(opts.inspector ? { inspector: opts.inspector } : {}),
        evidenceIds: input.evidenceId ? [...a.evidenceIds, input.evidenceId] : a.evidenceIds,
      };
    },
    now,
  );
}

export async function removeAccounts(db: InspectorStore, sessionId: string): Promise<void> {
  await writeTx(db, ['accounts'], async (tx) => {
    for (const a of await tx.objectStore('accounts').index('by-session').getAll(sessionId)) await tx.objectStore('accounts').delete(a.id);
  });
}
