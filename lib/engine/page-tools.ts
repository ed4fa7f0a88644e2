import { browser } from 'wxt/browser';
import type { ContentMessage, PickedElementMessage, RepostChecklistResponse } from '../messages';
import { startPicker, type Picker } from '../overlay/picker';
import { createEvidenceMark, isMarked } from '../evidence/mark';
import { collectRoots } from '../page/roots';
import { pageKey } from '../page/key';
import { loadRulePack } from '../rule-pack/store';
import { isHomePage, repostChecklist } from '../rules/repost-missing';
import { loadLanguage, translator } from '../i18n';

type PopupContentMessage = Extract<ContentMessage, { type: 'pick-element' | 'mark-element' | 'repost-checklist' }>;

export interface PopupContentOptions {
  openClosedRoot?(el: Element): ShadowRoot | null;
  /** The overlay's own elements: never offered by the picker. */
  ignore?(el: Element): boolean;
}

/** The content script's part of the popup workflow: the element picker, the evidence outline, the repost checklist. */
export function createPopupContent(doc: Document, opts: PopupContentOptions = {}) {
  const marker = createEvidenceMark(doc, opts.openClosedRoot);
  let picker: Picker | null = null;

  async function pick(): Promise<boolean> {
    picker?.cancel();
    const t = translator(await loadLanguage().catch(() => 'zh_CN' as const));
    const current = startPicker(doc, { hint: t('pop_picker_hint'), ignore: opts.ignore, openClosedRoot: opts.openClosedRoot });
    picker = current;
    void current.result.then((picked) => {
      if (picker === current) picker = null;
      const msg: PickedElementMessage = { type: 'picked-element', pageUrl: pageKey(new URL(doc.URL)), pageTitle: doc.title, picked };
      return browser.runtime.sendMessage(msg);
    }).catch(() => undefined);
    return true;
  }

  async function reposts(): Promise<RepostChecklistResponse> {
    const pack = await loadRulePack();
    const pageUrl = new URL(doc.URL);
    const { roots } = collectRoots(doc, opts.openClosedRoot);
    const checks = repostChecklist({ doc, roots, pageUrl, site: pageUrl.hostname, now: new Date(), pack });
    return {
      homePage: isHomePage(pageUrl),
      items: checks.map((c) => ({ title: c.task.title, ...(c.task.url ? { url: c.task.url } : {}), found: c.found, ...(c.how ? { how: c.how } : {}), ...(c.where ? { where: c.where } : {}) })),
    };
  }

  return {
    handle(msg: PopupContentMessage): Promise<unknown> {
      switch (msg.type) {
        case 'pick-element':
          return pick();
        case 'mark-element':
          if (!msg.selector) {
            marker.clear();
            return Promise.resolve(true);
          }
          return marker.mark(msg.selector).then((result) => {
            const clearAfter = msg.clearAfterMs;
            if (isMarked(result) && clearAfter) setTimeout(() => marker.clearIf(msg.selector), clearAfter);
            return msg.detail ? result : isMarked(result);
          });
        case 'repost-checklist':
          return reposts();
      }
    },
    destroy(): void {
      picker?.cancel();
      marker.clear();
    },
  };
}
