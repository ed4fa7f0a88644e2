import { ImportError } from '@/lib/export/json';
import type { Language, Translate } from '@/lib/i18n';
import { SiteListError } from '@/lib/sites/list-import';
import { StoreFullError } from '@/lib/store/health';

/** An error as the inspector reads it: a full disk in the chosen language, the rest with its own (Chinese) words. */
export function errorText(t: Translate, error: unknown): string {
  if (error instanceof StoreFullError) return t('sessions_error_full');
  return t('sessions_error', error instanceof Error ? error.message : String(error));
}

/** A file that was not imported: where it is wrong and why, in the inspector's language. */
export function importErrorText(t: Translate, lang: Language, fileName: string, error: unknown): string {
  if (error instanceof ImportError) return t('sessions_import_failed', fileName, error.whereIn(lang), error.reasonIn(lang));
  if (error instanceof SiteListError) return t('sessions_sitelist_failed', fileName, error.describe(lang));
  return errorText(t, error);
}
