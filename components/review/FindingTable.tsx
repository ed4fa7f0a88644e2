import type { Finding } from '@/lib/findings';
import { ruleName, severityName } from '@/lib/i18n';
import { formatTime } from '@/lib/export/rows';
import { useI18n } from '../i18n';
import type { Sort, SortKey } from './view';

const COLUMNS: Array<{ key: SortKey; label: 'review_c_created' | 'review_c_site' | 'review_c_rule' | 'review_c_severity' | 'review_c_label' | 'review_c_inspector' | 'review_c_status' }> = [
  { key: 'createdAt', label: 'review_c_created' },
  { key: 'site', label: 'review_c_site' },
  { key: 'rule', label: 'review_c_rule' },
  { key: 'severity', label: 'review_c_severity' },
  { key: 'label', label: 'review_c_label' },
  { key: 'inspector', label: 'review_c_inspector' },
  { key: 'status', label: 'review_c_status' },
];

interface Props {
  rows: Finding[];
  sort: Sort;
  onSort(sort: Sort): void;
  selected: ReadonlySet<string>;
  onSelect(ids: string[], on: boolean): void;
  current: string | null;
  onOpen(id: string): void;
}

/** The filtered view, sortable by any column; every text cell is plain text (page text is hostile). */
export function FindingTable({ rows, sort, onSort, selected, onSelect, current, onOpen }: Props) {
  const { t } = useI18n();
  const allOn = rows.length > 0 && rows.every((r) => selected.has(r.id));
  return (
    <table class="rv-table" data-testid="findings">
      <thead>
        <tr>
          <th class="rv-check">
            <input type="checkbox" aria-label={t('review_select_all')} checked={allOn} onChange={(e) => onSelect(rows.map((r) => r.id), e.currentTarget.checked)} />
          </th>
          {COLUMNS.map((c) => (
            <th key={c.key} aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : undefined}>
              <button type="button" class="rv-sort" onClick={() => onSort({ key: c.key, desc: sort.key === c.key ? !sort.desc : c.key === 'createdAt' })}>
                {t(c.label)}
                {sort.key === c.key ? (sort.desc ? ' ↓' : ' ↑') : ''}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((f) => (
          <tr key={f.id} data-id={f.id} class={current === f.id ? 'current' : undefined} onClick={() => onOpen(f.id)}>
            <td class="rv-check" onClick={(e) => e.stopPropagation()}>
              <input type="checkbox" aria-label={t('review_select_one', f.label)} checked={selected.has(f.id)} onChange={(e) => onSelect([f.id], e.currentTarget.checked)} />
            </td>
            <td class="rv-nowrap">{formatTime(f.createdAt)}</td>
            <td class="rv-site">{f.site}</td>
            <td>{ruleName(t, f.rule)}</td>
            <td>
              <span class={`rv-sev rv-sev-${f.severity}`}>{severityName(t, f.severity)}</span>
            </td>
            <td class="rv-label" data-testid="row-label">
              {f.label}
            </td>
            <td class="rv-inspector">{f.inspector ?? ''}</td>
            <td>
              <span class={`rv-status rv-status-${f.status}`}>{t(`review_status_${f.status}`)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
