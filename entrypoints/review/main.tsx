import { render } from 'preact';
import { I18nProvider } from '@/components/i18n';
import { ReviewApp } from '@/components/review/ReviewApp';

render(
  <I18nProvider>
    <ReviewApp />
  </I18nProvider>,
  document.getElementById('app')!,
);
