import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { type Finding, type FindingStatus, type RuleId } from '@/lib/findings';
import { RULE_IDS } from '@/lib/rule-catalog';
import type { FindingEdit } from '@/lib/store/recording';
import type { RulePack } from '@/lib/rule-pack/pack';
import type { InspectorStore } from '@/lib/store/db';
import { ruleDescription, ruleName, severityName, type Translate } from '@/lib/i18n';
import { useI18n } from '../i18n';
import { FindingDetail } from './FindingDetail';
import { EvidenceThumb } from './EvidenceThumb';
import { RuleHeading } from '../RuleHeading';

/** A finding as the popup lists it: stored in the session, or only in the live scan so far. */
export interface ListItem {
  finding: Finding;
  /** Stored findings of this page that the latest settled scan did not find again. */
  gone: boolean;
}

/** Findings listed per rule; more are counted, not drawn (a page rarely has this many of one rule). */
export const ITEMS_PER_RULE = 200;

export function statusName(t: Translate, status: FindingStatus): string {
  return t(`pop_status_${status}`);
}

export interface FindingActions {
  reveal(f: Finding): Promise<boolean>;
  edit(keys: string[], edit: FindingEdit): Promise<void>;
  capture(f: Finding | null): Promise<void>;
}

interface Props {
  items: ListItem[];
  selected: ReadonlySet<string>;
  onSelect(keys: string[], on: boolean): void;
  actions: FindingActions;
  db: Promise<InspectorStore> | null;
  pack: RulePack | null;
  /** The finding whose evidence is being captured. */
  capturing: string | null;
}

/** Moves focus between the list's rows with the arrow keys (one Tab stop per row; Home/End jump). */
function onListKey(e: JSX.TargetedKeyboardEvent<HTMLElement>): void {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
  const target = e.target as HTMLElement;
  if (!target.hasAttribute('data-nav')) return;
  const rows = [...e.currentTarget.querySelectorAll<HTMLElement>('[data-nav]')];
  const i = rows.indexOf(target);
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : i + (e.key === 'ArrowDown' ? 1 : -1);
  if (next < 0 || next >= rows.length) return;
  e.preventDefault();
  rows[next].focus();
}

/** The page's findings grouped by rule, with counts and severities; each row shows its status and opens to act on it. */
export function FindingList({ items, selected, onSelect, actions, db, pack, capturing }: Props) {
  const { t } = useI18n();
  const [openRules, setOpenRules] = useState<ReadonlySet<RuleId>>(new Set());
  const [openItem, setOpenItem] = useState<string | null>(null);
  const byRule = new Map<RuleId, ListItem[]>();
  for (const item of items) {
    const list = byRule.get(item.finding.rule);
    if (list) list.push(item);
    else byRule.set(item.finding.rule, [item]);
  }
  const rules = RULE_IDS.filter((id) => byRule.has(id));
  if (!rules.length) return <p class="gsi-none">{t('popupNoFindings')}</p>;

  const toggleRule = (rule: RuleId) => {
    const next = new Set(openRules);
    if (next.has(rule)) next.delete(rule);
    else next.add(rule);
    setOpenRules(next);
  };

  return (
    <section class="gsi-list" aria-labelledby="gsi-list-title">
      <h2 id="gsi-list-title" class="gsi-list-title">
        {t('pop_findings_heading', items.length)}
        <span class="gsi-list-hint">{t('pop_list_hint')}</span>
      </h2>
      <ul class="gsi-rules" onKeyDown={onListKey}>
        {rules.map((rule) => {
          const list = byRule.get(rule)!;
          const name = ruleName(t, rule);
          const open = openRules.has(rule);
          const keys = list.map((i) => i.finding.key);
          const chosen = keys.filter((k) => selected.has(k)).length;
          const listId = `gsi-rule-${rule}`;
          return (
            <li key={rule} class="gsi-rule" data-rule={rule}>
              <div class="gsi-rule-line">
                <input
                  type="checkbox"
                  class="gsi-select-rule"
                  tabIndex={-1}
                  aria-label={t('pop_select_rule', name)}
                  checked={chosen === keys.length}
                  ref={(el) => {
                    if (el) el.indeterminate = chosen > 0 && chosen < keys.length;
                  }}
                  onChange={(e) => onSelect(keys, (e.currentTarget as HTMLInputElement).checked)}
                />
                <button
                  type="button"
                  class="gsi-rule-head"
                  data-nav
                  aria-expanded={open}
                  aria-controls={listId}
                  title={ruleDescription(t, rule)}
                  onClick={() => toggleRule(rule)}
                  onKeyDown={(e) => {
                    if (e.key === ' ' && e.shiftKey) {
                      e.preventDefault();
                      onSelect(keys, chosen !== keys.length);
                    }
                  }}
                >
                  <RuleHeading rule={rule} name={name} severities={list.map((i) => i.finding.severity)} />
                </button>
              </div>
              {open && (
                <ul class="gsi-items" id={listId} aria-label={t('popupShowFindings', name)}>
                  {list.slice(0, ITEMS_PER_RULE).map((item) => (
                    <Row
                      key={item.finding.key}
                      item={item}
                      open={openItem === item.finding.key}
                      onOpen={(on) => setOpenItem(on ? item.finding.key : null)}
                      selected={selected.has(item.finding.key)}
                      onSelect={(on) => onSelect([item.finding.key], on)}
                      actions={actions}
                      db={db}
                      pack={pack}
                      capturing={capturing === item.finding.key}
                    />
                  ))}
                  {list.length > ITEMS_PER_RULE && <li class="gsi-more">{t('popupMore', list.length - ITEMS_PER_RULE)}</li>}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

interface RowProps {
  item: ListItem;
  open: boolean;
  onOpen(open: boolean): void;
  selected: boolean;
  onSelect(on: boolean): void;
  actions: FindingActions;
  db: Promise<InspectorStore> | null;
  pack: RulePack | null;
  capturing: boolean;
}

function Row({ item, open, onOpen, selected, onSelect, actions, db, pack, capturing }: RowProps) {
  const { t } = useI18n();
  const f = item.finding;
  const text = f.label || f.message;
  const detailId = `gsi-detail-${f.key}`;
  const activate = () => {
    onOpen(!open);
    if (!open && f.selector) void actions.reveal(f);
  };
  return (
    <li class="gsi-item" data-key={f.key} data-status={f.status}>
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
          <span class={`gsi-status gsi-status-${f.status}`} data-status={f.status}>
            {statusName(t, f.status)}
          </span>
        </div>
      </div>
      {open && <FindingDetail id={detailId} finding={f} actions={actions} db={db} pack={pack} capturing={capturing} />}
    </li>
  );
}
