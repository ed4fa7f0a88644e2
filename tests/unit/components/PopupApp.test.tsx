import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { I18nProvider } from '@/components/i18n';
import { isInternalUrl, POLL_MS, PopupApp } from '@/components/PopupApp';
import type { TabClient } from '@/components/popup/types';
import type { ContentMessage, ScanState } from '@/lib/messages';
import { LANGUAGE_KEY } from '@/lib/i18n';
import { makeFinding } from '../../factories';

/**
 * Stands in for the content script of a tab (it cannot run in happy-dom): answers the popup's messages
 * from a scan state the test controls, and records them. The real pairing is tested in Chromium
 * (tests/e2e/popup.test.ts).
 */
class FakeTab implements TabClient {
  sent: ContentMessage[] = [];
  rescanDone: (() => void) | null = null;
  constructor(
    public state: ScanState,
    public url = 'https://www.example.gov.cn/index.html',
  ) {}
  async send(message: ContentMessage): Promise<unknown> {
    this.sent.push(message);
    switch (message.type) {
      case 'get-state':
        return this.state;
      case 'set-overlay':
        this.state = { ...this.state, overlayVisible: message.visible };
        return this.state;
      case 'rescan':
        this.state = { ...this.state, phase: 'scanning' };
        await new Promise<void>((done) => (this.rescanDone = done));
        this.state = { ...this.state, phase: 'done' };
        return this.state;
      case 'reveal':
        return message.key === 'ok';
      default:
        return null;
    }
  }
}

const findings = [
  makeFinding({ key: 'ok', rule: 'link-empty', severity: 'review', label: '首页' }),
  makeFinding({ rule: 'link-empty', severity: 'deduct', label: '政务公开' }),
  makeFinding({ rule: 'link-dead', severity: 'deduct', label: '互动交流' }),
];

function scanState(patch: Partial<ScanState> = {}): ScanState {
  return {
    url: 'https://www.example.gov.cn/index.html',
    title: '示例市人民政府',
    phase: 'done',
    findings,
    unscanned: [],
    counts: { 'link-empty': 2, 'link-dead': 1 },
    linksTotal: 40,
    linksProbed: 40,
    overlayVisible: true,
    scannedAt: '2025-06-30T02:00:00.000Z',
    ...patch,
  };
}

const show = (client: TabClient | null) =>
  render(
    <I18nProvider>
      <PopupApp client={client} />
    </I18nProvider>,
  );

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

describe('a page the content script inspects', () => {
  test('title, address, total, phase and counts per rule', async () => {
    show(new FakeTab(scanState()));
    expect(await screen.findByText('共发现 3 项问题')).toBeTruthy();
    expect(screen.getByText('示例市人民政府')).toBeTruthy();
    expect(screen.getByText('https://www.example.gov.cn/index.html')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('完成');
    expect(screen.getByRole('button', { name: /空链/ }).textContent).toContain('2');
    expect(screen.getByRole('button', { name: /错链/ }).textContent).toContain('1');
    expect(screen.getByRole('button', { name: '重新检查' })).toHaveProperty('disabled', false);
  });

  test('while links are probed it says how far it got, and follows the scan until it settles', async () => {
    const tab = new FakeTab(scanState({ phase: 'probing', linksProbed: 12, linksTotal: 40 }));
    show(tab);
    expect((await screen.findByText('检测链接 12/40')).getAttribute('role')).toBe('status');
    expect(screen.getByRole('button', { name: '检查中…' })).toHaveProperty('disabled', true);
    tab.state = scanState();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('完成'), { timeout: POLL_MS * 4 });
  });

  test('rescan asks the content script and shows the settled result', async () => {
    const tab = new FakeTab(scanState());
    show(tab);
    fireEvent.click(await screen.findByRole('button', { name: '重新检查' }));
    await waitFor(() => expect(screen.getByRole('button', { name: '检查中…' })).toHaveProperty('disabled', true));
    expect(tab.sent.some((m) => m.type === 'rescan')).toBe(true);
    tab.rescanDone!();
    expect(await screen.findByRole('button', { name: '重新检查' })).toHaveProperty('disabled', false);
  });

  test('the overlay switch sends set-overlay and shows the state that comes back', async () => {
    const tab = new FakeTab(scanState());
    show(tab);
    const toggle = (await screen.findByRole('switch', { name: '在页面上标注' })) as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    fireEvent.click(toggle);
    await waitFor(() => expect((screen.getByRole('switch') as HTMLInputElement).checked).toBe(false));
    expect(tab.sent).toContainEqual({ type: 'set-overlay', visible: false });
  });

  test('a finding can be shown on the page from its rule row', async () => {
    const tab = new FakeTab(scanState());
    show(tab);
    fireEvent.click(await screen.findByRole('button', { name: /空链/ }));
    fireEvent.click(screen.getByRole('button', { name: '在页面上定位：首页' }));
    await waitFor(() => expect(tab.sent).toContainEqual({ type: 'reveal', key: 'ok' }));
  });

  test('what could not be scanned is listed', async () => {
    show(new FakeTab(scanState({ unscanned: [{ kind: 'cross-origin-frame', where: 'https://map.example.com/', reason: '跨域框架（iframe）的内容无法从本页检查' }] })));
    const section = (await screen.findByText('未能检查的部分（1）')).closest('section')!;
    expect(within(section).getByText('跨域框架')).toBeTruthy();
  });

  test('the language switch turns the popup English and remembers it', async () => {
    show(new FakeTab(scanState()));
    const select = (await screen.findByRole('combobox', { name: '界面语言' })) as HTMLSelectElement;
    fireEvent.change(select, { target: { value: 'en' } });
    expect(await screen.findByText('3 findings')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Rescan' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect((await fakeBrowser.storage.local.get(LANGUAGE_KEY))[LANGUAGE_KEY]).toBe('en');
  });
});

describe('a page that cannot be inspected', () => {
  const unreachable = (url?: string): TabClient => ({ url, send: () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')) });

  test('a browser page', async () => {
    show(unreachable('chrome://extensions/'));
    expect(await screen.findByText('此页面无法检查')).toBeTruthy();
    expect(screen.getByText('浏览器内部页面和扩展商店页面不允许扩展检查。')).toBeTruthy();
  });

  test('a web page opened before the extension: reload it', async () => {
    show(unreachable('https://www.example.gov.cn/'));
    expect(await screen.findByText('此页面无法检查')).toBeTruthy();
    expect(screen.getByText('检查助手尚未在此页面运行，请刷新页面后重试。')).toBeTruthy();
  });

  test('no tab, or an answer that is not a scan state', async () => {
    show(null);
    expect(await screen.findByText('此页面无法检查')).toBeTruthy();
    cleanup();
    show({ url: 'https://www.example.gov.cn/', send: async () => ({ hello: 'world' }) });
    expect(await screen.findByText('此页面无法检查')).toBeTruthy();
  });
});

test('isInternalUrl', () => {
  for (const url of ['chrome://newtab/', 'about:blank', 'chrome-extension://abc/popup.html', 'https://chromewebstore.google.com/detail/x', 'view-source:https://a.gov.cn/', undefined]) {
    expect(isInternalUrl(url)).toBe(true);
  }
  for (const url of ['https://www.gov.cn/', 'http://127.0.0.1:8080/a.html', 'file:///tmp/a.html']) expect(isInternalUrl(url)).toBe(false);
});
