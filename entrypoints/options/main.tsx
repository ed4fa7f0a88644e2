import { render } from 'preact';
import { I18nProvider, useI18n } from '@/components/i18n';
import { OptionsApp } from '@/components/options/OptionsApp';
import { Connection } from './Connection';

// Connection stays beside the entry point for now (another change is under way in it); it takes `t`.
function SyncConnection() {
  const { t } = useI18n();
  return <Connection t={t} />;
}

// The provider carries the language the page switches to, for the page and the shared components alike.
render(
  <I18nProvider>
    <OptionsApp>
      <SyncConnection />
    </OptionsApp>
  </I18nProvider>,
  document.getElementById('app')!,
);
