import type { Unscanned } from '@/lib/findings';
import { unscannedKindName } from '@/lib/i18n';
import { useI18n } from './i18n';

/** What the scan could not look into, said plainly: the inspector checks those parts by hand. */
export function UnscannedList({ items }: { items: readonly Unscanned[] }) {
  const { t } = useI18n();
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
                  {u.where}
                </span>
              ))}
            <span class="gsi-reason">{u.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
