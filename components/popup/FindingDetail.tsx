import { useState } from 'preact/hooks';
import type { Finding } from '@/lib/findings';
import type { RulePack } from '@/lib/rule-pack/pack';
import type { InspectorStore } from '@/lib/store/db';
import { useI18n } from '../i18n';
import type { FindingActions } from './types';
import { NoteEditor } from './NoteEditor';
import { EvidenceThumb } from './EvidenceThumb';
import { EmblemCompare } from './EmblemCompare';

interface Props {
  id: string;
  finding: Finding;
  actions: FindingActions;
  db: Promise<InspectorStore> | null;
  pack: RulePack | null;
  capturing: boolean;
}

/** One finding opened: its reason, note and evidence, and what the inspector can do with it. */
export function FindingDetail({ id, finding: f, actions, db, pack, capturing }: Props) {
  const { t } = useI18n();
  const [noting, setNoting] = useState(false);
  const [revealFailed, setRevealFailed] = useState(false);
  const decided = f.status === 'accepted' || f.status === 'rejected';
  return (
    <div class="gsi-detail" id={id}>
      {/* The row cuts a long label (a link's text, a page's wording) to one line: here it is whole. */}
      {f.label && f.label !== f.message && <p class="gsi-label-full">{f.label}</p>}
      <p class="gsi-message">{f.message}</p>
      {f.detail.category && <p class="gsi-category">{String(f.detail.category)}</p>}
      {f.note && !noting && <p class="gsi-note">{f.note}</p>}
      {f.rule === 'emblem-outdated' && f.severity === 'review' && <EmblemCompare finding={f} pack={pack} />}
      {noting ? (
        <NoteEditor
          initial={f.note ?? ''}
          onCancel={() => setNoting(false)}
          onSave={(note) => {
            setNoting(false);
            void actions.edit([f.key], { note });
          }}
        />
      ) : (
        <div class="gsi-actions">
          {f.selector && (
            <button type="button" class="gsi-small" aria-label={t('popupRevealLabel', f.label || f.message)} onClick={async () => setRevealFailed(!(await actions.reveal(f)))}>
              {revealFailed ? t('popupRevealFailed') : t('popupReveal')}
            </button>
          )}
          {!decided && f.status !== 'confirmed' && (
            <button type="button" class="gsi-small gsi-small-primary" onClick={() => void actions.edit([f.key], { status: 'confirmed' })}>
              {t('pop_confirm')}
            </button>
          )}
          {!decided && f.status !== 'dismissed' && (
            <button type="button" class="gsi-small" onClick={() => void actions.edit([f.key], { status: 'dismissed' })}>
              {t('pop_dismiss')}
            </button>
          )}
          {!decided && f.status !== 'open' && (
            <button type="button" class="gsi-small" onClick={() => void actions.edit([f.key], { status: 'open' })}>
              {t('pop_reopen')}
            </button>
          )}
          <button type="button" class="gsi-small" onClick={() => setNoting(true)}>
            {t('pop_note')}
          </button>
          <button type="button" class="gsi-small" disabled={capturing} onClick={() => void actions.capture(f)}>
            {capturing ? t('pop_evidence_busy') : t('pop_evidence')}
          </button>
        </div>
      )}
      {f.screenshotId && <EvidenceThumb db={db} id={f.screenshotId} label={f.label || f.message} large />}
    </div>
  );
}
