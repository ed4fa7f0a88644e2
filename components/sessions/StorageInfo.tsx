import { useI18n } from '@/components/i18n';
import { formatBytes, type StorageUse } from '@/lib/store/health';

/** How much the browser keeps for the extension, and whether it is safe from eviction. */
export function StorageInfo({ storage }: { storage?: StorageUse }) {
  const { t } = useI18n();
  return (
    <section class="card storage" aria-labelledby="storage-heading" data-testid="storage">
      <h2 id="storage-heading">{t('sessions_storage_heading')}</h2>
      {storage ? (
        <>
          <p>{t('sessions_storage', formatBytes(storage.usage), formatBytes(storage.quota))}</p>
          <meter min={0} max={storage.quota || 1} value={storage.usage} aria-hidden="true" />
          <p class={storage.persisted ? 'ok-text' : 'warn-text'} data-persisted={String(storage.persisted)}>
            {t(storage.persisted ? 'sessions_persisted' : 'sessions_not_persisted')}
          </p>
        </>
      ) : (
        <p class="muted">{t('sessions_storage_unknown')}</p>
      )}
    </section>
  );
}
