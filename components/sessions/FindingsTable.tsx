import { useEffect, useRef, useState } from 'preact/hooks';
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
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // A new view starts at its first page, with nothing selected (a selection the filter hides would be acted on unseen).
  // (Compared with the length last seen: the effect of the first render may run after the first click.)
  const seenLength = useRef(findings.length);
  useEffect(() => {
    if (seenLength.current === findings.length) return;
    seenLength.current = findings.length;
    setLimit(PAGE_SIZE);
    setSelected(new Set());
  }, [findings.length]);
  const shown = findings.slice(0, limit);
  // Supervisor decisions (accepted/rejected) are not the inspector's to change: they cannot be selected.
  const selectable = shown.filter((f) => INSPECTOR_STATUSES.includes(f.status));
  const chosen = selectable.filter((f) => selected.has(f.id));

  function select(ids: string[], on: boolean) {
    // From the latest selection: two quick clicks must both count.
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }

  /** One decision for every selected finding, in one store write. */
  async function setMany(status: 'open' | 'confirmed' | 'dismissed') {
    const ids = chosen.map((f) => f.id);
    try {
      onEdited(await editFindings(await db, ids, { status }));
      setSelected(new Set());
      notify({ kind: 'ok', text: t('sessions_bulk_done', ids.length, t(statusKey(status))) });
    } catch (error) {
      notify({ kind: 'error', text: errorText(t, error) });
    }
  }

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
      {chosen.length > 0 && (
        <div class="bulk-bar" role="group" aria-label={t('sessions_bulk_selected', chosen.length)} data-testid="bulk-bar">
          <span class="bulk-count" aria-live="polite">
            {t('sessions_bulk_selected', chosen.length)}
          </span>
          <button type="button" class="primary" onClick={() => void setMany('confirmed')}>
            {t('sessions_bulk_confirm')}
          </button>
          <button type="button" onClick={() => void setMany('dismissed')}>
            {t('sessions_bulk_dismiss')}
          </button>
          <button type="button" onClick={() => void setMany('open')}>
            {t('sessions_bulk_reopen')}
          </button>
          <button type="button" class="plain" onClick={() => setSelected(new Set())}>
            {t('sessions_bulk_clear')}
          </button>
        </div>
      )}
      <table class="grid findings" data-testid="findings">
        <thead>
          <tr>
            <th scope="col" class="select-cell">
              <input
                type="checkbox"
                aria-label={t('sessions_select_shown')}
                checked={selectable.length > 0 && chosen.length === selectable.length}
                ref={(el) => {
                  if (el) el.indeterminate = chosen.length > 0 && chosen.length < selectable.length;
                }}
                disabled={!selectable.length}
                onChange={(e) => select(selectable.map((f) => f.id), e.currentTarget.checked)}
              />
            </th>
            <th scope="col">{t('sessions_col_site')}</th>
            <th scope="col">{t('sessions_col_rule')}</th>
            <th scope="col">{t('sessions_col_severity')}</th>
            <th scope="col">{t('sessions_col_subject')}</th>
            <th scope="col">{t('sessions_col_page')}</th>
            <th scope="col">{t('sessions_col_status')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((f) => (
            <tr key={f.id} data-id={f.id} data-status={f.status}>
              <td class="select-cell">
                <input
                  type="checkbox"
                  aria-label={t('sessions_select_one', f.label || ruleName(t, f.rule))}
                  checked={selected.has(f.id)}
                  disabled={!INSPECTOR_STATUSES.includes(f.status)}
                  onChange={(e) => select([f.id], e.currentTarget.checked)}
                />
              </td>
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
