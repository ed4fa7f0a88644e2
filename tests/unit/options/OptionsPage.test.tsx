import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { I18nProvider } from '@/components/i18n';
import { OptionsApp } from '@/components/options/OptionsApp';
import { saveRulePack } from '@/lib/rule-pack/store';
import { RulePack } from '@/lib/rule-pack/pack';
import { LANGUAGE_KEY } from '@/lib/i18n';

const defaultPack = RulePack.parse(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../public/rule-pack.default.json'), 'utf8')));

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

const show = () =>
  render(
    <I18nProvider>
      <OptionsApp />
    </I18nProvider>,
  );

const explained = async (what: string) => (await screen.findByTestId('pack-explain')).querySelector(`[data-explain="${what}"]`)!.textContent;

describe('the options page says what empty references and registry mean', () => {
  test('no emblem reference: why every emblem is 需人工判断, and how to add one from the right-click menu', async () => {
    show();
    expect(await explained('emblem')).toBe('国徽参考图为 0：没有参考图可比对，页面上的每个国徽都只能标为“需人工判断”，无法判断是否为旧版。');
    expect(await explained('emblem-how')).toContain('在任一网页的国徽图片上点右键，选“设为现行国徽参考图”或“设为旧版国徽参考图”');
  });

  test('no registered site: why sites appear as hosts', async () => {
    show();
    expect(await explained('sites')).toMatch(/^网站登记为 0：站点只能按主机名显示/);
  });

  test('a pack with references and sites says how many, in English too', async () => {
    await fakeBrowser.storage.local.set({ [LANGUAGE_KEY]: 'en' });
    const pack = {
      ...defaultPack,
      sites: [{ name: '示例市人民政府', domains: ['www.example.gov.cn'] }],
      emblem: { ...defaultPack.emblem, references: [
          { id: 'a', label: 'current', name: '现行国徽', fingerprint: { hash: '0'.repeat(16), colors: [] } },
          { id: 'b', label: 'outdated', name: '旧版国徽', fingerprint: { hash: 'f'.repeat(16), colors: [] } },
        ],
      },
    } satisfies RulePack;
    await saveRulePack(pack, 'imported', 'team.json');
    show();
    await waitFor(async () => expect(await explained('emblem')).toMatch(/^2 emblem reference/));
    expect(await explained('sites')).toBe('1 registered site(s): these are shown by their official names.');
  });
});

describe('check date', () => {
  test('set, shown, stored where the content script reads it; cleared back to today', async () => {
    show();
    const current = await screen.findByTestId('check-date-current');
    expect(current.textContent).toBe('当前按当天日期检查');
    fireEvent.input(screen.getByLabelText('按此日期检查'), { target: { value: '2025-06-30' } });
    fireEvent.click(screen.getByRole('button', { name: '保存检查日期' }));
    await waitFor(async () => expect((await fakeBrowser.storage.local.get('checkDate')).checkDate).toBe('2025-06-30'));
    expect((await screen.findByTestId('check-date-current')).textContent).toBe('当前按 2025-06-30 检查，对此后打开或刷新的页面生效');
    fireEvent.click(screen.getByRole('button', { name: '改用当天日期' }));
    await waitFor(async () => expect(await fakeBrowser.storage.local.get('checkDate')).toEqual({}));
    expect((await screen.findByTestId('check-date-current')).textContent).toBe('当前按当天日期检查');
  });

  test('a date set by the CLI (--now) is shown; a bad date is refused in words', async () => {
    await fakeBrowser.storage.local.set({ checkDate: '2025-03-31' });
    show();
    await waitFor(() => expect(screen.getByTestId('check-date-current').textContent).toContain('2025-03-31'));
    fireEvent.input(screen.getByLabelText('按此日期检查'), { target: { value: '2025-13-45' } });
    fireEvent.click(screen.getByRole('button', { name: '保存检查日期' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请填写有效日期（年-月-日）');
    expect((await fakeBrowser.storage.local.get('checkDate')).checkDate).toBe('2025-03-31');
  });
});
