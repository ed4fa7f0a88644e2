import { useState } from 'preact/hooks';
import { FindingStatus, Severity } from '@/lib/findings';
import { RULE_IDS } from '@/lib/rule-catalog';
import { ruleName, severityName } from '@/lib/i18n';
import { useI18n } from '../i18n';
import type { ReviewFilters } from './view';

/** The view's filters; applied together (one reload from the server) on submit. */
export function Filters({ value, onApply }: { value: ReviewFilters; onApply(next: ReviewFilters): void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(value);
  const set = <K extends keyof ReviewFilters>(key: K, v: ReviewFilters[K]) => setDraft((d) => ({ ...d, [key]: v }));
  return (
    <form
      class="rv-filters"
      data-testid="filters"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <label>
        {t('review_f_site')}
        <input name="site" value={draft.site} placeholder="www.example.gov.cn" onInput={(e) => set('site', e.currentTarget.value)} />
      </label>
      <label>
        {t('review_f_rule')}
        <select name="rule" value={draft.rule} onChange={(e) => set('rule', e.currentTarget.value as ReviewFilters['rule'])}>
          <option value="">{t('review_any')}</option>
          {RULE_IDS.map((r) => (
            <option key={r} value={r}>
              {ruleName(t, r)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('review_f_severity')}
        <select name="severity" value={draft.severity} onChange={(e) => set('severity', e.currentTarget.value as ReviewFilters['severity'])}>
          <option value="">{t('review_any')}</option>
          {Severity.options.map((s) => (
            <option key={s} value={s}>
              {severityName(t, s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('review_f_inspector')}
        <input name="inspector" value={draft.inspector} onInput={(e) => set('inspector', e.currentTarget.value)} />
      </label>
      <label>
        {t('review_f_status')}
        <select name="status" value={draft.status} onChange={(e) => set('status', e.currentTarget.value as ReviewFilters['status'])}>
          <option value="">{t('review_any')}</option>
          <option value="decided">{t('review_status_decided')}</option>
          {FindingStatus.options.map((s) => (
            <option key={s} value={s}>
              {t(`review_status_${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('review_f_from')}
        <input type="date" name="from" value={draft.from} onInput={(e) => set('from', e.currentTarget.value)} />
      </label>
      <label>
        {t('review_f_to')}
        <input type="date" name="to" value={draft.to} onInput={(e) => set('to', e.currentTarget.value)} />
      </label>
      <button type="submit" class="rv-primary">
        {t('review_apply')}
      </button>
    </form>
  );
}
