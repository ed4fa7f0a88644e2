import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { I18nProvider } from '@/components/i18n';
import { SessionsApp } from '@/components/sessions/SessionsApp';
import type { Language } from '@/lib/i18n';
import { findingsOfSession } from '@/lib/store/recording';
import { createSession, getSession } from '@/lib/store/sessions';
import { openStore, type InspectorStore } from '@/lib/store/db';

/** A failed import, told in the language the inspector chose: the sessions page against a real (fake-indexeddb) store. */

let n = 0;
let db: InspectorStore;

function show(lang: Language) {
  return render(
    <I18nProvider initial={lang}>
      <SessionsApp db={Promise.resolve(db)} />
    </I18nProvider>,
  );
}

const notice = async () => (await screen.findByTestId('notice')).querySelector('p')!.textContent;

function pick(testId: string, file: File) {
  const input = screen.getByTestId(testId) as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

// The first bytes of a PNG, as a picked file holds them.
const PNG_HEAD = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

beforeEach(async () => {
  fakeBrowser.reset();
  db = await openStore(`gsi-import-language-${++n}`);
});
afterEach(() => {
  cleanup();
  db.close();
});

test('in English: a PNG picked as JSON and a site list with a bad row are explained in English, nothing changes', async () => {
  const session = await createSession(db, { name: 'Q2', quarter: '2025Q2', inspector: '', sites: [{ name: 'Old', url: 'https://old.gov.cn/' }] });
  show('en');
  await screen.findByRole('button', { name: 'Import JSON into this session' });
  pick('import-json', new File([PNG_HEAD], 'shot.json', { type: 'application/json' }));
  await waitFor(async () => expect(await notice()).toBe('shot.json was not imported; nothing changed. Error at (whole file): this is a PNG image, not JSON text; only a .json file exported as “JSON (re-importable)” can be imported'));
  expect(await findingsOfSession(db, session.id)).toEqual([]);

  pick('import-sites', new File(['name,url\nA,https://a.gov.cn\n\nB,ftp://b\n'], 'sites.csv', { type: 'text/csv' }));
  await waitFor(async () => expect(await notice()).toBe('The site list sites.csv was not imported; nothing changed. Row 4: url: the address must start with http:// or https://'));
  expect((await getSession(db, session.id))!.sites.map((s) => s.name)).toEqual(['Old']);
});

test('in Chinese: the same mistakes in Chinese', async () => {
  await createSession(db, { name: '二季度', quarter: '2025Q2', inspector: '' });
  show('zh_CN');
  await screen.findByRole('button', { name: '导入 JSON 到本任务' });
  pick('import-json', new File([PNG_HEAD], 'shot.json', { type: 'application/json' }));
  await waitFor(async () => expect(await notice()).toBe('文件“shot.json”未导入，未作任何修改。错误位置 (整个文件)：这是 PNG 图片，不是 JSON 文本；只能导入以“JSON（可重新导入）”导出的 .json 文件'));
});
