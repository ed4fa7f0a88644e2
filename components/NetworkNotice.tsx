import { type Unscanned } from '@/lib/findings';
import { useI18n } from './i18n';

/**
 * The one plain notice that this machine's network, not the sites, kept links from being checked
 * (lib/links/reachability.ts). Shown above the findings, where the inspector looks first; the links it
 * names are not findings at all, so nothing below can be taken for a 错链 "该网站可能已关闭".
 */
export function NetworkNotice({ items }: { items: readonly Unscanned[] }) {
  const { t } = useI18n();
  const u = items.find((x) => x.kind === 'unreachable-hosts');
  if (!u?.network) return null;
  const n = u.network;
  const how = n.failures.map((f) => t(`network_failure_${f}`)).join(' / ');
  return (
    <section class="gsi-network-notice" role="status" aria-labelledby="gsi-network-title" data-scope={n.scope}>
      <h2 id="gsi-network-title">{t('network_notice_title')}</h2>
      <p>
        {n.scope === 'outside' ? t('network_notice_outside', n.hosts, how, n.links) : t('network_notice_restricted', n.hosts, how, n.links, n.answered)}{' '}
        {t('network_notice_advice')}
      </p>
      {u.where && (
        <details>
          <summary>{t('network_notice_hosts')}</summary>
          <p class="gsi-where">{u.where}</p>
        </details>
      )}
    </section>
  );
}
