import type { Session } from '@/lib/findings';
import { useI18n } from '../i18n';

interface Props {
  sessions: Session[];
  active: Session;
  onSwitch(id: string): void;
  onManage(): void;
}

/** The active session (name, quarter), a switch between sessions and the way to the sessions page. */
export function SessionBar({ sessions, active, onSwitch, onManage }: Props) {
  const { t } = useI18n();
  return (
    <section class="gsi-session" aria-label={t('pop_session_label')}>
      <label class="gsi-session-pick">
        <span class="gsi-session-label">{t('pop_session_label')}</span>
        <select value={active.id} aria-label={t('pop_session_switch')} onChange={(e) => onSwitch((e.currentTarget as HTMLSelectElement).value)}>
          {sessions.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} · {s.quarter}
            </option>
          ))}
        </select>
      </label>
      <a
        class="gsi-link"
        href="/sessions.html"
        onClick={(e) => {
          e.preventDefault();
          onManage();
        }}
      >
        {t('pop_manage_sessions')}
      </a>
    </section>
  );
}
