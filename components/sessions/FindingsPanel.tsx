import { useMemo, useState } from 'preact/hooks';
import { useI18n } from '@/components/i18n';
import { saveFile } from '@/lib/export/downloads';
import { buildExport, EXPORT_FORMATS, sessionSiteHosts, type ExportFormat } from '@/lib/export/files';
import { filterFindings, isFiltered, type FindingFilter } from '@/lib/export/filter';
import { importIntoSession, readImportFile } from '@/lib/export/import';
import { importSummary } from './import-summary';
import { evidenceOfSession } from '@/lib/store/evidence';
import type { Finding, Session } from '@/lib/findings';
import { importErrorText } from './errors';
import { FileButton } from './FileButton';
import { FindingFilters } from './FindingFilters';
import { FindingsTable } from './FindingsTable';
import type { PanelProps } from './types';

interface Props extends PanelProps {
  session: Session;
  findings: Finding[];
  onEdited(findings: readonly Finding[]): void;
}

const FORMAT_KEYS = { csv: 'sessions_export_csv', xlsx: 'sessions_export_xlsx', json: 'sessions_export_json', html: 'sessions_export_html' } as const;

/** The session's findings: filter them, change their status, export the view, import a JSON export. */
export function FindingsPanel({ db, act, notify, session, findings, onEdited }: Props) {
  const { t, lang } = useI18n();
  const [filter, setFilter] = useState<FindingFilter>({});
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const shown = useMemo(() => filterFindings(findings, filter), [findings, filter]);
  const siteNames = useMemo(() => sessionSiteHosts(session, findings), [session, findings]);
  const filtered = isFiltered(filter);

  async function exportAs(format: ExportFormat) {
    setExporting(format);
    try {
      // Screenshots are read only for the formats that carry them.
      const evidence = format === 'json' || format === 'html' ? await evidenceOfSession(await db, session.id) : [];
      const file = await buildExport(format, { session, findings, filter, evidence });
      saveFile(file.name, file.blob);
      notify({ kind: 'ok', text: t('sessions_exported', file.name, file.count) });
    } catch (error) {
      notify({ kind: 'error', text: importErrorText(t, lang, '', error) });
    } finally {
      setExporting(null);
    }
  }

  async function importFile(file: File) {
    try {
      const result = await importIntoSession(await db, session.id, await readImportFile(file));
      await act(async () => importSummary(t, file.name, result));
    } catch (error) {
      notify({ kind: 'error', text: importErrorText(t, lang, file.name, error) });
    }
  }

  return (
    <section class="card" aria-labelledby="findings-heading">
      <div class="card-head">
        <h2 id="findings-heading">{t('sessions_findings_heading')}</h2>
        <p class="muted" data-testid="finding-count" role="status">
          {filtered ? t('sessions_count_filtered', shown.length, findings.length) : t('sessions_count', findings.length)}
        </p>
      </div>
      <FindingFilters findings={findings} siteNames={siteNames} filter={filter} onChange={setFilter} />
      <div class="export-bar" role="group" aria-label={filtered ? t('sessions_export_filtered') : t('sessions_export_all')}>
        <span class="muted">{filtered ? t('sessions_export_filtered') : t('sessions_export_all')}</span>
        {EXPORT_FORMATS.map((format) => (
          <button key={format} type="button" data-format={format} disabled={exporting !== null} onClick={() => void exportAs(format)}>
            {exporting === format ? t('sessions_exporting') : t(FORMAT_KEYS[format])}
          </button>
        ))}
        <span class="spacer" />
        <FileButton label={t('sessions_import_json')} accept="application/json,.json" testId="import-json" onFile={(f) => void importFile(f)} />
      </div>
      <FindingsTable {...{ db, act, notify }} findings={shown} siteNames={siteNames} onEdited={onEdited} />
    </section>
  );
}
