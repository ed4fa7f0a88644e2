import { useEffect, useState } from 'preact/hooks';
import { LanguageSwitch, useI18n } from '@/components/i18n';
import type { InspectorStore } from '@/lib/store/db';
import type { Notice, PanelProps } from './types';
import { errorText } from './errors';
import { FindingsPanel } from './FindingsPanel';
import { NewSessionForm } from './NewSessionForm';
import { SessionList } from './SessionList';
import { SitesPanel } from './SitesPanel';
import { StorageInfo } from './StorageInfo';
import { useSessionsData } from './useSessionsData';
import { AccountsPanel } from '@/components/accounts/AccountsPanel';

/** The sessions page: sessions on the left, the active session's sites, findings, exports and imports on the right. */
export function SessionsApp({ db }: { db: Promise<InspectorStore> }) {
  const { t } = useI18n();
  const { data, loadError, reload, patchFindings } = useSessionsData(db);
  const [notice, setNotice] = useState<Notice | null>(null);

  useEffect(() => {
    document.title = `${t('appName')} · ${t('sessions_title')}`;
  }, [t]);

  const act: PanelProps['act'] = async (action) => {
    try {
      const text = await action();
      setNotice(text ? { kind: 'ok', text } : null);
    } catch (error) {
      setNotice({ kind: 'error', text: errorText(t, error) });
    }
    await reload();
  };
  const panel: PanelProps = { db, act, notify: setNotice };

  return (
    <div class="sessions-page">
      <header class="page-header">
        <h1>
          {t('appName')} <span class="sub">{t('sessions_title')}</span>
        </h1>
        <button type="button" onClick={() => void reload()}>
          {t('sessions_refresh')}
        </button>
        <LanguageSwitch />
      </header>
      {notice && (
        <div class={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          <p>{notice.text}</p>
          <button type="button" class="close" aria-label={t('sessions_cancel')} onClick={() => setNotice(null)}>
            ×
          </button>
        </div>
      )}
      {loadError ? (
        <p class="notice error" role="alert">
          {errorText(t, loadError)}
        </p>
      ) : !data ? (
        <p class="muted">{t('sessions_loading')}</p>
      ) : (
        <div class="layout">
          <aside class="sidebar">
            <SessionList {...panel} sessions={data.sessions} activeId={data.active?.id} />
            <NewSessionForm {...panel} />
            <StorageInfo storage={data.storage} />
          </aside>
          <main class="main">
            {data.active ? (
              <>
                <div class="sites-and-accounts">
                  <SitesPanel {...panel} session={data.active} progress={data.progress} />
                  <AccountsPanel {...panel} session={data.active} />
                </div>
                <FindingsPanel {...panel} session={data.active} findings={data.findings} onEdited={patchFindings} />
              </>
            ) : (
              <section class="card empty">
                <p>{data.sessions.length ? t('sessions_no_active') : t('sessions_none')}</p>
              </section>
            )}
          </main>
        </div>
      )}
    </div>
  );
}
