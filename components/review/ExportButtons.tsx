import { useState } from 'preact/hooks';
import type { Finding } from '@/lib/findings';
import { EXPORT_FORMATS, buildExport, type ExportFormat } from '@/lib/export/files';
import { saveFile } from '@/lib/downloads';
import { useI18n } from '../i18n';

/** The filtered view, as it is sorted on screen, in any of the exporters' formats. */
export function ExportButtons({ rows }: { rows: readonly Finding[] }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  async function run(format: ExportFormat): Promise<void> {
    setBusy(format);
    try {
      const file = await buildExport(format, { findings: rows });
      saveFile(file.name.replace('政府网站检查', '审核视图'), file.blob);
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
