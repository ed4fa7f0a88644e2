import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { tabSession } from '@/lib/store/session-area';
import { useI18n } from '@/components/i18n';
import './accounts.css';
import { FileButton } from '@/components/sessions/FileButton';
import { importErrorText } from '@/components/sessions/errors';
import type { Session } from '@/lib/findings';
import { ACCOUNT_TAB_KEY, CATEGORY_NAMES, PLATFORM_NAMES, STATUS_NAMES, type Account } from '@/lib/accounts/account';
import type { InspectorStore } from '@/lib/store/db';
import { parseAccountList } from '@/lib/accounts/list-import';
import { accountsOfSession, importAccounts, recordManual } from '@/lib/accounts/store';
import { thresholdsOf } from '@/lib/accounts/verdict';
import { loadRulePack } from '@/lib/rule-pack/store';
import { saveEvidence } from '@/lib/store/evidence';

/** The sessions page's panel props (components/sessions/SessionsApp.tsx PanelProps), restated to keep imports one way. */
interface Props {
  db: Promise<InspectorStore>;
  act(action: () => Promise<string | void>): Promise<void>;
  notify(notice: { kind: 'ok' | 'error'; text: string }): void;
  session: Session;
}

async function checkDate(): Promise<Date> {
  const { checkDate: d } = await browser.storage.local.get('checkDate');
  return typeof d === 'string' ? new Date(`${d}T12:00:00`) : new Date();
}

/**
 * The session's new-media accounts beside its sites: import the registry list, open an account's link
 * (its reading is recorded when the page's scan settles), and record by hand what only a phone shows.
 */
export function AccountsPanel({ db, act, notify, session }: Props) {
  const { t, lang } = useI18n();
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const reload = async () => setAccounts(await accountsOfSession(await db, session.id));

  useEffect(() => {
    void reload();
    // Readings land while the inspector is on the account's tab: coming back shows them.
    const onShow = () => document.visibilityState === 'visible' && void reload();
    document.addEventListener('visibilitychange', onShow);
    return () => document.removeEventListener('visibilitychange', onShow);
  }, [session]);

  async function importList(file: File) {
    let entries;
    try {
      entries = await parseAccountList(new Uint8Array(await file.arrayBuffer()), file.name);
    } catch (error) {
      // Read whole before anything is stored: a bad row leaves the session as it was.
      return notify({ kind: 'error', text: importErrorText(t, lang, file.name, error) });
    }
    await act(async () => {
      const { added, skipped } = await importAccounts(await db, session.id, entries);
      await reload();
      return t('accounts_imported', added, skipped);
    });
  }

  async function open(account: Account) {
    if (!account.url) return;
    // The tab is tied to the account as soon as it exists (its scan settles seconds later), so a link that
    // redirects elsewhere is still this account's.
    const tab = await browser.tabs.create({ url: account.url, active: true });
    if (tab.id !== undefined) await tabSession().set(tab.id, ACCOUNT_TAB_KEY, { accountId: account.id });
  }

  const counts = { pass: 0, fail: 0, manual: 0, unchecked: 0 };
  for (const a of accounts ?? []) counts[a.status]++;

  return (
    <section class="card accounts-card" aria-labelledby="accounts-heading" data-testid="accounts-panel">
      <div class="card-head">
        <div>
          <h2 id="accounts-heading">
            {t('accounts_heading')} <span class="sub">{t('accounts_heading_sub')}</span>
          </h2>
          <p class="muted" data-testid="accounts-summary">
            {t('accounts_summary', accounts?.length ?? 0, counts.pass, counts.fail, counts.manual, counts.unchecked)}
          </p>
        </div>
        <FileButton label={t('accounts_import')} accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" testId="import-accounts" onFile={(f) => void importList(f)} />
      </div>
      {accounts && accounts.length === 0 && <p class="muted">{t('accounts_none')}</p>}
      {accounts && accounts.length > 0 && (
        <table class="grid accounts" data-testid="accounts">
          <thead>
            <tr>
              <th scope="col">{t('accounts_col_name')}</th>
              <th scope="col">{t('accounts_col_platform')}</th>
              <th scope="col">{t('accounts_col_status')}</th>
              <th scope="col">{t('accounts_col_last_post')}</th>
              <th scope="col">{t('accounts_col_reasons')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('sessions_col_actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <Fragment key={a.id}>
                <tr data-account={a.name} data-status={a.status} class={`status-${a.status}`}>
                  <th scope="row">
                    <div class="site-name">{a.name}</div>
                    <div class="url">{a.unit}</div>
                  </th>
                  <td>{PLATFORM_NAMES[a.platform]}</td>
                  <td data-col="status">
                    <span class={`badge ${a.status}`}>{lang === 'zh_CN' ? STATUS_NAMES[a.status] : t(`accounts_status_${a.status}`)}</span>
                  </td>
                  <td data-col="last-post">{a.lastPost ?? '—'}</td>
                  <td data-col="reasons">
                    {a.reasons.map((r) => (
                      <div key={r.text} class="reason" data-category={r.category}>
                        <strong>{CATEGORY_NAMES[r.category]}</strong>：{r.text}
                      </div>
                    ))}
                    {a.basis && <div class="url">{t('accounts_basis', a.basis)}</div>}
                    {a.evidenceIds.length > 0 && <div class="muted" data-col="evidence">{t('accounts_evidence', a.evidenceIds.length)}</div>}
                  </td>
                  <td class="actions">
                    {a.url && (
                      <button type="button" class="link" onClick={() => void open(a)}>
                        {t('accounts_open')}
                      </button>
                    )}
                    <button type="button" class="link" aria-expanded={editing === a.id} onClick={() => setEditing(editing === a.id ? null : a.id)}>
                      {t('accounts_manual')}
                    </button>
                  </td>
                </tr>
                {editing === a.id && (
                  <tr class="manual-row">
                    <td colSpan={6}>
                      <ManualForm
                        account={a}
                        onSave={(input) =>
                          act(async () => {
                            const store = await db;
                            let evidenceId: string | undefined;
                            if (input.image) {
                              const bitmap = await createImageBitmap(input.image);
                              const evidence = await saveEvidence(store, { sessionId: session.id, findingIds: [], pageUrl: a.url ?? `account:${a.platform}:${a.accountId ?? a.name}`, pageTitle: `${a.name}（手机截图）`, blob: input.image, width: bitmap.width, height: bitmap.height });
                              bitmap.close();
                              evidenceId = evidence.id;
                            }
                            await recordManual(
                              store,
                              a.id,
                              { ...(input.lastPost ? { lastPost: input.lastPost } : {}), empty: input.empty, ...(evidenceId ? { evidenceId } : {}), interaction: input.interaction },
                              { checkDate: await checkDate(), thresholds: thresholdsOf(await loadRulePack()), inspector: session.inspector },
                            );
                            setEditing(null);
                            await reload();
                            return t('accounts_manual_saved', a.name);
                          })
                        }
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface ManualInput {
  lastPost: string;
  empty: boolean;
  interaction: string | null;
  image: File | null;
}

/** What a phone shows: the latest post date, or that nothing was ever posted; a screenshot; 互动回应差. */
function ManualForm({ account, onSave }: { account: Account; onSave(input: ManualInput): Promise<void> }) {
  const { t } = useI18n();
  const [lastPost, setLastPost] = useState(account.manual?.lastPost ?? '');
  const [empty, setEmpty] = useState(account.manual?.empty ?? false);
  const [interaction, setInteraction] = useState(account.interaction ?? '');
  const [image, setImage] = useState<File | null>(null);
  return (
    <form
      class="inline-form manual-account"
      data-testid="manual-account"
      onSubmit={(e) => {
        e.preventDefault();
        void onSave({ lastPost, empty, interaction: interaction.trim() || null, image });
      }}
    >
      <label>
        {t('accounts_manual_last_post')}
        <input type="date" value={lastPost} onInput={(e) => setLastPost(e.currentTarget.value)} />
      </label>
      <label class="check">
        <input type="checkbox" checked={empty} onChange={(e) => setEmpty(e.currentTarget.checked)} />
        {t('accounts_manual_empty')}
      </label>
      <label>
        {t('accounts_manual_screenshot')}
        <input type="file" accept="image/png,image/jpeg,image/webp" data-testid="manual-screenshot" onChange={(e) => setImage(e.currentTarget.files?.[0] ?? null)} />
      </label>
      <label class="wide">
        {t('accounts_manual_interaction')}
        <input value={interaction} maxLength={2000} placeholder={t('accounts_manual_interaction_hint')} onInput={(e) => setInteraction(e.currentTarget.value)} />
      </label>
      <button type="submit">{t('accounts_manual_save')}</button>
    </form>
  );
}
