import { useState } from 'preact/hooks';
import { type Finding, type RuleId } from '@/lib/findings';
import { RULE_IDS } from '@/lib/rule-catalog';
import { ruleDescription, ruleName } from '@/lib/i18n';
import { useI18n } from './i18n';
import { RuleHeading } from './RuleHeading';

/** Findings listed per rule when a row is opened, then as many more per click: every one stays reachable. */
export const ROW_LIST_LIMIT = 50;

interface Props {
  findings: readonly Finding[];
  /** Scroll the page to a finding and flash it; resolves false when it cannot be shown. */
  onReveal?(key: string): Promise<boolean>;
}

/** Counts per rule with severities; each row opens to list its findings with a button to show each on the page. */
export function RuleCounts({ findings, onReveal }: Props) {
  const { t } = useI18n();
  const byRule = new Map<RuleId, Finding[]>();
  for (const f of findings) {
    const list = byRule.get(f.rule);
    if (list) list.push(f);
    else byRule.set(f.rule, [f]);
  }
  const rules = RULE_IDS.filter((id) => byRule.has(id));
  if (!rules.length) return <p class="gsi-none">{t('popupNoFindings')}</p>;
  return (
    <ul class="gsi-rules">
      {rules.map((rule) => (
        <RuleRow key={rule} rule={rule} findings={byRule.get(rule)!} onReveal={onReveal} />
      ))}
    </ul>
  );
}

function RuleRow({ rule, findings, onReveal }: { rule: RuleId; findings: Finding[]; onReveal?: Props['onReveal'] }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [limit, setLimit] = useState(ROW_LIST_LIMIT);
  const left = findings.length - limit;
  const name = ruleName(t, rule);
  const listId = `gsi-rule-${rule}`;
  return (
    <li class="gsi-rule" data-rule={rule}>
      <button
        type="button"
        class="gsi-rule-head"
        aria-expanded={open}
        aria-controls={listId}
        title={ruleDescription(t, rule)}
        onClick={() => setOpen(!open)}
      >
        <RuleHeading rule={rule} name={name} severities={findings.map((f) => f.severity)} />
      </button>
      {open && (
        <ul class="gsi-findings" id={listId} aria-label={t('popupShowFindings', name)}>
          {findings.slice(0, limit).map((f) => (
            <li key={f.key} class="gsi-finding" data-key={f.key}>
              <span class="gsi-finding-text" title={f.label && f.label !== f.message ? `${f.label}\n${f.message}` : f.message}>
                {f.label || f.message}
              </span>
              {f.selector && onReveal ? (
                <button
                  type="button"
                  class="gsi-reveal"
                  aria-label={t('popupRevealLabel', f.label || name)}
                  onClick={async () => setFailed((await onReveal(f.key)) ? null : f.key)}
                >
                  {failed === f.key ? t('popupRevealFailed') : t('popupReveal')}
                </button>
              ) : (
                !f.selector && <span class="gsi-page-level">{t('popupPageLevel')}</span>
              )}
            </li>
          ))}
          {left > 0 && (
            <li class="gsi-more gsi-more-buttons">
              <button type="button" class="gsi-small" onClick={() => setLimit(limit + ROW_LIST_LIMIT)}>
                {t('pop_show_more', Math.min(ROW_LIST_LIMIT, left), left)}
              </button>
              <button type="button" class="gsi-small" onClick={() => setLimit(findings.length)}>
                {t('pop_show_all', findings.length)}
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}
