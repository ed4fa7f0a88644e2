import { useEffect, useState } from 'preact/hooks';
import type { InspectorStore } from '@/lib/store/db';
import { evidenceBlob, getEvidence } from '@/lib/store/evidence';
import { useI18n } from '../i18n';

/** A stored screenshot, small; a click opens it full size in a new tab. */
export function EvidenceThumb({ db, id, label, large = false }: { db: Promise<InspectorStore> | null; id: string; label: string; large?: boolean }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let made: string | null = null;
    void db
      ?.then((store) => getEvidence(store, id))
      .then((record) => {
        if (!record || !live) return;
        made = URL.createObjectURL(evidenceBlob(record));
        setUrl(made);
      })
      .catch(() => undefined);
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [db, id]);
  if (!url) return null;
  const img = <img class={large ? 'gsi-thumb-large' : 'gsi-thumb'} src={url} alt={t('pop_evidence_thumb', label)} data-evidence={id} />;
  return large ? (
    <a href={url} target="_blank" rel="noreferrer" class="gsi-thumb-link">
      {img}
    </a>
  ) : (
    img
  );
}
