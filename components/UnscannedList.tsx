import { type RuleId, type Unscanned } from '@/lib/findings';
import { RULE_IDS } from '@/lib/rule-catalog';
import { ruleName, unscannedKindName, type Language, type Translate } from '@/lib/i18n';
import { useI18n } from './i18n';

type Snake<S extends string> = S extends `${infer A}-${infer B}` ? `${A}_${Snake<B>}` : S;

/**
 * Why a part was not scanned, in the inspector's language. The scan words its reasons in Chinese, with the
 * specifics (the time limit, the error) inside: the Chinese UI shows them as they are; the English UI says
 * the same for the kind, keeping a rule error's own message (what follows the Chinese lead-in).
 */
export function unscannedReason(t: Translate, lang: Language, u: Unscanned): string {
  if (lang === 'zh_CN') return u.reason;
  if (u.kind === 'rule-error') {
    const colon = u.reason.indexOf('：');
    return t('unscanned_rule_error_reason', colon >= 0 ? u.reason.slice(colon + 1).trim() : u.reason);
  }
  return t(`unscanned_${u.kind.replace(/-/g, '_') as Snake<Exclude<Unscanned['kind'], 'rule-error'>>}_reason`);
}

/** A rule's id (where a rule stopped or failed) by its name; anything else as it is. */
function whereText(t: Translate, where: string): string {
  return (RULE_IDS as readonly string[]).includes(where) ? ruleName(t, where as RuleId) : where;
}

/** What the scan could not look into, said plainly: the inspector checks those parts by hand. */
export function UnscannedList({ items }: { items: readonly Unscanned[] }) {
  const { t, lang } = useI18n();
  // Said once, above the findings, by NetworkNotice.
  items = items.filter((u) => u.kind !== 'unreachable-hosts');
  if (!items.length) return null;
  return (
    <section class="gsi-unscanned" aria-labelledby="gsi-unscanned-title">
      <h2 id="gsi-unscanned-title">{t('popupUnscanned', items.length)}</h2>
      <ul>
        {items.map((u, i) => (
          <li key={i} data-kind={u.kind}>
            <strong>{unscannedKindName(t, u.kind)}</strong>
            {u.where &&
              // A frame the page scan could not enter is opened on its own, as the reason asks: one click.
              (u.kind === 'cross-origin-frame' && /^https?:\/\//i.test(u.where) ? (
                <a class="gsi-where" href={u.where} target="_blank" rel="noopener noreferrer" title={t('popupOpenFrame')}>
                  {u.where}
                </a>
              ) : (
                <span class="gsi-where" title={u.where}>
                  {whereText(t, u.where)}
                </span>
              ))}
            <span class="gsi-reason">{unscannedReason(t, lang, u)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
