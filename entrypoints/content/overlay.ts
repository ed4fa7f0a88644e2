import { loadLanguage, onLanguageChange, translator, DEFAULT_LANGUAGE } from '@/lib/i18n';
import { createOverlay as createPageOverlay, type Overlay, type OverlayOptions } from '@/lib/overlay/overlay';

export type { Overlay };

/** The page overlay in the language the inspector chose (Chinese until the stored choice is read). */
export function createOverlay(doc: Document, opts: Omit<OverlayOptions, 't'>): Overlay {
  const overlay = createPageOverlay(doc, { ...opts, t: translator(DEFAULT_LANGUAGE) });
  const apply = (lang: Parameters<typeof translator>[0]) => overlay.setTranslate(translator(lang));
  void loadLanguage().then((lang) => lang !== DEFAULT_LANGUAGE && apply(lang));
  const unsubscribe = onLanguageChange(apply);
  return {
    ...overlay,
    destroy() {
      unsubscribe();
      overlay.destroy();
    },
  };
}
