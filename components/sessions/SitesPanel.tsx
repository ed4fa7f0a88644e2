import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '@/components/i18n';
import type { Session } from '@/lib/findings';
import { addSites, removeSite, setSiteStatus, siteHost, type SiteProgress } from '@/lib/store/sessions';
import { parseSiteList } from '@/lib/sites/list-import';
import { importErrorText } from './errors';
import { FileButton } from './FileButton';
import type { PanelProps } from './types';

interface Props extends PanelProps {
  session: Session;
  progress: SiteProgress[];
}

/** The active session's sites with their progress; add one by URL or import the city's list. */
export function SitesPanel({ db, act, notify, session, progress }: Props) {
  const { t, lang } = useI18n();
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const checked = session.sites.filter((s) => s.status === 'checked').length;

  async function add(entries: Array<{ name: string; url: string }>): Promise<string> {
    const before = session.sites.length;
    const next = await addSites(await db, session.id, entries);
    const added = next.sites.length - before;
    return t('sessions_sites_added', added, entries.length - added);
  }

  function submit(e: Event) {
    e.preventDefault();
    const trimmed = url.trim();
    if (!/^https?:\/\/[^/\s]+/i.test(trimmed)) return notify({ kind: 'error', text: t('sessions_site_url_invalid') });
    void act(async () => {
      const text = await add([{ name: name.trim() || siteHost(trimmed), url: trimmed }]);
      setUrl('');
      setName('');
      return text;
    });
  }

  async function importList(file: File) {
    let entries;
    try {
      entries = await parseSiteList(new Uint8Array(await file.arrayBuffer()), file.name);
    } catch (error) {
      // The list is read whole before anything is added: a bad row leaves the session as it was.
      return notify({ kind: 'error', text: importErrorText(t, lang, file.name, error) });
    }
    await act(() => add(entries));
  }

  return (
    <section class="card" aria-labelledby="sites-heading">
      <div class="card-head">
        <div>
          <h2 id="sites-heading">
            {session.name} <span class="sub">{t('sessions_sites_heading')}</span>
          </h2>
          <p class="muted">
            {t('sessions_meta', session.quarter, session.inspector || '—', session.sites.length)} · {t('sessions_progress_summary', session.sites.length, checked)}
          </p>
        </div>
      </div>
      {progress.length === 0 ? (
        <p class="muted">{t('sessions_no_sites')}</p>
      ) : (
        <table class="grid sites" data-testid="sites">
          <thead>
            <tr>
              <th scope="col">{t('sessions_col_site')}</th>
              <th scope="col" class="num">{t('sessions_col_pages')}</th>
              <th scope="col" class="num">{t('sessions_col_findings')}</th>
              <th scope="col" class="num">{t('sessions_col_open')}</th>
              <th scope="col" class="center">{t('sessions_col_checked')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('sessions_col_actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {progress.map(({ site, pages, findings, open }) => (
              <tr key={site.url} data-site={siteHost(site.url)} class={site.status === 'checked' ? 'done' : undefined}>
                <th scope="row">
                  <div class="site-name">{site.name}</div>
                  <div class="url">{site.url}</div>
                </th>
                <td class="num" data-col="pages">{pages}</td>
                <td class="num" data-col="findings">{findings}</td>
                <td class="num" data-col="open">{open}</td>
                <td class="center">
                  <CheckedBox
                    checked={site.status === 'checked'}
                    stored={site}
                    label={t('sessions_site_checked_label', site.name)}
                    onChange={(checked) => void act(async () => void (await setSiteStatus(await db, session.id, site.url, checked ? 'checked' : 'pending')))}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    class="link"
                    aria-label={t('sessions_site_remove_label', site.name)}
                    onClick={() =>
                      void act(async () => {
                        await removeSite(await db, session.id, site.url);
                        return t('sessions_site_removed', site.name);
                      })
                    }
                  >
                    {t('sessions_site_remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form class="inline-form" onSubmit={submit}>
        <label>
          {t('sessions_add_site_url')}
          <input type="text" inputMode="url" value={url} placeholder="https://www.example.gov.cn/" onInput={(e) => setUrl(e.currentTarget.value)} />
        </label>
        <label>
          {t('sessions_add_site_name')}
          <input value={name} maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('sessions_add_site')}</button>
        <FileButton label={t('sessions_import_sites')} accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" testId="import-sites" onFile={(f) => void importList(f)} />
      </form>
    </section>
  );
}

/**
 * The box follows the click at once; the stored status catches up when the write lands. `stored` is the
 * site as last read: every reread (also after a failed write, e.g. a full disk) puts the box back to it.
 */
function CheckedBox({ checked, stored, label, onChange }: { checked: boolean; stored: object; label: string; onChange(checked: boolean): void }) {
  const [shown, setShown] = useState(checked);
  useEffect(() => setShown(checked), [checked, stored]);
  return (
    <input
      type="checkbox"
      checked={shown}
      aria-label={label}
      onChange={(e) => {
        setShown(e.currentTarget.checked);
        onChange(e.currentTarget.checked);
      }}
    />
  );
}
