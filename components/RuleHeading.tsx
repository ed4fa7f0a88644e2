import { type RuleId, type Severity } from '@/lib/findings';
import { RULE_CATALOG } from '@/lib/rule-catalog';
import { severityName } from '@/lib/i18n';
import { useI18n } from './i18n';

const SEVERITIES: Severity[] = ['veto', 'deduct', 'review'];

/** A rule's row heading as the popup shows it: colour swatch, name, counts per severity, total. */
export function RuleHeading({ rule, name, severities }: { rule: RuleId; name: string; severities: readonly Severity[] }) {
  const { t } = useI18n();
  const counts = SEVERITIES.map((s) => [s, severities.filter((x) => x === s).length] as const).filter(([, n]) => n > 0);
  return (
    <>
      <span class="gsi-swatch" style={{ background: RULE_CATALOG[rule].color }} aria-hidden="true" />
      <span class="gsi-rule-name">{name}</span>
      <span class="gsi-severities">
        {counts.map(([s, n]) => (
          <span key={s} class={`gsi-sev gsi-sev-${s}`} data-severity={s}>
            {severityName(t, s)} {n}
          </span>
        ))}
      </span>
      <span class="gsi-count">{severities.length}</span>
    </>
  );
}
