import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { I18nProvider } from '@/components/i18n';
import { PopupApp } from '@/components/PopupApp';
import type { PopupEnv, TabClient } from '@/components/popup/types';
import type { ContentMessage, ScanState } from '@/lib/messages';
import type { Finding } from '@/lib/findings';
import { openStore, type InspectorStore } from '@/lib/store/db';
import { createSession, getActiveSession, listSessions } from '@/lib/store/sessions';
import { findingsForPage, recordScan } from '@/lib/store/recording';
import { applyPick, loadDraft } from '@/lib/store/manual-draft';
import { makeFinding } from '../../factories';
import { readStoreView } from '@/components/popup/usePopupStore';

/**
 * The popup's workflow against a real (fake-indexeddb) store and a stand-in content script; the pairing with
 * the real content script, background and Chromium is tests/e2e/workflow-popup.test.ts.
 */

const PAGE = 'https://www.example.gov.cn/index.html';
const TAB = 7;

class FakeTab implements TabClient {
  id = TAB;
  url = PAGE;
  sent: ContentMessage[] = [];
  constructor(public state: ScanState) {}
  async send(message: ContentMessage): Promise<unknown> {
    this.sent.push(message);
    switch (message.type) {
      case 'get-state':
        return this.state;
      case 'reveal':
        return true;
      case 'pick-element':
        return true;
      case 'repost-checklist':
        return { homePage: true, items: [{ title: '学习贯彻党的二十届四中全会精神', found: true, how: 'title' }, { title: '政府工作报告', found: false }] };
      default:
        return null;
    }
  }
}

const scanned = (key: string, extra: Partial<Finding> = {}) => makeFinding({ key, pageUrl: PAGE, label: key, selector: `#${key}`, ...extra });
const FINDINGS = [
  scanned('dead-1', { rule: 'link-dead', severity: 'deduct' }),
  scanned('dead-2', { rule: 'link-dead', severity: 'deduct' }),
  scanned('empty-1', { rule: 'link-empty', severity: 'review' }),
  scanned('filing', { rule: 'filing-missing', severity: 'deduct', selector: '', label: '网站标识码' }),
];

function scanState(findings: Finding[] = FINDINGS): ScanState {
  return {
    url: PAGE,
    title: '示例市人民政府',
    phase: 'done',
    findings,
    unscanned: [],
    counts: {},
    linksTotal: 10,
    linksProbed: 10,
    overlayVisible: true,
    scannedAt: '2025-06-30T02:00:00.000Z',
  };
}

let n = 0;
let db: InspectorStore;
let dbPromise: Promise<InspectorStore>;

function show(tab: TabClient, env: Partial<PopupEnv> = {}) {
  return render(
    <I18nProvider>
      <PopupApp client={tab} env={{ db: dbPromise, now: () => new Date('2025-06-30T02:00:00Z'), ...env }} />
    </I18nProvider>,
  );
}

async function sessionWithSite() {
  const session = await createSession(db, { name: '二季度检查', quarter: '2025Q2', inspector: '张三', sites: [{ name: '示例市政府', url: 'https://www.example.gov.cn/' }] });
  await recordScan(db, { sessionId: session.id, inspector: '张三', pageUrl: PAGE, pageTitle: '示例市人民政府', findings: FINDINGS });
  return session;
}

const stored = async () => new Map((await findingsForPage(db, (await getActiveSession(db))!.id, PAGE)).map((f) => [f.key, f]));
const item = (key: string) => document.querySelector<HTMLElement>(`.gsi-item[data-key="${key}"]`)!;
const openRule = async (name: RegExp) => {
  await screen.findByText(/^本页问题（\d+）/);
  fireEvent.click(await screen.findByRole('button', { name }));
};

beforeEach(async () => {
  fakeBrowser.reset();
  dbPromise = openStore(`gsi-popup-${++n}`);
  db = await dbPromise;
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  db.close();
});

describe('no session yet', () => {
  test('a short form: this quarter, the current site pre-added; creating it records the page', async () => {
    show(new FakeTab(scanState()));
    const form = (await screen.findByRole('heading', { name: '新建检查任务' })).closest('form')!;
    expect((within(form).getByLabelText('季度') as HTMLInputElement).value).toBe('2025Q2');
    const site = within(form).getByRole('checkbox') as HTMLInputElement;
    expect(site.checked).toBe(true);
    expect(site.closest('label')!.textContent).toContain('example.gov.cn');
    fireEvent.input(within(form).getByLabelText('检查员'), { target: { value: '李四' } });
    fireEvent.click(within(form).getByRole('button', { name: '创建检查任务' }));
    await screen.findByRole('combobox', { name: '切换检查任务' });
    const [session] = await listSessions(db);
    expect(session).toMatchObject({ name: '2025Q2 网站检查', quarter: '2025Q2', inspector: '李四' });
    expect(session.sites.map((s) => s.url)).toEqual(['https://www.example.gov.cn/']);
    expect((await stored()).size).toBe(FINDINGS.length);
    expect(await screen.findByText('本页问题（4）')).toBeTruthy();
  });
});

describe('a site that is not in the session', () => {
  test('findings are only counted; "将本站加入检查任务" adds the site and records the scan', async () => {
    await createSession(db, { name: '二季度检查', quarter: '2025Q2', inspector: '张三', sites: [{ name: '别的网站', url: 'https://other.gov.cn/' }] });
    show(new FakeTab(scanState()));
    fireEvent.click(await screen.findByRole('button', { name: '将本站加入检查任务' }));
    expect(await screen.findByText('本页问题（4）')).toBeTruthy();
    const session = (await getActiveSession(db))!;
    expect(session.sites.map((s) => s.name)).toEqual(['别的网站', 'example.gov.cn']);
    expect((await stored()).size).toBe(4);
  });
});

describe('opened with the state and the store already read (what the popup entry point does)', () => {
  test('the first render shows the stored findings, without asking the page or the store again at once', async () => {
    await sessionWithSite();
    const tab = new FakeTab(scanState());
    const view = await readStoreView(db, PAGE);
    expect(view.stored).toHaveLength(FINDINGS.length);
    const reads = vi.spyOn(db, 'getAllFromIndex');
    render(
      <I18nProvider initial="zh_CN">
        <PopupApp client={tab} env={{ db: dbPromise }} initial={{ state: scanState(), store: { pageUrl: PAGE, view } }} />
      </I18nProvider>,
    );
    // Synchronously, on the first render: the counts per rule and the session bar.
    expect(screen.getByText('本页问题（4）')).toBeTruthy();
    expect(screen.getByRole('combobox', { name: '切换检查任务' })).toBeTruthy();
    await new Promise((r) => setTimeout(r, 50));
    expect(tab.sent.filter((m) => m.type === 'get-state')).toHaveLength(0);
    expect(reads).not.toHaveBeenCalled();
  });

  test('a store read for another address is not used: the popup reads the page it shows', async () => {
    await sessionWithSite();
    const other = await readStoreView(db, 'https://www.example.gov.cn/other.html');
    expect(other.stored).toHaveLength(0);
    render(
      <I18nProvider initial="zh_CN">
        <PopupApp client={new FakeTab(scanState())} env={{ db: dbPromise }} initial={{ state: scanState(), store: { pageUrl: 'https://www.example.gov.cn/other.html', view: other } }} />
      </I18nProvider>,
    );
    // Not shown from the other page's read (no session there yet): read for this page, the session appears.
    expect(screen.queryByRole('combobox', { name: '切换检查任务' })).toBeNull();
    expect(await screen.findByRole('combobox', { name: '切换检查任务' })).toBeTruthy();
    expect(await screen.findByText('本页问题（4）')).toBeTruthy();
  });
});

describe('a page of a session site', () => {
  beforeEach(sessionWithSite);

  test('session bar, groups by rule with counts and severities, each row with its status', async () => {
    const manage = vi.fn();
    show(new FakeTab(scanState()), { openSessions: manage });
    const select = (await screen.findByRole('combobox', { name: '切换检查任务' })) as HTMLSelectElement;
    expect(select.selectedOptions[0].textContent).toBe('二季度检查 · 2025Q2');
    fireEvent.click(screen.getByRole('link', { name: '管理检查任务' }));
    expect(manage).toHaveBeenCalled();
    await screen.findByText('本页问题（4）');
    const rules = [...document.querySelectorAll<HTMLElement>('.gsi-rule')];
    expect(rules.map((r) => r.dataset.rule)).toEqual(['link-dead', 'link-empty', 'filing-missing']);
    expect(rules[0].querySelector('.gsi-count')!.textContent).toBe('2');
    expect(rules[0].querySelector('.gsi-sev')!.textContent).toBe('扣分 2');
    await openRule(/错链/);
    expect(within(item('dead-1')).getByText('待确认')).toBeTruthy();
  });

  test('a long label cut to one line in its row is whole in the opened finding and in the row\'s tooltip', async () => {
    const label = `关于进一步加强政府网站内容建设的通知${'A'.repeat(220)}`;
    const long = scanned('dead-long', { rule: 'link-dead', severity: 'deduct', label, message: '链接无法访问（HTTP 404）' });
    await recordScan(db, { sessionId: (await getActiveSession(db))!.id, inspector: '张三', pageUrl: PAGE, pageTitle: '示例市人民政府', findings: [...FINDINGS, long] });
    show(new FakeTab(scanState([...FINDINGS, long])));
    await openRule(/错链/);
    const row = within(item('dead-long')).getByRole('button', { name: new RegExp(label) });
    expect(row.getAttribute('title')).toBe(`${label}\n链接无法访问（HTTP 404）`);
    fireEvent.click(row);
    const detail = item('dead-long').querySelector('.gsi-detail')!;
    expect(within(detail as HTMLElement).getByText(label)).toBeTruthy();
    expect(within(detail as HTMLElement).getByText('链接无法访问（HTTP 404）')).toBeTruthy();
  });

  test('confirm, dismiss, reopen and note one finding; the store has it and the row shows it', async () => {
    const tab = new FakeTab(scanState());
    show(tab);
    await openRule(/错链/);
    fireEvent.click(within(item('dead-1')).getByRole('button', { name: /dead-1/ }));
    expect(tab.sent).toContainEqual({ type: 'reveal', key: 'dead-1' });
    fireEvent.click(within(item('dead-1')).getByRole('button', { name: '确认' }));
    await waitFor(() => expect(item('dead-1').dataset.status).toBe('confirmed'));
    expect((await stored()).get('dead-1')!.status).toBe('confirmed');
    fireEvent.click(within(item('dead-1')).getByRole('button', { name: '排除' }));
    await waitFor(() => expect(item('dead-1').dataset.status).toBe('dismissed'));
    fireEvent.click(within(item('dead-1')).getByRole('button', { name: '改回待确认' }));
    await waitFor(() => expect(item('dead-1').dataset.status).toBe('open'));
    fireEvent.click(within(item('dead-1')).getByRole('button', { name: '备注' }));
    fireEvent.input(within(item('dead-1')).getByLabelText('备注内容'), { target: { value: '已电话通知网站管理员' } });
    fireEvent.click(within(item('dead-1')).getByRole('button', { name: '保存备注' }));
    await within(item('dead-1')).findByText('已电话通知网站管理员');
    expect((await stored()).get('dead-1')!.note).toBe('已电话通知网站管理员');
  });

  test('bulk: select all of a rule, confirm them together, note them together', async () => {
    show(new FakeTab(scanState()));
    await openRule(/错链/);
    fireEvent.click(screen.getByRole('checkbox', { name: '选择“错链（断链）”的全部问题' }));
    expect(await screen.findByText('已选 2 项')).toBeTruthy();
    const bar = screen.getByText('已选 2 项').closest('section')!;
    fireEvent.click(within(bar).getByRole('button', { name: '确认' }));
    await waitFor(() => expect([item('dead-1').dataset.status, item('dead-2').dataset.status]).toEqual(['confirmed', 'confirmed']));
    fireEvent.click(within(bar).getByRole('button', { name: '备注' }));
    fireEvent.input(within(bar).getByLabelText('备注内容'), { target: { value: '首页导航' } });
    fireEvent.click(within(bar).getByRole('button', { name: '保存备注' }));
    await waitFor(async () => expect([...(await stored()).values()].filter((f) => f.note === '首页导航').map((f) => f.key).sort()).toEqual(['dead-1', 'dead-2']));
    expect((await stored()).get('empty-1')!.status).toBe('open');
  });

  test('keyboard: arrows move between rows, Space selects, Enter opens and shows the element', async () => {
    const tab = new FakeTab(scanState());
    show(tab);
    await openRule(/错链/);
    const head = screen.getByRole('button', { name: /错链/ });
    head.focus();
    fireEvent.keyDown(head, { key: 'ArrowDown' });
    const first = item('dead-1').querySelector<HTMLElement>('.gsi-item-main')!;
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    const second = item('dead-2').querySelector<HTMLElement>('.gsi-item-main')!;
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(second, { key: ' ' });
    expect(await screen.findByText('已选 1 项')).toBeTruthy();
    expect(second.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(second, { key: 'Enter' });
    expect(second.getAttribute('aria-expanded')).toBe('true');
    await waitFor(() => expect(tab.sent).toContainEqual({ type: 'reveal', key: 'dead-2' }));
    fireEvent.keyDown(second, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(first);
  });

  test('a finding of the scan the background has not recorded yet is stored when acted on', async () => {
    const fresh = scanned('new-one', { rule: 'link-dead' });
    show(new FakeTab(scanState([...FINDINGS, fresh])));
    await openRule(/错链/);
    await waitFor(() => expect(item('new-one')).toBeTruthy());
    fireEvent.click(within(item('new-one')).getByRole('button', { name: /new-one/ }));
    fireEvent.click(within(item('new-one')).getByRole('button', { name: '确认' }));
    await waitFor(async () => expect((await stored()).get('new-one')?.status).toBe('confirmed'));
    expect((await stored()).size).toBe(5);
  });

  test('a stored finding the latest scan no longer finds is marked', async () => {
    show(new FakeTab(scanState(FINDINGS.slice(1))));
    await openRule(/错链/);
    expect(within(item('dead-1')).getByText('本次未再发现')).toBeTruthy();
    expect(within(item('dead-2')).queryByText('本次未再发现')).toBeNull();
  });

  test('a full disk is reported in words and nothing stored is lost', async () => {
    show(new FakeTab(scanState()));
    await openRule(/错链/);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    fireEvent.click(within(item('dead-1')).getByRole('button', { name: /dead-1/ }));
    fireEvent.click(within(item('dead-1')).getByRole('button', { name: '确认' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^浏览器存储空间已满/);
    vi.restoreAllMocks();
    expect((await stored()).get('dead-1')!.status).toBe('open');
    expect((await stored()).size).toBe(4);
  });

  test('evidence: the popup asks the background with the finding and shows the thumbnail it stored', async () => {
    const capture = vi.fn(async () => ({ ok: false as const, error: '无法截取此页面' }));
    show(new FakeTab(scanState()), { capture });
    await openRule(/错链/);
    fireEvent.click(within(item('dead-1')).getByRole('button', { name: /dead-1/ }));
    fireEvent.click(within(item('dead-1')).getByRole('button', { name: '截图取证' }));
    expect((await screen.findByRole('alert')).textContent).toBe('截图失败：无法截取此页面');
    const id = (await stored()).get('dead-1')!.id;
    expect(capture).toHaveBeenCalledWith({ tabId: TAB, selector: '#dead-1', findingIds: [id], sessionId: (await getActiveSession(db))!.id });
  });

  test('the repost checklist of the page', async () => {
    show(new FakeTab(scanState()));
    const summary = await screen.findByText('本季度重点信息转发（1/2）');
    const list = summary.closest('details')!;
    expect(within(list).getByText('政府工作报告').closest('li')!.textContent).toContain('未找到');
  });

  test('an emblem to review: the page image beside the current reference', async () => {
    const emblem = scanned('emblem', { rule: 'emblem-outdated', severity: 'review', href: 'https://www.example.gov.cn/gh.png', label: '国徽（gh.png）', detail: { currentReferenceId: 'ref-1' } });
    await recordScan(db, { sessionId: (await getActiveSession(db))!.id, pageUrl: PAGE, pageTitle: '示例', findings: [emblem] });
    const pack = { emblem: { references: [{ id: 'ref-1', label: 'current', name: 'GB 15093-2025', preview: 'data:image/png;base64,AAAA', fingerprint: { hash: '00', colors: [] } }] }, sites: [] };
    show(new FakeTab(scanState([...FINDINGS, emblem])), { loadPack: async () => pack as never });
    await openRule(/国徽/);
    fireEvent.click(within(item('emblem')).getByRole('button', { name: /gh\.png/ }));
    expect(within(item('emblem')).getByRole('img', { name: '页面图片' }).getAttribute('src')).toBe('https://www.example.gov.cn/gh.png');
    expect(within(item('emblem')).getByRole('img', { name: '现行参考图：GB 15093-2025' }).getAttribute('src')).toBe('data:image/png;base64,AAAA');
  });
});

describe('manual finding', () => {
  beforeEach(sessionWithSite);

  test('the whole page: indicator, free category, severity and note; stored confirmed and listed', async () => {
    show(new FakeTab(scanState()));
    fireEvent.click(await screen.findByRole('button', { name: '添加问题' }));
    const form = (await screen.findByRole('heading', { name: '人工记录问题' })).closest('form')!;
    fireEvent.change(within(form).getByLabelText('指标'), { target: { value: 'column-stale' } });
    fireEvent.change(within(form).getByLabelText('严重程度'), { target: { value: 'veto' } });
    fireEvent.input(within(form).getByLabelText('类别（可选，如“其他”）'), { target: { value: '其他' } });
    fireEvent.input(within(form).getByLabelText('问题对象'), { target: { value: '政务公开栏目' } });
    fireEvent.input(within(form).getByLabelText('说明'), { target: { value: '栏目一年未更新' } });
    fireEvent.click(within(form).getByRole('button', { name: '保存问题' }));
    expect(await screen.findByText('已添加问题：政务公开栏目')).toBeTruthy();
    const manual = [...(await stored()).values()].find((f) => f.detail.manual === true)!;
    expect(manual).toMatchObject({ rule: 'column-stale', severity: 'veto', status: 'confirmed', selector: '', label: '政务公开栏目', note: '栏目一年未更新', detail: { manual: true, category: '其他' } });
    expect(await loadDraft(TAB)).toBeNull();
    await openRule(/栏目更新不及时/);
    expect(within(item(manual.key)).getByText('人工')).toBeTruthy();
  });

  test('picking an element: the draft is kept while the popup is closed and shown again with the element', async () => {
    const tab = new FakeTab(scanState());
    const close = vi.fn();
    show(tab, { close });
    fireEvent.click(await screen.findByRole('button', { name: '添加问题' }));
    fireEvent.input(await screen.findByLabelText('说明'), { target: { value: '错别字' } });
    fireEvent.click(screen.getByRole('button', { name: '在页面上选择元素' }));
    await waitFor(() => expect(close).toHaveBeenCalled());
    expect(tab.sent).toContainEqual({ type: 'pick-element' });
    expect(await loadDraft(TAB)).toMatchObject({ picking: true, note: '错别字' });
    cleanup();

    // The content script reported the click to the background, which filled in the draft.
    await applyPick(TAB, { selector: '#main > p:nth-of-type(2)', snippet: '<p>…</p>', label: '关于开展某某工作的通知' });
    show(new FakeTab(scanState()));
    const form = (await screen.findByRole('heading', { name: '人工记录问题' })).closest('form')!;
    expect(within(form).getByText('#main > p:nth-of-type(2)')).toBeTruthy();
    expect((within(form).getByLabelText('说明') as HTMLTextAreaElement).value).toBe('错别字');
    expect((within(form).getByLabelText('问题对象') as HTMLInputElement).value).toBe('关于开展某某工作的通知');
    fireEvent.click(within(form).getByRole('button', { name: '保存问题' }));
    await screen.findByText(/^已添加问题：/);
    const manual = [...(await stored()).values()].find((f) => f.detail.manual === true)!;
    expect(manual).toMatchObject({ selector: '#main > p:nth-of-type(2)', snippet: '<p>…</p>', label: '关于开展某某工作的通知' });
  });

  test('Esc on the page keeps the form without an element; Cancel drops the draft', async () => {
    show(new FakeTab(scanState()));
    fireEvent.click(await screen.findByRole('button', { name: '添加问题' }));
    fireEvent.click(await screen.findByRole('button', { name: '在页面上选择元素' }));
    await waitFor(async () => expect((await loadDraft(TAB))?.picking).toBe(true));
    await applyPick(TAB, null);
    expect(await screen.findByRole('button', { name: '在页面上选择元素' })).toBeTruthy();
    expect(await loadDraft(TAB)).toMatchObject({ picking: false, target: null });
    fireEvent.click(screen.getByRole('button', { name: '取消' }));
    await waitFor(async () => expect(await loadDraft(TAB)).toBeNull());
    expect(screen.queryByRole('heading', { name: '人工记录问题' })).toBeNull();
  });
});
