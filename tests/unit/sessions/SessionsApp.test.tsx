import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { I18nProvider } from '@/components/i18n';
import { SessionsApp } from '@/components/sessions/SessionsApp';
import { findingsToJson } from '@/lib/export/json';
import type { Finding, Session } from '@/lib/findings';
import { findingsOfSession, recordScan } from '@/lib/store/recording';
import { createSession, getActiveSession, getSession, listSessions } from '@/lib/store/sessions';
import { openStore, type InspectorStore } from '@/lib/store/db';
import { makeFinding } from '../../factories';

/**
 * The sessions page against a real (fake-indexeddb) store; the same page in Chromium with the extension is
 * tests/e2e/workflow-sessions.test.ts.
 */

let n = 0;
let db: InspectorStore;

function show() {
  return render(
    <I18nProvider>
      <SessionsApp db={Promise.resolve(db)} />
    </I18nProvider>,
  );
}

const notice = async () => (await screen.findByTestId('notice')).querySelector('p')!.textContent;
const sessionItem = (name: string) => document.querySelector<HTMLElement>(`li[data-session="${name}"]`)!;
const siteRow = (host: string) => document.querySelector<HTMLElement>(`tr[data-site="${host}"]`);
const findingIds = () => [...document.querySelectorAll('table[data-testid="findings"] tbody tr[data-id]')].map((tr) => tr.getAttribute('data-id')).sort();

/** Pick `file` in the hidden file input `testId`, as the file dialog does. */
function pick(testId: string, file: File) {
  const input = screen.getByTestId(testId) as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

async function sessionWith(name: string, sites: Array<{ name: string; url: string }> = []): Promise<Session> {
  return createSession(db, { name, quarter: '2025Q2', inspector: '张三', sites });
}

beforeEach(async () => {
  fakeBrowser.reset();
  db = await openStore(`gsi-sessions-${++n}`);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  db.close();
});

describe('sessions', () => {
  test('create one (it becomes the active one), a second, switch back', async () => {
    show();
    const form = (await screen.findByRole('heading', { name: '新建检查任务' })).closest('section')!;
    // No name: said so, nothing made.
    fireEvent.click(within(form).getByRole('button', { name: '新建并设为当前' }));
    expect(await notice()).toBe('请填写任务名称。');
    expect(await listSessions(db)).toEqual([]);

    fireEvent.input(within(form).getByLabelText('任务名称'), { target: { value: '二季度检查' } });
    fireEvent.input(within(form).getByLabelText('季度'), { target: { value: '2025Q2' } });
    fireEvent.input(within(form).getByLabelText('检查员'), { target: { value: '张三' } });
    fireEvent.click(within(form).getByRole('button', { name: '新建并设为当前' }));
    await waitFor(async () => expect(await notice()).toBe('已新建检查任务“二季度检查”，并设为当前任务。'));
    fireEvent.input(within(form).getByLabelText('任务名称'), { target: { value: '三季度检查' } });
    fireEvent.input(within(form).getByLabelText('季度'), { target: { value: '2025Q3' } });
    fireEvent.click(within(form).getByRole('button', { name: '新建并设为当前' }));
    await waitFor(async () => expect(await notice()).toBe('已新建检查任务“三季度检查”，并设为当前任务。'));

    expect((await listSessions(db)).map((s) => [s.name, s.quarter]).sort()).toEqual([
      ['三季度检查', '2025Q3'],
      ['二季度检查', '2025Q2'],
    ]);
    expect((await getActiveSession(db))!.name).toBe('三季度检查');
    await waitFor(() => expect(sessionItem('三季度检查').getAttribute('aria-current')).toBe('true'));
    expect(screen.getByRole('heading', { name: /^三季度检查/ })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '将“二季度检查”设为当前任务' }));
    await waitFor(async () => expect(await notice()).toBe('已切换到“二季度检查”。'));
    expect((await getActiveSession(db))!.name).toBe('二季度检查');
    await waitFor(() => expect(sessionItem('二季度检查').getAttribute('aria-current')).toBe('true'));
    expect(sessionItem('三季度检查').getAttribute('aria-current')).toBeNull();
  });

  test('delete asks first, saying what goes with it; cancel keeps everything', async () => {
    const keep = await sessionWith('保留的任务');
    const gone = await sessionWith('要删除的任务', [{ name: '示例市政府', url: 'https://www.example.gov.cn/' }]);
    await recordScan(db, { sessionId: gone.id, inspector: '张三', pageUrl: 'https://www.example.gov.cn/index.html', pageTitle: '首页', findings: [makeFinding({ key: 'a' }), makeFinding({ key: 'b' })] });
    show();

    fireEvent.click(await screen.findByRole('button', { name: '删除检查任务“要删除的任务”' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('确定删除“要删除的任务”？其中 2 条问题记录和 0 张截图将一并删除');
    // Focus is on the safe choice.
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: '取消' })));
    fireEvent.click(within(dialog).getByRole('button', { name: '取消' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(await getSession(db, gone.id)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '删除检查任务“要删除的任务”' }));
    fireEvent.keyDown(await screen.findByRole('alertdialog'), { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: '删除检查任务“要删除的任务”' }));
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: '确定删除' }));
    await waitFor(async () => expect(await notice()).toBe('已删除检查任务“要删除的任务”。'));
    expect(await getSession(db, gone.id)).toBeUndefined();
    expect(await findingsOfSession(db, gone.id)).toEqual([]);
    expect((await listSessions(db)).map((s) => s.id)).toEqual([keep.id]);
    await waitFor(() => expect(sessionItem('要删除的任务')).toBeNull());
  });
});

describe('sites', () => {
  test('add a site by URL: a bad URL is refused, a duplicate is counted, not added', async () => {
    const session = await sessionWith('二季度检查');
    show();
    const url = await screen.findByLabelText('站点网址');
    fireEvent.input(url, { target: { value: 'www.example.gov.cn' } });
    fireEvent.click(screen.getByRole('button', { name: '添加站点' }));
    expect(await notice()).toBe('网址应以 http:// 或 https:// 开头。');
    expect((await getSession(db, session.id))!.sites).toEqual([]);

    fireEvent.input(url, { target: { value: 'https://www.example.gov.cn/' } });
    fireEvent.input(screen.getByLabelText('站点名称（可选）'), { target: { value: '示例市人民政府' } });
    fireEvent.click(screen.getByRole('button', { name: '添加站点' }));
    await waitFor(async () => expect(await notice()).toBe('已添加 1 个站点（0 个已在列表中）。'));
    await waitFor(() => expect(siteRow('example.gov.cn')).not.toBeNull());
    expect(siteRow('example.gov.cn')!.textContent).toContain('示例市人民政府');
    expect((url as HTMLInputElement).value).toBe('');

    fireEvent.input(url, { target: { value: 'https://www.example.gov.cn/' } });
    fireEvent.click(screen.getByRole('button', { name: '添加站点' }));
    await waitFor(async () => expect(await notice()).toBe('已添加 0 个站点（1 个已在列表中）。'));
    expect((await getSession(db, session.id))!.sites.map((s) => s.url)).toEqual(['https://www.example.gov.cn/']);
  });

  test('a site list with a bad row: the row is named and the session is left as it was; a good list is added', async () => {
    const session = await sessionWith('二季度检查', [{ name: '已有站点', url: 'https://old.gov.cn/' }]);
    show();
    await screen.findByRole('button', { name: '导入站点清单（CSV / Excel）' });
    const bad = '网站名称,网址\n济南市人民政府,https://www.jinan.gov.cn/\n青岛市人民政府,不是网址\n';
    pick('import-sites', new File([bad], '站点清单.csv', { type: 'text/csv' }));
    await waitFor(async () => expect(await notice()).toMatch(/^站点清单“站点清单\.csv”未导入，任务未作任何修改。第 3 行：/));
    expect(screen.getByTestId('notice').getAttribute('role')).toBe('alert');
    expect((await getSession(db, session.id))!.sites.map((s) => s.name)).toEqual(['已有站点']);

    pick('import-sites', new File([new Uint8Array()], 'empty.csv', { type: 'text/csv' }));
    await waitFor(async () => expect(await notice()).toBe('站点清单“empty.csv”未导入，任务未作任何修改。文件为空'));

    const good = '\uFEFF网站名称,网址\n济南市人民政府,https://www.jinan.gov.cn/\n青岛市人民政府,http://www.qingdao.gov.cn\n';
    pick('import-sites', new File([good], 'good.csv', { type: 'text/csv' }));
    await waitFor(async () => expect(await notice()).toBe('已添加 2 个站点（0 个已在列表中）。'));
    expect((await getSession(db, session.id))!.sites.map((s) => s.name)).toEqual(['已有站点', '济南市人民政府', '青岛市人民政府']);
    await waitFor(() => expect(siteRow('qingdao.gov.cn')).not.toBeNull());
  });

  test('the checked box stores the site as checked and back', async () => {
    const session = await sessionWith('二季度检查', [
      { name: '济南市人民政府', url: 'https://www.jinan.gov.cn/' },
      { name: '青岛市人民政府', url: 'https://www.qingdao.gov.cn/' },
    ]);
    show();
    const box = (await screen.findByRole('checkbox', { name: '“济南市人民政府”已检查完' })) as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(screen.getByText(/共 2 个站点，已检查完 0 个/)).toBeTruthy();
    fireEvent.click(box);
    await waitFor(async () => expect((await getSession(db, session.id))!.sites.map((s) => s.status)).toEqual(['checked', 'pending']));
    await screen.findByText(/共 2 个站点，已检查完 1 个/);
    expect(siteRow('jinan.gov.cn')!.className).toBe('done');
    await waitFor(() => expect(box.checked).toBe(true));
    fireEvent.click(box);
    await waitFor(async () => expect((await getSession(db, session.id))!.sites[0].status).toBe('pending'));
    await screen.findByText(/共 2 个站点，已检查完 0 个/);
    await waitFor(() => expect(box.checked).toBe(false));
    expect(siteRow('jinan.gov.cn')!.className).toBe('');
  });
});

describe('findings', () => {
  const PAGE_A = 'https://www.jinan.gov.cn/index.html';
  const PAGE_B = 'https://www.qingdao.gov.cn/index.html';
  let findings: Finding[];

  async function recorded(): Promise<Session> {
    const session = await sessionWith('二季度检查', [
      { name: '济南市人民政府', url: 'https://www.jinan.gov.cn/' },
      { name: '青岛市人民政府', url: 'https://www.qingdao.gov.cn/' },
    ]);
    const at = (page: string, key: string, extra: Partial<Finding>) => makeFinding({ key, pageUrl: page, site: new URL(page).hostname, label: key, ...extra });
    await recordScan(db, { sessionId: session.id, inspector: '张三', pageUrl: PAGE_A, pageTitle: '济南', findings: [at(PAGE_A, 'a-dead', { rule: 'link-dead' }), at(PAGE_A, 'a-blank', { rule: 'column-blank' }), at(PAGE_A, 'a-hidden', { rule: 'link-hidden', severity: 'veto' })] });
    await recordScan(db, { sessionId: session.id, inspector: '张三', pageUrl: PAGE_B, pageTitle: '青岛', findings: [at(PAGE_B, 'b-dead', { rule: 'link-dead' }), at(PAGE_B, 'b-empty', { rule: 'link-empty', severity: 'review' })] });
    findings = await findingsOfSession(db, session.id);
    return session;
  }
  const idsOf = (pred: (f: Finding) => boolean) => findings.filter(pred).map((f) => f.id).sort();
  const idsOfStatus = (all: Finding[], status: string) => all.filter((f) => f.status === status).map((f) => f.id).sort();
  const filterSelect = (field: string) => document.querySelector<HTMLSelectElement>(`select[data-filter="${field}"]`)!;
  const choose = (field: string, value: string) => fireEvent.change(filterSelect(field), { target: { value } });

  test('filters narrow the table and the count; clear brings all back', async () => {
    await recorded();
    show();
    await screen.findByText('共 5 条');
    expect(findingIds()).toEqual(idsOf(() => true));
    // Site and rule offer only what the session has.
    expect([...filterSelect('rule').options].map((o) => o.value)).toEqual(['', 'link-dead', 'link-hidden', 'link-empty', 'column-blank']);
    expect([...filterSelect('site').options].map((o) => o.textContent)).toEqual(['全部', '济南市人民政府（www.jinan.gov.cn）', '青岛市人民政府（www.qingdao.gov.cn）']);

    choose('site', 'www.qingdao.gov.cn');
    await screen.findByText('筛选后 2 条（共 5 条）');
    expect(findingIds()).toEqual(idsOf((f) => f.site === 'www.qingdao.gov.cn'));
    choose('rule', 'link-dead');
    await screen.findByText('筛选后 1 条（共 5 条）');
    expect(findingIds()).toEqual(idsOf((f) => f.key === 'b-dead'));
    fireEvent.click(screen.getByRole('button', { name: '清除筛选' }));
    await screen.findByText('共 5 条');
    choose('severity', 'veto');
    await screen.findByText('筛选后 1 条（共 5 条）');
    expect(findingIds()).toEqual(idsOf((f) => f.severity === 'veto'));
    choose('severity', '');
    choose('status', 'confirmed');
    await screen.findByText('筛选后 0 条（共 5 条）');
    expect(findingIds()).toEqual([]);
    expect(screen.getByRole('group', { name: '导出筛选结果' })).toBeTruthy();
  });

  test('bulk decisions: select several rows (or all shown) and confirm or dismiss them at once', async () => {
    await recorded();
    show();
    await screen.findByText('共 5 条');
    const box = (key: string) => screen.getByRole('checkbox', { name: `选择：${key}` });
    fireEvent.click(box('a-dead'));
    fireEvent.click(box('b-dead'));
    const bar = await screen.findByTestId('bulk-bar');
    expect(bar.textContent).toContain('已选 2 项');
    fireEvent.click(within(bar).getByRole('button', { name: '全部确认' }));
    expect(await notice()).toBe('已将 2 项设为“已确认”');
    await waitFor(async () => expect(idsOfStatus(await findingsOfSession(db, findings[0].sessionId!), 'confirmed')).toEqual(idsOf((f) => f.key.endsWith('-dead'))));
    expect(screen.queryByTestId('bulk-bar')).toBeNull();
    // Every row shown at once, then dismissed together.
    fireEvent.click(screen.getByRole('checkbox', { name: '选择本页显示的全部问题' }));
    expect(within(await screen.findByTestId('bulk-bar')).getByText('已选 5 项')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '全部排除' }));
    await waitFor(async () => expect(idsOfStatus(await findingsOfSession(db, findings[0].sessionId!), 'dismissed')).toEqual(idsOf(() => true)));
    await waitFor(() => expect([...document.querySelectorAll('tbody tr[data-id]')].every((tr) => tr.getAttribute('data-status') === 'dismissed')).toBe(true));
  });

  test('a JSON export imported: the result in numbers; a broken file says where and changes nothing', async () => {
    const session = await recorded();
    show();
    await screen.findByText('共 5 条');
    const fresh = [makeFinding({ key: 'imported-1', site: 'www.jinan.gov.cn' }), makeFinding({ key: 'imported-2', site: 'www.jinan.gov.cn' })];
    const file = findingsToJson({ findings: [...fresh, { ...findings[0], note: '导入的备注', updatedAt: '2030-01-01T00:00:00.000Z' }, findings[1]], evidence: [] });
    pick('import-json', new File([file], '同事的导出.json', { type: 'application/json' }));
    await waitFor(async () => expect(await notice()).toBe('“同事的导出.json”导入完成：新增 2 条，更新 1 条，未变 1 条；新增截图 0 张。'));
    await screen.findByText('共 7 条');
    expect((await findingsOfSession(db, session.id)).length).toBe(7);

    const broken = JSON.parse(file);
    broken.findings[1].rule = 'no-such-rule';
    pick('import-json', new File([JSON.stringify(broken)], 'broken.json', { type: 'application/json' }));
    await waitFor(async () => expect(await notice()).toMatch(/^文件“broken\.json”未导入，未作任何修改。错误位置 findings\[1\]\.rule：/));
    expect((await findingsOfSession(db, session.id)).length).toBe(7);
    pick('import-json', new File(['{"format": '], 'cut.json', { type: 'application/json' }));
    await waitFor(async () => expect(await notice()).toMatch(/^文件“cut\.json”未导入，未作任何修改。错误位置 /));
    expect((await findingsOfSession(db, session.id)).length).toBe(7);
  });
});

test('a full disk is said in words and nothing stored is lost', async () => {
  await sessionWith('已有任务', [{ name: '济南市人民政府', url: 'https://www.jinan.gov.cn/' }]);
  show();
  const form = (await screen.findByRole('heading', { name: '新建检查任务' })).closest('section')!;
  await screen.findByRole('checkbox', { name: '“济南市人民政府”已检查完' });
  const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  });
  fireEvent.input(within(form).getByLabelText('任务名称'), { target: { value: '存不下的任务' } });
  fireEvent.click(within(form).getByRole('button', { name: '新建并设为当前' }));
  await waitFor(async () => expect(await notice()).toBe('浏览器存储空间已满，本次内容未能保存，已保存的记录不受影响。请导出并删除旧的检查任务，或释放磁盘空间后重试。'));
  expect(screen.getByTestId('notice').getAttribute('role')).toBe('alert');
  fireEvent.click(within(screen.getByTestId('notice')).getByRole('button', { name: '取消' }));
  expect(screen.queryByTestId('notice')).toBeNull();
  fireEvent.click(screen.getByRole('checkbox', { name: '“济南市人民政府”已检查完' }));
  await waitFor(async () => expect(await notice()).toMatch(/^浏览器存储空间已满/));
  expect(put).toHaveBeenCalledTimes(2);
  vi.restoreAllMocks();
  const sessions = await listSessions(db);
  expect(sessions.map((s) => s.name)).toEqual(['已有任务']);
  expect(sessions[0].sites[0].status).toBe('pending');
  // The box goes back to what is stored.
  await waitFor(() => expect((screen.getByRole('checkbox', { name: '“济南市人民政府”已检查完' }) as HTMLInputElement).checked).toBe(false));
});
