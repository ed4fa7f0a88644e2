import type { Finding } from '@/lib/findings';
import type { RulePack } from '@/lib/rule-pack/pack';
import { useI18n } from '../i18n';

/** For an emblem the rule could not decide (review): the page's image beside the pack's current reference. */
export function EmblemCompare({ finding, pack }: { finding: Finding; pack: RulePack | null }) {
  const { t } = useI18n();
  const refId = finding.detail.currentReferenceId;
  const reference = typeof refId === 'string' ? pack?.emblem.references.find((r) => r.id === refId) : pack?.emblem.references.find((r) => r.label === 'current');
  return (
    <figure class="gsi-emblem-compare" aria-label={t('pop_emblem_compare')}>
      <div>
        {finding.href ? <img src={finding.href} alt={t('pop_emblem_page')} referrerpolicy="no-referrer" /> : <span class="gsi-muted-text">{t('pop_emblem_svg')}</span>}
        <figcaption>{t('pop_emblem_page')}</figcaption>
      </div>
      <div>
        {reference?.preview ? (
          <img src={reference.preview} alt={t('pop_emblem_reference', reference.name)} />
        ) : (
          <span class="gsi-muted-text">{t('pop_emblem_no_reference')}</span>
        )}
        {reference && <figcaption>{t('pop_emblem_reference', reference.name)}</figcaption>}
      </div>
    </figure>
  );
}
