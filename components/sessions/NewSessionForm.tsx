import { useState } from 'preact/hooks';
import { useI18n } from '@/components/i18n';
import { importAsNewSession, readImportFile } from '@/lib/export/import';
import { importSummary } from './import-summary';
import { createSession, quarterOf } from '@/lib/store/sessions';
import { importErrorText } from './errors';
import { FileButton } from './FileButton';
import type { PanelProps } from './types';

/** Create a session (it becomes the active one), typed in or from a colleague's JSON export. */
export function NewSessionForm({ db, act, notify }: PanelProps) {
  const { t, lang } = useI18n();
  const [name, setName] = useState('');
  const [quarter, setQuarter] = useState(() => quarterOf(new Date()));
  const [inspector, setInspector] = useState('');

  function submit(e: Event) {
    e.preventDefault();
    if (!name.trim()) return notify({ kind: 'error', text: t('sessions_name_required') });
    if (!/^\d{4}Q[1-4]$/.test(quarter.trim())) return notify({ kind: 'error', text: t('sessions_quarter_invalid') });
    void act(async () => {
      const session = await createSession(await db, { name, quarter: quarter.trim(), inspector });
      setName('');
      return t('sessions_created', session.name);
    });
  }

  async function importFile(file: File) {
    try {
      const result = await importAsNewSession(await db, await readImportFile(file));
      await act(async () => importSummary(t, file.name, result));
    } catch (error) {
      notify({ kind: 'error', text: importErrorText(t, lang, file.name, error) });
    }
  }

  return (
    <section class="card" aria-labelledby="new-session-heading">
      <h2 id="new-session-heading">{t('sessions_new_heading')}</h2>
      <form class="stack" onSubmit={submit}>
        <label>
          {t('sessions_field_name')}
          <input value={name} placeholder={t('sessions_field_name_hint')} maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <div class="two">
          <label>
            {t('sessions_field_quarter')}
            <input value={quarter} pattern="\d{4}Q[1-4]" maxLength={6} onInput={(e) => setQuarter(e.currentTarget.value)} />
          </label>
          <label>
            {t('sessions_field_inspector')}
            <input value={inspector} maxLength={100} onInput={(e) => setInspector(e.currentTarget.value)} />
          </label>
        </div>
        <button type="submit" class="primary">
          {t('sessions_create')}
        </button>
      </form>
      <div class="row-actions">
        <FileButton label={t('sessions_import_new')} accept="application/json,.json" testId="import-new-session" onFile={(f) => void importFile(f)} />
      </div>
    </section>
  );
}
