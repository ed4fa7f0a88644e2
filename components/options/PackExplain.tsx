import type { RulePack } from '@/lib/rule-pack/pack';
import { severityName } from '@/lib/i18n';
import { useI18n } from '../i18n';

/**
 * What the pack's emblem references and site registry mean for what the inspector sees: with none, every
 * emblem is only ever 需人工判断 and sites are named by host. How to add an emblem reference (the page's
 * right-click menu) is said here, not only in README.
 */
export function PackExplain({ pack }: { pack: RulePack }) {
  const { t } = useI18n();
  const emblems = pack.emblem.references.length;
  const sites = pack.sites.length;
  return (
    <div class="explain" data-testid="pack-explain">
      <h3>{t('options_explain_heading')}</h3>
      <ul>
        <li data-explain="emblem">{emblems ? t('options_explain_emblem_some', emblems) : t('options_explain_emblem_empty', severityName(t, 'review'))}</li>
        <li data-explain="emblem-how">{t('options_explain_emblem_how')}</li>
        <li data-explain="sites">{sites ? t('options_explain_sites_some', sites) : t('options_explain_sites_empty')}</li>
      </ul>
    </div>
  );
}
