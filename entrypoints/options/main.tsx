import { render } from 'preact';
import { I18nProvider } from '@/components/i18n';
import { OptionsApp } from './App';

// The provider lets shared components (the sync status) follow the language the page switches to.
render(
  <I18nProvider>
    <OptionsApp />
  </I18nProvider>,
  document.getElementById('app')!,
);
