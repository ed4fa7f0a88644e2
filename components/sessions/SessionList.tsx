import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '@/components/i18n';
import type { Session } from '@/lib/findings';
import { deleteSession, setActiveSession } from '@/lib/store/sessions';
import type { PanelProps } from './types';

interface Props extends PanelProps {
  sessions: Session[];
  activeId?: string;
}

/** The inspector's sessions: switch the active one, delete one after saying what goes with it. */
export function SessionList({ db, act, sessions, activeId }: Props) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState<{ session: Session; findings: number; evidence: number } | null>(null);

  async function askDelete(session: Session) {
    const store = await db;
    const [findings, evidence] = await Promise.all([store.countFromIndex('findings', 'by-session', session.id), store.countFromIndex('evidence', 'by-session', session.id)]);
    setConfirming({ session, findings, evidence });
  }

  return (
    <section class="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">{t('sessions_list_heading')}</h2>
      {sessions.length === 0 && <p class="muted">{t('sessions_none')}</p>}
      <ul class="session-list">
        {sessions.map((s) => {
          const active = s.id === activeId;
          return (
            <li key={s.id} class={active ? 'session active' : 'session'} data-session={s.name} aria-current={active ? 'true' : undefined}>
              <div class="session-name">
                {s.name}
                {active && <span class="badge">{t('sessions_active_badge')}</span>}
              </div>
              <div class="session-meta">{t('sessions_meta', s.quarter, s.inspector || '—', s.sites.length)}</div>
              {confirming?.session.id === s.id ? (
                <DeleteConfirm
                  text={t('sessions_delete_confirm', s.name, confirming.findings, confirming.evidence)}
                  onCancel={() => setConfirming(null)}
                  onConfirm={() => {
                    setConfirming(null);
                    void act(async () => {
                      await deleteSession(await db, s.id);
                      return t('sessions_deleted', s.name);
                    });
                  }}
                />
              ) : (
                <div class="row-actions">
                  {!active && (
                    <button
                      type="button"
                      aria-label={t('sessions_activate_label', s.name)}
                      onClick={() =>
                        void act(async () => {
                          await setActiveSession(await db, s.id);
                          return t('sessions_activated', s.name);
                        })
                      }
                    >
                      {t('sessions_activate')}
                    </button>
                  )}
                  <button type="button" class="danger" aria-label={t('sessions_delete_label', s.name)} onClick={() => void askDelete(s)}>
                    {t('sessions_delete')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function DeleteConfirm({ text, onConfirm, onCancel }: { text: string; onConfirm(): void; onCancel(): void }) {
  const { t } = useI18n();
  const cancel = useRef<HTMLButtonElement>(null);
  // Focus lands on the safe choice; Escape backs out.
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div class="confirm" role="alertdialog" aria-label={t('sessions_delete')} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <p>{text}</p>
      <div class="row-actions">
        <button type="button" class="danger-solid" onClick={onConfirm}>
          {t('sessions_delete_yes')}
        </button>
        <button type="button" ref={cancel} onClick={onCancel}>
          {t('sessions_cancel')}
        </button>
      </div>
    </div>
  );
}
