import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { DEFAULT_LANGUAGE, htmlLang, LANGUAGES, loadLanguage, onLanguageChange, saveLanguage, translator, type Language, type Translate } from '@/lib/i18n';

interface I18n {
  lang: Language;
  t: Translate;
  setLang(lang: Language): void;
}

const I18nContext = createContext<I18n>({ lang: DEFAULT_LANGUAGE, t: translator(DEFAULT_LANGUAGE), setLang: () => undefined });

/** The inspector's chosen language for an extension page: stored, shared with the overlay, Chinese first. */
export function I18nProvider({ children, initial }: { children: ComponentChildren; /** Already read by the page's entry point. */ initial?: Language }) {
  const [lang, setLangState] = useState<Language>(initial ?? DEFAULT_LANGUAGE);
  useEffect(() => {
    let live = true;
    if (!initial) void loadLanguage().then((stored) => live && setLangState(stored));
    const stop = onLanguageChange(setLangState);
    return () => {
      live = false;
      stop();
    };
  }, []);
  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      t: translator(lang),
      setLang: (next) => {
        setLangState(next);
        void saveLanguage(next);
      },
    }),
    [lang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = (): I18n => useContext(I18nContext);

export function LanguageSwitch() {
  const { lang, t, setLang } = useI18n();
  return (
    <label class="gsi-language">
      <span class="gsi-visually-hidden">{t('popupLanguage')}</span>
      <select value={lang} aria-label={t('popupLanguage')} onChange={(e) => setLang((e.currentTarget as HTMLSelectElement).value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`language_${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
