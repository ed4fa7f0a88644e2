import { type RuleId, type Severity } from '@/lib/findings';
import { RULE_IDS } from '@/lib/rule-catalog';
import { ruleName, severityName } from '@/lib/i18n';
import type { ManualDraft } from '@/lib/store/manual-draft';
import { useI18n } from '../i18n';

interface Props {
  draft: ManualDraft;
  onChange(draft: ManualDraft): void;
  /** Start the page's element picker (the popup may close meanwhile: the draft is kept). */
  onPick(): void;
  onSave(): void;
  onCancel(): void;
}

const SEVERITIES: Severity[] = ['veto', 'deduct', 'review'];

/** 添加问题: a finding no rule catches, on a picked element or the whole page, with indicator, severity and note. */
export function ManualFindingForm({ draft, onChange, onPick, onSave, onCancel }: Props) {
  const { t } = useI18n();
  const set = (patch: Partial<ManualDraft>) => onChange({ ...draft, ...patch });
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  return (
    <form
      class="gsi-form gsi-manual"
      aria-labelledby="gsi-manual-title"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <h2 id="gsi-manual-title">{t('pop_manual_title')}</h2>
      <fieldset class="gsi-target">
        <legend>{t('pop_manual_target')}</legend>
        <label class="gsi-check">
          <input type="radio" name="gsi-target" checked={!draft.target} onChange={() => set({ target: null })} />
          {t('pop_manual_whole_page')}
        </label>
        {draft.target && (
          <label class="gsi-check gsi-picked">
            <input type="radio" name="gsi-target" checked />
            <span class="gsi-picked-text" title={draft.target.snippet}>
              {draft.target.label} <code>{draft.target.selector}</code>
            </span>
          </label>
        )}
        {draft.picking ? (
          <p class="gsi-picking" aria-live="polite">
            {t('pop_manual_picking')}
          </p>
        ) : (
          <button type="button" class="gsi-small" onClick={onPick}>
            {t('pop_manual_pick')}
          </button>
        )}
      </fieldset>
      <div class="gsi-form-row">
        <label>
          {t('pop_manual_rule')}
          <select value={draft.rule} onChange={(e) => set({ rule: value(e) as RuleId })}>
            {RULE_IDS.map((r) => (
              <option key={r} value={r}>
                {ruleName(t, r)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('pop_manual_severity')}
          <select value={draft.severity} onChange={(e) => set({ severity: value(e) as Severity })}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {severityName(t, s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        {t('pop_manual_category')}
        <input value={draft.category} maxLength={100} onInput={(e) => set({ category: value(e) })} />
      </label>
      <label>
        {t('pop_manual_label')}
        <input value={draft.label} maxLength={500} onInput={(e) => set({ label: value(e) })} />
      </label>
      <label>
        {t('pop_manual_note')}
        <textarea rows={2} value={draft.note} maxLength={4000} onInput={(e) => set({ note: (e.currentTarget as HTMLTextAreaElement).value })} />
      </label>
      <div class="gsi-actions">
        <button type="submit" class="gsi-primary" disabled={draft.picking}>
          {t('pop_manual_save')}
        </button>
        <button type="button" class="gsi-small" onClick={onCancel}>
          {t('pop_cancel')}
        </button>
      </div>
    </form>
  );
}
