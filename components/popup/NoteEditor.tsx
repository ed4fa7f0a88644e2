import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n';

/** A note for one finding or a selection: Ctrl/⌘+Enter saves, Esc cancels. */
export function NoteEditor({ initial, onSave, onCancel }: { initial: string; onSave(note: string): void; onCancel(): void }) {
  const { t } = useI18n();
  const [text, setText] = useState(initial);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);
  return (
    <div class="gsi-note-editor">
      <textarea
        ref={area}
        rows={2}
        maxLength={4000}
        aria-label={t('pop_note_label')}
        value={text}
        onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            onSave(text);
          }
        }}
      />
      <div class="gsi-actions">
        <button type="button" class="gsi-small gsi-small-primary" onClick={() => onSave(text)}>
          {t('pop_note_save')}
        </button>
        <button type="button" class="gsi-small" onClick={onCancel}>
          {t('pop_cancel')}
        </button>
      </div>
    </div>
  );
}
