import { afterEach, describe, expect, test, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { I18nProvider } from '@/components/i18n';
import { ROW_LIST_LIMIT, RuleCounts } from '@/components/RuleCounts';
import { UnscannedList } from '@/components/UnscannedList';
import { makeFinding } from '../../factories';

afterEach(cleanup);

const findings = [
  makeFinding({ key: 'e1', rule: 'link-empty', severity: 'review', label: '首页' }),
  makeFinding({ key: 'd1', rule: 'link-dead', severity: 'deduct', label: '互动交流' }),
  makeFinding({ key: 'e2', rule: 'link-empty', severity: 'deduct', label: '<img src=x onerror=alert(1)>' }),
  makeFinding({ key: 'h1', rule: 'link-hidden', severity: 'veto', label: '百家乐' }),
  makeFinding({ key: 'f1', rule: 'filing-missing', severity: 'deduct', selector: '', label: '网站标识码', message: '页面底部缺少网站标识码' }),
];

describe('RuleCounts', () => {
  test('one row per rule with findings, in the registry order, with Chinese names, severities and counts', () => {
    const { container } = render(<RuleCounts findings={findings} />);
    const items = [...container.querySelectorAll<HTMLElement>('.gsi-rule')];
    expect(items.map((li) => li.dataset.rule)).toEqual(['link-dead', 'link-hidden', 'link-empty', 'filing-missing']);
    const empty = items[2];
    expect(empty.querySelector('.gsi-rule-name')!.textContent).toBe('空链');
    expect(empty.querySelector('.gsi-count')!.textContent).toBe('2');
    expect([...empty.querySelectorAll('.gsi-sev')].map((s) => s.textContent)).toEqual(['扣分 1', '需人工判断 1']);
    expect(items[1].querySelector('.gsi-sev')!.textContent).toBe('单项否决 1');
  });

  test('a clean page says so', () => {
    render(<RuleCounts findings={[]} />);
    expect(screen.getByText('本页未发现问题')).toBeTruthy();
  });

  test('a row opens to list its findings as text; each one with an element can be shown on the page', async () => {
    const onReveal = vi.fn(async (key: string) => key === 'e1');
    const { container } = render(<RuleCounts findings={findings} onReveal={onReveal} />);
    const head = screen.getByRole('button', { name: /空链/ });
    expect(head.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(head);
    expect(head.getAttribute('aria-expanded')).toBe('true');
    const list = container.querySelector<HTMLElement>(`#${head.getAttribute('aria-controls')}`)!;
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.gsi-finding-text')!.textContent)).toEqual(['首页', '<img src=x onerror=alert(1)>']);
    expect(list.querySelector('img')).toBeNull();

    fireEvent.click(within(items[0]).getByRole('button', { name: '在页面上定位：首页' }));
    expect(onReveal).toHaveBeenCalledWith('e1');
    fireEvent.click(within(items[1]).getByRole('button'));
    expect(await within(items[1]).findByText('无法定位')).toBeTruthy();
  });

  test('page-level findings have nothing to show on the page', () => {
    render(<RuleCounts findings={findings} onReveal={async () => true} />);
    fireEvent.click(screen.getByRole('button', { name: /备案信息缺失/ }));
    const item = screen.getByText('网站标识码').closest('li')!;
    expect(within(item).queryByRole('button')).toBeNull();
    expect(within(item).getByText('（页面级）')).toBeTruthy();
  });

  test('a label cut to one line can still be read whole: the tooltip has it, with the reason', () => {
    const label = `通知公告${'B'.repeat(230)}`;
    render(<RuleCounts findings={[makeFinding({ key: 'long', rule: 'link-dead', label, message: '链接无法访问（HTTP 404）' })]} />);
    fireEvent.click(screen.getByRole('button', { name: /错链/ }));
    expect(screen.getByText(label).getAttribute('title')).toBe(`${label}\n链接无法访问（HTTP 404）`);
  });

  test('long lists stop at the limit, and the rest is one click away (issue 19: no silent cap)', () => {
    const many = Array.from({ length: ROW_LIST_LIMIT + 3 }, (_, i) => makeFinding({ key: `m${i}`, rule: 'link-dead', label: `l${i}` }));
    const { container } = render(<RuleCounts findings={many} />);
    fireEvent.click(screen.getByRole('button', { name: /错链/ }));
    expect(container.querySelectorAll('.gsi-finding')).toHaveLength(ROW_LIST_LIMIT);
    expect(container.querySelectorAll('.gsi-rule')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: `全部显示（${ROW_LIST_LIMIT + 3} 项）` }));
    expect(container.querySelectorAll('.gsi-finding')).toHaveLength(ROW_LIST_LIMIT + 3);
  });

  test('English through the provider once the inspector chose it', async () => {
    await browser.storage.local.set({ uiLanguage: 'en' });
    render(
      <I18nProvider>
        <RuleCounts findings={findings} />
      </I18nProvider>,
    );
    expect(await screen.findByText('Empty link')).toBeTruthy();
    expect(screen.getByText('Veto 1')).toBeTruthy();
    await browser.storage.local.remove('uiLanguage');
  });
});

describe('UnscannedList', () => {
  test('names each kind and keeps the reason', () => {
    render(
      <UnscannedList
        items={[
          { kind: 'cross-origin-frame', where: 'https://map.example.com/embed', reason: '跨域框架（iframe）的内容无法从本页检查' },
          { kind: 'rule-error', where: 'link-dead', reason: '链接检测失败：timeout' },
        ]}
      />,
    );
    expect(screen.getByRole('heading').textContent).toBe('未能检查的部分（2）');
    expect(screen.getByText('跨域框架')).toBeTruthy();
    expect(screen.getByText('https://map.example.com/embed')).toBeTruthy();
    expect(screen.getByText('链接检测失败：timeout')).toBeTruthy();
  });

  test('a cross-origin frame\'s address opens in a new tab; anything but an http(s) address stays text', () => {
    render(
      <UnscannedList
        items={[
          { kind: 'cross-origin-frame', where: 'https://xxgk.example.gov.cn/list', reason: '跨域框架（iframe）的内容无法从本页检查' },
          { kind: 'cross-origin-frame', where: 'javascript:alert(1)', reason: '跨域框架（iframe）的内容无法从本页检查' },
          { kind: 'closed-shadow-root', where: 'html > body > gov-nav', reason: '自定义元素使用了封闭的 Shadow DOM' },
        ]}
      />,
    );
    const link = screen.getByRole('link');
    expect(link.getAttribute('href')).toBe('https://xxgk.example.gov.cn/list');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.getAttribute('title')).toBe('在新标签页中打开此框架的页面单独检查');
    expect(screen.getAllByRole('link')).toHaveLength(1);
    expect(screen.getByText('javascript:alert(1)').tagName).toBe('SPAN');
  });

  test('in English the reasons are English too (a rule error keeps its own message), and a rule is named, not given by its id', async () => {
    await browser.storage.local.set({ uiLanguage: 'en' });
    const { container } = render(
      <I18nProvider>
        <UnscannedList
          items={[
            { kind: 'cross-origin-frame', where: 'https://map.example.com/embed', reason: '跨域框架（iframe）的内容无法从本页检查，请单独打开该地址检查' },
            { kind: 'time-limit', where: 'column-stale', reason: '检查超过 20 秒上限，已停止，结果可能不完整' },
            { kind: 'rule-error', where: 'link-dead', reason: '链接检测失败：TypeError: fetch failed' },
          ]}
        />
      </I18nProvider>,
    );
    expect(await screen.findByText('Not inspected (3)')).toBeTruthy();
    const reasons = [...container.querySelectorAll('.gsi-reason')].map((r) => r.textContent);
    expect(reasons).toEqual([
      'The content of a frame from another site cannot be checked from this page: open its address and check it on its own',
      'The check went past its time limit and stopped; the results may be incomplete',
      'The rule failed: TypeError: fetch failed',
    ]);
    expect(container.textContent).not.toMatch(/[\u4e00-\u9fff]/);
    expect(screen.getByText('Broken link')).toBeTruthy();
    await browser.storage.local.remove('uiLanguage');
  });

  test('in Chinese the scan\'s own reason stays, with its specifics; the rule that stopped is named in Chinese', () => {
    render(<UnscannedList items={[{ kind: 'time-limit', where: 'column-stale', reason: '检查超过 20 秒上限，已停止，结果可能不完整' }]} />);
    expect(screen.getByText('检查超过 20 秒上限，已停止，结果可能不完整')).toBeTruthy();
    expect(screen.queryByText('column-stale')).toBeNull();
    expect(screen.getByText('栏目更新不及时')).toBeTruthy();
  });

  test('nothing when everything was scanned', () => {
    const { container } = render(<UnscannedList items={[]} />);
    expect(container.innerHTML).toBe('');
  });
});
