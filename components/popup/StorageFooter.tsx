import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { formatBytes, requestPersistence, storageUse, type StorageUse } from '@/lib/store/health';
import { useI18n } from '../i18n';

let persistenceAsked = false;

/** The footer: storage used (persistence requested once per popup), and whatever else the popup puts there. */
export function StorageFooter({ children, refresh }: { children?: ComponentChildren; refresh: number }) {
  const { t } = useI18n();
  const [use, setUse] = useState<StorageUse | undefined>();
  useEffect(() => {
    const ask = persistenceAsked ? Promise.resolve(false) : requestPersistence();
    persistenceAsked = true;
    void ask.then(() => storageUse()).then(setUse);
  }, [refresh]);
  return (
    <footer class="gsi-footer">
      {children}
      {use && (
        <p class="gsi-storage" data-usage={use.usage}>
          {t('pop_storage', formatBytes(use.usage))}
          {use.persisted && <span class="gsi-persisted"> · {t('pop_storage_persisted')}</span>}
        </p>
      )}
    </footer>
  );
}
