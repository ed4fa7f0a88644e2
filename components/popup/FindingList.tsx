import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { RuleId } from '@/lib/findings';
import { RULE_IDS } from '@/lib/rule-catalog';
import type { RulePack } from '@/lib/rule-pack/pack';
import type { InspectorStore } from '@/lib/store/db';
import { ruleDescription, ruleName } from '@/lib/i18n';
import { useI18n } from '../i18n';
import { RuleHeading } from '../RuleHeading';
import { FindingRow } from './FindingRow';
import { orderGroup } from './row-facts';
import type { FindingActions, ListItem } from './types';

/**
 * Rows drawn per rule at first, and added per click: 300 findings of one rule stay quick to open, and every
 * one of them is reachable ("show more" or "show all"), none silently left out.
 */
export const ITEMS_PAGE = 100;

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
  const [shown, setShown] = useState<Partial<Record<RuleId, number>>>({});
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
      <p class="gsi-row-legend">{t('pop_row_legend')}</p>
      <ul class="gsi-rules" onKeyDown={onListKey}>
        {rules.map((rule) => {
          const list = orderGroup(byRule.get(rule)!);
          const limit = shown[rule] ?? ITEMS_PAGE;
          const left = list.length - limit;
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
                  {list.slice(0, limit).map((item) => (
                    <FindingRow
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
                  {left > 0 && (
                    <li class="gsi-more">
                      <button type="button" class="gsi-small" onClick={() => setShown({ ...shown, [rule]: limit + ITEMS_PAGE })}>
                        {t('pop_show_more', Math.min(ITEMS_PAGE, left), left)}
                      </button>
                      <button type="button" class="gsi-small" onClick={() => setShown({ ...shown, [rule]: list.length })}>
                        {t('pop_show_all', list.length)}
                      </button>
                    </li>
                  )}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
