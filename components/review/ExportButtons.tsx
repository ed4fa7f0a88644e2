import { useState } from 'preact/hooks';
import type { Finding } from '@/lib/findings';
import { EXPORT_FORMATS, buildExport, type ExportFormat } from '@/lib/export/files';
import { saveFile } from '@/lib/export/downloads';
import { errorWords } from '@/lib/sync/errors';
import type { SyncApi } from '@/lib/sync/api';
import { useI18n } from '../i18n';
import { fetchScreenshots } from './report-evidence';

type Notice = { kind: 'ok' | 'error'; text: string };

/** The filtered view, as it is sorted on screen, in any of the exporters' formats; the report with the server's screenshots. */
export function ExportButtons({ rows, api, onNotice }: { rows: readonly Finding[]; api: Pick<SyncApi, 'getEvidence'>; onNotice(notice: Notice | null): void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  async function run(format: ExportFormat): Promise<void> {
    setBusy(format);
    onNotice(null);
    try {
      const shots = format === 'html' ? await fetchScreenshots(api, rows) : null;
      const missing = shots?.failed.length ? t('review_report_shots_missing', shots.failed.length, shots.failed[0].error) : undefined;
      const file = await buildExport(format, { findings: rows, screenshots: shots?.byFinding, note: missing });
      saveFile(file.name.replace('政府网站检查', '审核视图'), file.blob);
      if (missing) onNotice({ kind: 'error', text: missing });
    } catch (error) {
      onNotice({ kind: 'error', text: t('review_export_failed', errorWords(error)) });
    } finally {
      setBusy(null);
    }
  }
  return (
    <div class="rv-export" role="group" aria-label={t('review_export')}>
      <span>{t('review_export')}</span>
      {EXPORT_FORMATS.map((f) => (
        <button key={f} type="button" disabled={!rows.length || busy !== null} onClick={() => void run(f)} data-testid={`export-${f}`}>
          {f.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
