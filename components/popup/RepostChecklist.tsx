import type { RepostChecklistResponse } from '@/lib/messages';
import { useI18n } from '../i18n';

/** The quarter's key items (rule pack) and whether this page carries each (repost-missing's checklist). */
export function RepostChecklist({ list }: { list: RepostChecklistResponse | null }) {
  const { t } = useI18n();
  if (!list?.items.length) return null;
  const found = list.items.filter((i) => i.found).length;
  return (
    <details class="gsi-reposts" open={!list.homePage ? undefined : found < list.items.length}>
      <summary>{t('pop_reposts', found, list.items.length)}</summary>
      {!list.homePage && <p class="gsi-muted-text">{t('pop_reposts_not_home')}</p>}
      <ul>
        {list.items.map((item, i) => (
          <li key={i} data-found={item.found}>
            <span class={item.found ? 'gsi-ok' : 'gsi-missing'} aria-hidden="true">
              {item.found ? '✓' : '✗'}
            </span>
            <span class="gsi-repost-title" title={item.url ?? item.title}>
              {item.title}
            </span>
            <span class="gsi-repost-state">{item.found ? t('pop_repost_found') : t('pop_repost_missing')}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
