import type { Finding } from '@/lib/findings';
import { SEVERITIES } from '@/lib/rule-catalog';
import type { MessageKey, Translate } from '@/lib/i18n';
import type { ListItem } from './types';

/**
 * What one popup row says about its finding besides the subject: the short reason (HTTP 404, DNS,
 * timeout), whether the element can be seen, and where it is. These decide whether a finding is real,
 * so they sit in the row instead of behind a click.
 */

const REASON_KEYS: Partial<Record<string, MessageKey>> = {
  dns: 'pop_reason_dns',
  timeout: 'pop_reason_timeout',
  'connection-refused': 'pop_reason_refused',
  'connection-reset': 'pop_reason_reset',
  tls: 'pop_reason_tls',
  'soft-404': 'pop_reason_soft404',
  malformed: 'pop_reason_malformed',
  'redirect-loop': 'pop_reason_redirect_loop',
};

/** The prober's reason in two words, or the HTTP status; null when the finding's facts carry neither. */
export function shortReason(t: Translate, f: Finding): string | null {
  const reason = typeof f.detail.reason === 'string' ? f.detail.reason : '';
  const key = REASON_KEYS[reason];
  if (key) return t(key);
  if (typeof f.detail.status === 'number' && f.detail.status >= 300) return t('pop_reason_http', f.detail.status);
  return null;
}

const LANDMARK_KEYS: Record<string, MessageKey> = {
  header: 'pop_landmark_header',
  nav: 'pop_landmark_nav',
  main: 'pop_landmark_main',
  aside: 'pop_landmark_aside',
  footer: 'pop_landmark_footer',
  search: 'pop_landmark_search',
};

/** The landmark and heading the scan found around the element (lib/page/region.ts), e.g. "页脚 · 友情链接". */
export function placeText(t: Translate, f: Finding): string {
  const parts: string[] = [];
  const landmark = typeof f.detail.landmark === 'string' ? LANDMARK_KEYS[f.detail.landmark] : undefined;
  if (landmark) parts.push(t(landmark));
  if (typeof f.detail.region === 'string' && f.detail.region) parts.push(f.detail.region);
  return parts.join(' · ');
}

export function isInvisible(f: Finding): boolean {
  return f.detail.invisible === true;
}

/** The text a row is named by: a repeated one ("网站首页" three times) gets a position among its namesakes. */
export function rowText(f: Finding): string {
  return f.label || f.message;
}

export interface OrderedItem extends ListItem {
  /** 1-based position among the group's items of the same text, in page order; absent when the text is unique. */
  nth?: { index: number; of: number };
}

/**
 * One rule's items in severity order (veto, deduct, review), page order kept within a severity, each
 * repeated text numbered by where it comes on the page.
 */
export function orderGroup(items: readonly ListItem[]): OrderedItem[] {
  const byText = new Map<string, ListItem[]>();
  for (const item of items) {
    const text = rowText(item.finding);
    const same = byText.get(text);
    if (same) same.push(item);
    else byText.set(text, [item]);
  }
  const ordered: OrderedItem[] = items.map((item) => {
    const same = byText.get(rowText(item.finding))!;
    return same.length > 1 ? { ...item, nth: { index: same.indexOf(item) + 1, of: same.length } } : { ...item };
  });
  const rank = (i: OrderedItem) => SEVERITIES.indexOf(i.finding.severity);
  // Array.prototype.sort is stable: page order survives within one severity.
  return ordered.sort((a, b) => rank(a) - rank(b));
}
