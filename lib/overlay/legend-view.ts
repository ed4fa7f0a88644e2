import type { Finding } from '../findings';
import { RULE_CATALOG } from '../rule-catalog';
import { ruleName, type Translate } from '../i18n';
import type { ScanState } from '../messages';
import type { Dom } from './dom';
import { legendModel, phaseText, type Placement } from './legend';

/** Findings listed by name in the legend's sections, beyond which only the count is given. */
export const LIST_LIMIT = 50;

export interface LegendInput {
  t: Translate;
  state: ScanState | null;
  visible: boolean;
  /** More outlines were near the viewport than are drawn: how many are. */
  capped: number | null;
  placement(f: Finding): Placement | undefined;
}

export interface LegendActions {
  toggle(visible: boolean): void;
  revealNext(rule: string): void;
}

/**
 * The legend: counts per rule (each a button that shows the next finding of the rule), the lists of what
 * the outlines cannot show, and the show/hide and collapse buttons. It keeps which lists the inspector
 * opened and where the keyboard focus was across re-renders.
 */
export class LegendView {
  private collapsed = false;
  // Page-level findings show nowhere else on the page: their list starts open; the others start closed.
  private readonly sectionsOpen: Record<string, boolean> = { page: true };
  private last: LegendInput | null = null;

  constructor(
    private readonly legend: HTMLElement,
    private readonly shadow: ShadowRoot,
    private readonly dom: Dom,
    private readonly actions: LegendActions,
  ) {}

  render(input: LegendInput): void {
    this.last = input;
    const { t, state, visible } = input;
    const { el, text, button } = this.dom;
    const legend = this.legend;
    const focused = (this.shadow.activeElement as HTMLElement | null)?.dataset?.focus;
    legend.replaceChildren();
    legend.className = 'legend';
    legend.setAttribute('aria-label', t('overlayTitle'));
    const model = legendModel(state?.findings ?? [], input.placement);

    const header = el('header');
    const mark = text('span', 'mark', '检');
    mark.setAttribute('aria-hidden', 'true');
    if (!visible) {
      legend.classList.add('pill');
      header.append(mark, button(t('overlayShowCount', model.total), 'toggle', () => this.actions.toggle(true)));
      legend.append(header);
      this.restoreFocus(focused);
      return;
    }
    const titleBox = el('div', 'grow');
    titleBox.append(
      text('div', 'title', `${t('overlayTitle')} · ${t('totalFindings', model.total)}`),
      text('div', 'sub', state ? phaseText(t, state) : t('phase_idle')),
    );
    header.append(
      mark,
      titleBox,
      button(t('overlayHide'), 'toggle', () => this.actions.toggle(false)),
      button(this.collapsed ? t('overlayExpand') : t('overlayCollapse'), 'collapse', () => {
        this.collapsed = !this.collapsed;
        if (this.last) this.render(this.last);
      }),
    );
    legend.append(header);
    if (this.collapsed) {
      legend.classList.add('collapsed');
      this.restoreFocus(focused);
      return;
    }

    const body = el('div', 'body');
    if (!model.total) body.append(text('div', 'none', t('overlayNone')));
    if (input.capped !== null) body.append(text('div', 'warn', t('overlayCapped', input.capped)));
    for (const row of model.rows) {
      const name = ruleName(t, row.rule);
      const b = button('', `rule:${row.rule}`, () => this.actions.revealNext(row.rule));
      b.className = 'row';
      b.dataset.rule = row.rule;
      const counted = row.review ? t('overlayRowLabel', name, row.count, row.review) : `${name} ${row.count}`;
      b.setAttribute('aria-label', `${counted}，${t('overlayNext', name)}`);
      const dot = el('span', 'dot');
      dot.style.setProperty('--c', row.color);
      b.append(dot, text('span', 'name', name));
      // What the machine is unsure of is shown beside the count, never added to it.
      if (row.review) b.append(text('span', 'review', t('overlayReviewCount', row.review)));
      b.append(text('span', 'count', String(row.count)));
      body.append(b);
    }
    if (model.pageLevel.length) body.append(this.section(t, t('overlayPageLevel'), model.pageLevel, 'page', (f) => f.message));
    if (model.hidden.length) body.append(this.section(t, t('overlayHiddenElements'), model.hidden, 'hidden', (f) => f.label || f.message, t('overlayHiddenHint')));
    if (model.missing.length) body.append(this.section(t, t('overlayMissingElements'), model.missing, 'missing', (f) => f.label || f.message));
    legend.append(body);
    this.restoreFocus(focused);
  }

  private section(t: Translate, title: string, findings: Finding[], id: string, line: (f: Finding) => string, hint?: string): HTMLElement {
    const { el, text } = this.dom;
    const s = el('details', 'section');
    s.dataset.section = id;
    s.open = this.sectionsOpen[id] ?? false;
    s.addEventListener('toggle', () => {
      this.sectionsOpen[id] = s.open;
    });
    const summary = text('summary', '', `${title}（${findings.length}）`);
    summary.dataset.focus = `section:${id}`;
    s.append(summary);
    if (hint) s.append(text('div', 'hint', hint));
    const ul = el('ul');
    for (const f of findings.slice(0, LIST_LIMIT)) {
      const li = el('li');
      li.dataset.key = f.key;
      const dot = el('span', 'dot');
      dot.style.setProperty('--c', RULE_CATALOG[f.rule].color);
      li.append(dot, text('span', '', `${ruleName(t, f.rule)}：${line(f)}`));
      ul.append(li);
    }
    if (findings.length > LIST_LIMIT) ul.append(text('li', 'hint', t('popupMore', findings.length - LIST_LIMIT)));
    s.append(ul);
    return s;
  }

  private restoreFocus(id: string | undefined): void {
    if (!id) return;
    const target = [...this.legend.querySelectorAll<HTMLElement>('[data-focus]')].find((e) => e.dataset.focus === id);
    target?.focus();
  }
}
