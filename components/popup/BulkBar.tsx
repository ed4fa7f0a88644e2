import { useState } from 'preact/hooks';
import type { FindingEdit } from '@/lib/store/recording';
import { useI18n } from '../i18n';
import { NoteEditor } from './NoteEditor';

/** What the inspector can do to every selected finding at once. */
export function BulkBar({ count, onEdit, onClear }: { count: number; onEdit(edit: FindingEdit): void; onClear(): void }) {
  const { t } = useI18n();
  const [noting, setNoting] = useState(false);
  if (!count) return null;
  return (
    <section class="gsi-bulk" aria-label={t('pop_selected', count)}>
      <p class="gsi-bulk-count" aria-live="polite">
        {t('pop_selected', count)}
      </p>
      {noting ? (
        <NoteEditor
          initial=""
          onCancel={() => setNoting(false)}
          onSave={(note) => {
            setNoting(false);
            onEdit({ note });
          }}
        />
      ) : (
        <div class="gsi-actions">
          <button type="button" class="gsi-small gsi-small-primary" onClick={() => onEdit({ status: 'confirmed' })}>
            {t('pop_confirm')}
          </button>
          <button type="button" class="gsi-small" onClick={() => onEdit({ status: 'dismissed' })}>
            {t('pop_dismiss')}
          </button>
          <button type="button" class="gsi-small" onClick={() => onEdit({ status: 'open' })}>
            {t('pop_reopen')}
          </button>
          <button type="button" class="gsi-small" onClick={() => setNoting(true)}>
            {t('pop_note')}
          </button>
          <button type="button" class="gsi-small gsi-plain" onClick={onClear}>
            {t('pop_clear_selection')}
          </button>
        </div>
      )}
    </section>
  );
}
