import { useI18n } from '@/components/i18n';
import { FindingStatus, Severity, type Finding } from '@/lib/findings';
import { RULE_IDS } from '@/lib/rule-catalog';
import type { FindingFilter } from '@/lib/export/filter';
import { ruleName, severityName, type MessageKey } from '@/lib/i18n';

interface Props {
  findings: readonly Finding[];
  siteNames: ReadonlyMap<string, string>;
  filter: FindingFilter;
  onChange(filter: FindingFilter): void;
}

export const statusKey = (status: FindingStatus): MessageKey => `sessions_status_${status}`;

/** Site and rule offer what the session has; severity and status offer every value. */
export function FindingFilters({ findings, siteNames, filter, onChange }: Props) {
  const { t } = useI18n();
  const sites = [...new Set(findings.map((f) => f.site))].sort();
  const rules = RULE_IDS.filter((r) => findings.some((f) => f.rule === r));
  const set = (field: keyof FindingFilter, value: string) => onChange({ ...filter, [field]: value || undefined });
  const select = (field: keyof FindingFilter, label: string, options: Array<[string, string]>) => (
    <label>
      {label}
      <select value={filter[field] ?? ''} data-filter={field} onChange={(e) => set(field, e.currentTarget.value)}>
        <option value="">{t('sessions_filter_all')}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div class="filters">
      {select('site', t('sessions_filter_site'), sites.map((s) => [s, siteNames.get(s) ? `${siteNames.get(s)}（${s}）` : s]))}
      {select('rule', t('sessions_filter_rule'), rules.map((r) => [r, ruleName(t, r)]))}
      {select('severity', t('sessions_filter_severity'), Severity.options.map((s) => [s, severityName(t, s)]))}
      {select('status', t('sessions_filter_status'), FindingStatus.options.map((s) => [s, t(statusKey(s))]))}
      <button type="button" class="link" disabled={!Object.values(filter).some(Boolean)} onClick={() => onChange({})}>
        {t('sessions_filter_clear')}
      </button>
    </div>
  );
}
