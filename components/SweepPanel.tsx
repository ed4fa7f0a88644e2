import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ruleName } from '@/lib/i18n';
import type { RuleId } from '@/lib/findings';
import { IDLE_STATUS, SweepStatus, type SweepMessage } from '@/lib/sweep/messages';
import { EXTENSION_POLITENESS } from '@/lib/sweep/politeness';
import { useI18n } from './i18n';

/** While a sweep runs the panel re-reads its progress this often. */
export const SWEEP_POLL_MS = 700;

interface Props {
  /** The current tab's address: its site is the one swept. */
  tabUrl?: string;
  /** How the panel talks to the background (tests pass their own). */
  send?(message: SweepMessage): Promise<unknown>;
}

const defaultSend = (message: SweepMessage) => browser.runtime.sendMessage(message);

/**
 * "Sweep this site" (全站检查): start, progress (N / M pages, the page being checked), cancel, and the
 * site's verdict against the national veto lines when it ends. The sweep itself runs in the background
 * (lib/sweep/background.ts), so it goes on when the popup closes.
 */
export function SweepPanel({ tabUrl, send = defaultSend }: Props) {
  const { t } = useI18n();
  const [status, setStatus] = useState<SweepStatus>(IDLE_STATUS);
  const ask = useCallback(
    async (message: SweepMessage) => {
      const parsed = SweepStatus.safeParse(await send(message).catch(() => null));
      if (parsed.success) setStatus(parsed.data);
    },
    [send],
  );

  useEffect(() => {
    void ask({ type: 'sweep-status' });
  }, [ask]);
  useEffect(() => {
    if (status.phase !== 'running') return;
    const timer = setInterval(() => void ask({ type: 'sweep-status' }), SWEEP_POLL_MS);
    return () => clearInterval(timer);
  }, [status.phase, ask]);

  const sweepable = !!tabUrl && /^https?:\/\//i.test(tabUrl);
  const running = status.phase === 'running';
  const result = status.result;
  return (
    <section class="gsi-sweep" aria-label={t('sweepTitle')}>
      <h2>{t('sweepTitle')}</h2>
      {!running && <p class="gsi-sweep-hint">{sweepable ? t('sweepHint', EXTENSION_POLITENESS.spacingMs / 1000) : t('sweepUnsupported')}</p>}
      {running ? (
        <div class="gsi-sweep-progress">
          <progress max={Math.max(1, status.total)} value={status.done} />
          <p role="status">{t('sweepProgress', status.done, status.total)}</p>
          {status.current && <p class="gsi-sweep-current">{t('sweepCurrent', status.current)}</p>}
          <button type="button" onClick={() => void ask({ type: 'sweep-cancel' })}>
            {t('sweepCancel')}
          </button>
        </div>
      ) : (
        <button type="button" disabled={!sweepable} onClick={() => tabUrl && void ask({ type: 'sweep-start', url: tabUrl })}>
          {t('sweepStart')}
        </button>
      )}
      {status.phase === 'done' && result && (
        <div class={`gsi-sweep-result gsi-sweep-${result.verdict}`}>
          <p role="status">
            <strong>{result.verdict === 'pass' ? t('sweepPass') : t('sweepFail')}</strong> {t('sweepDone', result.pages, status.recorded, status.sessionName ?? '')}
          </p>
          {result.reasons.length > 0 && (
            <ul class="gsi-sweep-reasons">
              {result.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
          <ul class="gsi-sweep-counts">
            {(Object.entries(result.counts) as [RuleId, number][]).map(([rule, n]) => (
              <li key={rule}>
                {ruleName(t, rule)} <b>{n}</b>
              </li>
            ))}
          </ul>
          {status.failures > 0 && <p>{t('sweepFailures', status.failures)}</p>}
          {status.notes.map((n) => (
            <p key={n} class="gsi-sweep-note">
              {n}
            </p>
          ))}
        </div>
      )}
      {status.phase === 'cancelled' && <p role="status">{t('sweepCancelled', status.done)}</p>}
      {status.phase === 'error' && <p role="alert">{t('sweepError', status.error ?? '')}</p>}
    </section>
  );
}
