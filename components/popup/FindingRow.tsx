import type { FindingStatus } from '@/lib/findings';
import type { RulePack } from '@/lib/rule-pack/pack';
import type { InspectorStore } from '@/lib/store/db';
import { severityName, type Translate } from '@/lib/i18n';
import { useI18n } from '../i18n';
import { FindingDetail } from './FindingDetail';
import { EvidenceThumb } from './EvidenceThumb';
import { isInvisible, placeText, rowText, shortReason, type OrderedItem } from './row-facts';
import type { FindingActions } from './types';

export function statusName(t: Translate, status: FindingStatus): string {
  return t(`pop_status_${status}`);
}

interface RowProps {
  item: OrderedItem;
  open: boolean;
  onOpen(open: boolean): void;
  selected: boolean;
  onSelect(on: boolean): void;
  actions: FindingActions;
  db: Promise<InspectorStore> | null;
  pack: RulePack | null;
  capturing: boolean;
}

/**
 * One finding in the list. The first line is the subject and the inspector's decision (a round tag on the
 * right); the second is the machine's side, in a different shape: its doubt (a dashed "?" badge when the
 * severity is review), the reason, an invisible tag and where the element is.
 */
export function FindingRow({ item, open, onOpen, selected, onSelect, actions, db, pack, capturing }: RowProps) {
  const { t } = useI18n();
  const f = item.finding;
  const text = rowText(f);
  const detailId = `gsi-detail-${f.key}`;
  const reason = shortReason(t, f);
  const place = placeText(t, f);
  const invisible = isInvisible(f);
  const unsure = f.severity === 'review';
  // Without a short reason the message is the reason (a stale column's date, a wrong phrase's correction).
  const message = !reason && f.message !== text ? f.message : '';
  const activate = () => {
    onOpen(!open);
    if (!open && f.selector) void actions.reveal(f);
  };
  return (
    <li class="gsi-item" data-key={f.key} data-status={f.status} data-severity={f.severity} data-invisible={invisible || undefined}>
      <div class="gsi-item-line">
        <input type="checkbox" tabIndex={-1} aria-label={t('pop_select_item', text)} checked={selected} onChange={(e) => onSelect((e.currentTarget as HTMLInputElement).checked)} />
        <div
          class="gsi-item-main"
          role="button"
          tabIndex={0}
          data-nav
          aria-expanded={open}
          aria-controls={detailId}
          aria-selected={selected}
          title={text === f.message ? text : `${text}\n${f.message}`}
          onClick={activate}
          onKeyDown={(e) => {
            if (e.target !== e.currentTarget) return;
            if (e.key === 'Enter') {
              e.preventDefault();
              activate();
            } else if (e.key === ' ') {
              e.preventDefault();
              onSelect(!selected);
            }
          }}
        >
          <div class="gsi-item-head">
            <span class={`gsi-dot gsi-sev-${f.severity}`} title={severityName(t, f.severity)} aria-hidden="true" />
            <span class="gsi-item-text">{text}</span>
            {f.detail.manual === true && <span class="gsi-tag">{t('pop_manual')}</span>}
            {item.gone && <span class="gsi-tag gsi-tag-gone">{t('pop_gone')}</span>}
            {f.note && (
              <span class="gsi-note-mark" title={f.note} aria-label={t('pop_note')}>
                ✎
              </span>
            )}
            {f.screenshotId && <EvidenceThumb db={db} id={f.screenshotId} label={text} />}
            <span class={`gsi-status gsi-status-${f.status}`} data-status={f.status} title={t('pop_decision_label', statusName(t, f.status))}>
              {statusName(t, f.status)}
            </span>
          </div>
          <div class="gsi-item-facts">
            {unsure && (
              <span class="gsi-unsure" title={t('pop_machine_unsure')}>
                ? {severityName(t, 'review')}
              </span>
            )}
            {reason && <span class="gsi-reason">{reason}</span>}
            {invisible && (
              <span class="gsi-tag gsi-tag-invisible" title={t('pop_invisible_hint')}>
                {t('pop_invisible')}
              </span>
            )}
            {place && <span class="gsi-place">{place}</span>}
            {item.nth && <span class="gsi-nth">{t('pop_nth_of', item.nth.index, item.nth.of)}</span>}
            {message && <span class="gsi-item-message">{message}</span>}
          </div>
        </div>
      </div>
      {open && <FindingDetail id={detailId} finding={f} actions={actions} db={db} pack={pack} capturing={capturing} />}
    </li>
  );
}
