import type { FileImportResult } from '@/lib/export/import';
import type { Translate } from '@/lib/i18n';

/** What an import did, in words: the counts, and what was taken out of the file or merged on the way. */
export function importSummary(t: Translate, fileName: string, result: FileImportResult): string {
  const parts = [t('sessions_import_done', fileName, result.added, result.updated, result.unchanged, result.evidence)];
  if (result.reviewsRemoved) parts.push(t('sessions_import_reviews_removed', result.reviewsRemoved));
  if (result.duplicateIds.length) parts.push(t('sessions_import_duplicates', result.duplicateIds.length, result.duplicateIds.slice(0, 3).join('、')));
  return parts.join('');
}
