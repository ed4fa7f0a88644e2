import { render } from 'preact';
import { I18nProvider } from '@/components/i18n';
import { SessionsApp } from '@/components/sessions/SessionsApp';
import { openStore } from '@/lib/store/db';
import { requestPersistence } from '@/lib/store/health';

void requestPersistence();
render(
  <I18nProvider>
    <SessionsApp db={openStore()} />
  </I18nProvider>,
  document.getElementById('app')!,
);
