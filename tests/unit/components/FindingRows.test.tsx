import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { I18nProvider } from '@/components/i18n';
import { FindingList, ITEMS_PAGE } from '@/components/popup/FindingList';
import type { FindingActions, ListItem } from '@/components/popup/types';
import type { Finding } from '@/lib/findings';
import { makeFinding } from '../../factories';

const actions: FindingActions = { reveal: async () => true, edit: async () => undefined, capture: async () => undefined };

function list(findings: Finding[]) {
  const items: ListItem[] = findings.map((finding) => ({ finding, gone: false }));
  return render(
    <I18nProvider>
      <FindingList items={items} selected={new Set()} onSelect={() => undefined} actions={actions} db={null} pack={null} capturing={null} />
    </I18nProvider>,
  );
}

const rows = () => [...document.querySelectorAll<HTMLElement>('.gsi-item')];
const row = (key: string) => document.querySelector<HTMLElement>(`.gsi-item[data-key="${key}"]`)!;

afterEach(cleanup);

describe('popup rows say what decides', () => {
  test('the reason from the prober is in the row: HTTP status, DNS, timeout', async () => {
    list([
      makeFinding({ key: 'h404', label: '政务公开', detail: { verdict: 'broken', reason: 'http', status: 404 } }),
      makeFinding({ key: 'dns', label: '友情链接甲', detail: { verdict: 'broken', reason: 'dns' } }),
      makeFinding({ key: 'slow', label: '办事大厅', severity: 'review', detail: { verdict: 'review', reason: 'timeout' }, message: '无法确认链接是否可用：多次请求均超时，请人工核实' }),
    ]);
    fireEvent.click(await screen.findByRole('button', { name: /错链/ }));
    expect(within(row('h404')).getByText('HTTP 404')).toBeTruthy();
    expect(within(row('dns')).getByText('域名无法解析')).toBeTruthy();
    expect(within(row('slow')).getByText('超时')).toBeTruthy();
  });

  test('a rule without a short reason shows its message in the row', async () => {
    list([makeFinding({ key: 'stale', rule: 'column-stale', label: '通知公告', detail: {}, message: '栏目“通知公告”最近更新于 2024-01-02，已超过 6 个月' })]);
    fireEvent.click(await screen.findByRole('button', { name: /更新不及时/ }));
    expect(within(row('stale')).getByText('栏目“通知公告”最近更新于 2024-01-02，已超过 6 个月')).toBeTruthy();
  });

  test('an invisible element is tagged; repeated links are told apart by place and position', async () => {
    list([
      makeFinding({ key: 'home-nav', label: '网站首页', detail: { status: 404, landmark: 'nav' } }),
      makeFinding({ key: 'home-foot', label: '网站首页', detail: { status: 404, landmark: 'footer', region: '友情链接', invisible: true } }),
      makeFinding({ key: 'home-col', label: '网站首页', detail: { status: 404, region: '通知公告' } }),
      makeFinding({ key: 'other', label: '政务公开', detail: { status: 404 } }),
    ]);
    fireEvent.click(await screen.findByRole('button', { name: /错链/ }));
    expect(within(row('home-foot')).getByText('不可见')).toBeTruthy();
    expect(within(row('home-nav')).queryByText('不可见')).toBeNull();
    expect(within(row('home-nav')).getByText('导航')).toBeTruthy();
    expect(within(row('home-foot')).getByText('页脚 · 友情链接')).toBeTruthy();
    expect(within(row('home-col')).getByText('通知公告')).toBeTruthy();
    expect(within(row('home-nav')).getByText('第 1 处（共 3 处）')).toBeTruthy();
    expect(within(row('home-foot')).getByText('第 2 处（共 3 处）')).toBeTruthy();
    expect(within(row('home-col')).getByText('第 3 处（共 3 处）')).toBeTruthy();
    // A text met once needs no position.
    expect(row('other').querySelector('.gsi-nth')).toBeNull();
  });

  test('severity order within a group, page order kept within a severity', async () => {
    list([
      makeFinding({ key: 'r1', severity: 'review' }),
      makeFinding({ key: 'd1', severity: 'deduct' }),
      makeFinding({ key: 'v1', rule: 'link-dead', severity: 'veto' }),
      makeFinding({ key: 'r2', severity: 'review' }),
      makeFinding({ key: 'd2', severity: 'deduct' }),
    ]);
    fireEvent.click(await screen.findByRole('button', { name: /错链/ }));
    expect(rows().map((r) => r.dataset.key)).toEqual(['v1', 'd1', 'd2', 'r1', 'r2']);
  });

  test('the inspector’s decision and the machine’s doubt are different things in different places', async () => {
    list([
      makeFinding({ key: 'unsure', severity: 'review', detail: { verdict: 'review', reason: 'bot-wall', status: 403 } }),
      makeFinding({ key: 'sure', severity: 'deduct', status: 'confirmed' }),
    ]);
    fireEvent.click(await screen.findByRole('button', { name: /错链/ }));
    const doubt = row('unsure').querySelector('.gsi-unsure')!;
    expect(doubt.textContent).toBe('? 需人工判断');
    expect(doubt.getAttribute('title')).toBe('机器无法判定，请人工核实');
    // The machine's doubt is on the facts line; the decision is the round tag on the first line.
    expect(doubt.closest('.gsi-item-facts')).toBeTruthy();
    const decision = row('unsure').querySelector('.gsi-status')!;
    expect(decision.textContent).toBe('待确认');
    expect(decision.getAttribute('title')).toBe('你的决定：待确认');
    expect(decision.closest('.gsi-item-facts')).toBeNull();
    expect(row('sure').querySelector('.gsi-unsure')).toBeNull();
    expect(row('sure').querySelector('.gsi-status')!.getAttribute('title')).toBe('你的决定：已确认');
    expect(screen.getByText(/圆角标签是你的决定/)).toBeTruthy();
  });

  test('300 findings of one rule: none left out, reachable by "show more" and "show all"', async () => {
    const many = Array.from({ length: 300 }, (_, i) => makeFinding({ key: `m${i}`, label: `链接 ${i}` }));
    list(many);
    fireEvent.click(await screen.findByRole('button', { name: /错链/ }));
    expect(rows()).toHaveLength(ITEMS_PAGE);
    expect(screen.queryByText(/未列出/)).toBeNull();
    // Text queries: role queries over hundreds of rows are slow in happy-dom.
    fireEvent.click(screen.getByText(`再显示 ${ITEMS_PAGE} 项（还有 ${300 - ITEMS_PAGE} 项）`));
    expect(rows()).toHaveLength(2 * ITEMS_PAGE);
    fireEvent.click(screen.getByText('全部显示（300 项）'));
    expect(rows()).toHaveLength(300);
    expect(row('m299')).toBeTruthy();
    expect(screen.queryByText(/全部显示/)).toBeNull();
  }, 30_000);
});
