import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '@/components/i18n';
import { isWebUrl, type Finding, type FindingStatus } from '@/lib/findings';
import { ruleName, severityName } from '@/lib/i18n';
import { editFindings } from '@/lib/store/recording';
import { errorText } from './errors';
import { statusKey } from './FindingFilters';
import type { PanelProps } from './types';

/** Rows shown at once: a session can hold 100,000 findings. */
export const PAGE_SIZE = 100;
const INSPECTOR_STATUSES: FindingStatus[] = ['open', 'confirmed', 'dismissed'];

interface Props extends PanelProps {
  findings: readonly Finding[];
  siteNames: ReadonlyMap<string, string>;
  onEdited(findings: readonly Finding[]): void;
}

export function FindingsTable({ db, notify, findings, siteNames, onEdited }: Props) {
  const { t } = useI18n();
  const [limit, setLimit] = useState(PAGE_SIZE);
  // A new view starts at its first page.
  useEffect(() => setLimit(PAGE_SIZE), [findings.length]);

  async function setStatus(f: Finding, status: FindingStatus) {
    try {
      onEdited(await editFindings(await db, [f.id], { status: status as 'open' | 'confirmed' | 'dismissed' }));
    } catch (error) {
      notify({ kind: 'error', text: errorText(t, error) });
    }
  }

  if (!findings.length) return <p class="muted empty-findings">{t('sessions_no_findings')}</p>;
  return (
    <>
      <table class="grid findings" data-testid="findings">
        <thead>
          <tr>
            <th scope="col">{t('sessions_col_site')}</th>
            <th scope="col">{t('sessions_col_rule')}</th>
            <th scope="col">{t('sessions_col_severity')}</th>
            <th scope="col">{t('sessions_col_subject')}</th>
            <th scope="col">{t('sessions_col_page')}</th>
            <th scope="col">{t('sessions_col_status')}</th>
          </tr>
        </thead>
        <tbody>
          {findings.slice(0, limit).map((f) => (
            <tr key={f.id} data-id={f.id} data-status={f.status}>
              <td class="site-cell" title={f.site}>
                {siteNames.get(f.site) ?? f.site}
              </td>
              <td>{ruleName(t, f.rule)}</td>
              <td>
                <span class={`sev sev-${f.severity}`}>{severityName(t, f.severity)}</span>
              </td>
              <td class="subject">
                <div class="label">{f.label || '—'}</div>
                <div class="message">{f.message}</div>
              </td>
              <td class="page-cell">
                {isWebUrl(f.pageUrl) ? (
                  <a href={f.pageUrl} target="_blank" rel="noreferrer noopener" title={f.pageUrl}>
                    {f.pageTitle || f.pageUrl}
                  </a>
                ) : (
                  <span title={f.pageUrl}>{f.pageTitle || f.pageUrl}</span>
                )}
              </td>
              <td>
                {INSPECTOR_STATUSES.includes(f.status) ? (
                  <select
                    value={f.status}
                    class={`status status-${f.status}`}
                    aria-label={t('sessions_status_label', f.label || ruleName(t, f.rule))}
                    onChange={(e) => void setStatus(f, e.currentTarget.value as FindingStatus)}
                  >
                    {INSPECTOR_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {t(statusKey(s))}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span class={`status status-${f.status}`}>{t(statusKey(f.status))}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {findings.length > limit && (
        <button type="button" class="more" onClick={() => setLimit(limit + PAGE_SIZE)}>
          {t('sessions_show_more', findings.length - limit)}
        </button>
      )}
    </>
  );
}
