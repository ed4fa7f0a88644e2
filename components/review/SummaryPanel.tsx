import { useEffect, useState } from 'preact/hooks';
import { quarterOf } from '@/lib/store/sessions';
import { errorWords } from '@/lib/sync/errors';
import type { SyncApi, Summary } from '@/lib/sync/api';
import { useI18n } from '../i18n';
import { quarterRange } from './view';

function quarters(now: Date, count = 6): string[] {
  const out: string[] = [];
  const d = new Date(now);
  for (let i = 0; i < count; i++) {
    out.push(quarterOf(d));
    d.setUTCMonth(d.getUTCMonth() - 3);
  }
  return out;
}

/** The quarter per site against the national veto lines: sites checked, pass rate, problems by indicator. */
export function SummaryPanel({ api, version }: { api: SyncApi; version: number }) {
  const { t } = useI18n();
  const [quarter, setQuarter] = useState(() => quarterOf(new Date()));
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    api
      .summary(quarterRange(quarter))
      .then((s) => live && setSummary(s))
      .catch((e) => live && setError(errorWords(e)));
    return () => {
      live = false;
    };
  }, [api, quarter, version]);

  return (
    <section class="rv-summary" data-testid="summary" aria-labelledby="rv-summary-h">
      <header>
        <h2 id="rv-summary-h">{t('review_summary')}</h2>
        <select aria-label={t('review_quarter')} value={quarter} onChange={(e) => setQuarter(e.currentTarget.value)}>
          {quarters(new Date()).map((q) => (
            <option key={q} value={q}>
              {q}
            </option>
          ))}
        </select>
      </header>
      {error && <p class="rv-error">{error}</p>}
      {summary && (
        <>
          <p class="rv-figures" data-testid="summary-figures">
            {t('review_figures', summary.sitesChecked, summary.sitesPassed, (summary.passRate * 100).toFixed(1))}
          </p>
          {Object.keys(summary.byIndicator).length > 0 && (
            <p class="rv-indicators">
              {Object.entries(summary.byIndicator)
                .sort((a, b) => b[1] - a[1])
                .map(([name, n]) => `${name} ${n}`)
                .join(' · ')}
            </p>
          )}
          <table class="rv-sites">
            <thead>
              <tr>
                <th>{t('review_c_site')}</th>
                <th>{t('review_verdict')}</th>
                <th>{t('review_decided')}</th>
                <th>{t('review_still_open')}</th>
                <th>{t('review_reasons')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.sites.map((s) => (
                <tr key={s.site} data-site={s.site}>
                  <td>{s.site}</td>
                  <td class={`rv-verdict-${s.verdict}`}>{t(s.verdict === 'pass' ? 'review_pass' : 'review_fail')}</td>
                  <td>{s.total}</td>
                  <td>{s.open}</td>
                  <td>{s.reasons.join('；')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
