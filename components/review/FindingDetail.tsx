import { useEffect, useRef, useState } from 'preact/hooks';
import type { Finding } from '@/lib/findings';
import { ruleName, severityName } from '@/lib/i18n';
import { formatTime } from '@/lib/export/rows';
import { errorWords } from '@/lib/sync/errors';
import type { SyncApi } from '@/lib/sync/api';
import { useI18n } from '../i18n';
import { openOnPage } from './open-on-page';
import type { Decision } from './types';

/** The screenshot from the server (the token goes in a header, so it is fetched and shown as a blob URL). */
function Screenshot({ api, id }: { api: SyncApi; id: string }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let made: string | null = null;
    setUrl(null);
    setError(null);
    api
      .getEvidence(id)
      .then((blob) => {
        if (!live) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      })
      .catch((e) => live && setError(errorWords(e)));
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [api, id]);
  if (error) return <p class="rv-error">{t('review_shot_failed', error)}</p>;
  if (!url) return <p class="rv-muted">{t('review_loading')}</p>;
  return <img class="rv-shot" src={url} alt={t('review_shot_alt')} data-testid="screenshot" />;
}

export function FindingDetail({ finding, api, onDecide }: { finding: Finding; api: SyncApi; onDecide(ids: string[], decision: Decision, comment: string): Promise<void> }) {
  const { t } = useI18n();
  const [comment, setComment] = useState(finding.reviewComment ?? '');
  const [opening, setOpening] = useState<string | null>(null);
  // A new version of the same finding (a conflict brought it back fresh) keeps what the supervisor typed;
  // only an untouched box takes the row's comment. Another finding starts from its own comment.
  const shown = useRef({ id: finding.id, comment: finding.reviewComment ?? '' });
  useEffect(() => {
    const fresh = finding.reviewComment ?? '';
    setComment((typed) => (shown.current.id === finding.id && typed !== shown.current.comment ? typed : fresh));
    shown.current = { id: finding.id, comment: fresh };
  }, [finding.id, finding.version]);

  async function open(): Promise<void> {
    setOpening(t('review_opening'));
    try {
      setOpening(t(`review_open_${(await openOnPage(finding)).replace('-', '_') as 'shown' | 'hidden' | 'not_found' | 'page' | 'no_script' | 'not_web'}`));
    } catch (error) {
      setOpening(errorWords(error));
    }
  }

  const field = (label: Parameters<typeof t>[0], value: string | undefined, testId?: string) =>
    value ? (
      <>
        <dt>{t(label)}</dt>
        <dd data-testid={testId}>{value}</dd>
      </>
    ) : null;

  return (
    <aside class="rv-detail" data-testid="detail" aria-label={t('review_detail')}>
      <h2 data-testid="detail-label">{finding.label || finding.pageTitle}</h2>
      <p class="rv-message">{finding.message}</p>
      <dl>
        {field('review_c_rule', `${ruleName(t, finding.rule)} · ${severityName(t, finding.severity)}`)}
        {field('review_c_status', t(`review_status_${finding.status}`), 'detail-status')}
        {field('review_d_page', `${finding.pageTitle} — ${finding.pageUrl}`)}
        {field('review_d_href', finding.href)}
        {field('review_d_snippet', finding.snippet)}
        {field('review_c_inspector', finding.inspector)}
        {field('review_c_created', formatTime(finding.createdAt))}
        {field('review_d_note', finding.note)}
        {field('review_d_reviewer', finding.reviewer && `${finding.reviewer} · ${finding.reviewedAt ? formatTime(finding.reviewedAt) : ''}`)}
        {field('review_d_comment', finding.reviewComment)}
      </dl>
      <div class="rv-actions">
        <button type="button" onClick={() => void open()} data-testid="open-on-page">
          {t('review_open_on_page')}
        </button>
        {opening && (
          <span class="rv-muted" role="status" data-testid="open-result">
            {opening}
          </span>
        )}
      </div>
      {finding.screenshotId ? <Screenshot api={api} id={finding.screenshotId} /> : <p class="rv-muted">{t('review_no_shot')}</p>}
      <form
        class="rv-decide"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label>
          {t('review_comment')}
          <textarea name="comment" rows={3} maxLength={4000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
        </label>
        <div class="rv-actions">
          <button type="button" class="rv-accept" data-testid="accept" onClick={() => void onDecide([finding.id], 'accepted', comment)}>
            {t('review_accept')}
          </button>
          <button type="button" class="rv-reject" data-testid="reject" onClick={() => void onDecide([finding.id], 'rejected', comment)}>
            {t('review_reject')}
          </button>
        </div>
      </form>
    </aside>
  );
}
