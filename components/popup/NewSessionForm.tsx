import { useState } from 'preact/hooks';
import { useI18n } from '../i18n';

export interface NewSessionInput {
  name: string;
  quarter: string;
  inspector: string;
  addCurrent: boolean;
}

interface Props {
  quarter: string;
  /** The current site's name and host, offered as the session's first site. */
  site: { name: string; host: string } | null;
  onCreate(input: NewSessionInput): Promise<void>;
}

/** No session yet: name, quarter (this quarter by default), inspector, and the current site pre-added. */
export function NewSessionForm({ quarter: defaultQuarter, site, onCreate }: Props) {
  const { t } = useI18n();
  const [name, setName] = useState(t('pop_session_name_default', defaultQuarter));
  const [quarter, setQuarter] = useState(defaultQuarter);
  const [inspector, setInspector] = useState('');
  const [addCurrent, setAddCurrent] = useState(!!site);
  const [busy, setBusy] = useState(false);
  const valid = name.trim() !== '' && /^\d{4}Q[1-4]$/.test(quarter);
  return (
    <form
      class="gsi-form gsi-new-session"
      aria-labelledby="gsi-new-session-title"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!valid) return;
        setBusy(true);
        await onCreate({ name, quarter, inspector, addCurrent }).finally(() => setBusy(false));
      }}
    >
      <h2 id="gsi-new-session-title">{t('pop_new_session')}</h2>
      <p class="gsi-muted-text">{t('pop_no_session')}</p>
      <label>
        {t('pop_session_name')}
        <input required value={name} maxLength={200} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <div class="gsi-form-row">
        <label>
          {t('pop_session_quarter')}
          <input required value={quarter} pattern="\d{4}Q[1-4]" size={7} onInput={(e) => setQuarter((e.currentTarget as HTMLInputElement).value.trim())} />
        </label>
        <label>
          {t('pop_session_inspector')}
          <input value={inspector} maxLength={100} onInput={(e) => setInspector((e.currentTarget as HTMLInputElement).value)} />
        </label>
      </div>
      {site && (
        <label class="gsi-check">
          <input type="checkbox" checked={addCurrent} onChange={(e) => setAddCurrent((e.currentTarget as HTMLInputElement).checked)} />
          {t('pop_session_add_current', site.name === site.host ? site.host : `${site.name}（${site.host}）`)}
        </label>
      )}
      <button type="submit" class="gsi-primary" disabled={!valid || busy}>
        {t('pop_session_create')}
      </button>
    </form>
  );
}
