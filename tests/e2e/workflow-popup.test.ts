import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EXTENSION_ID, launchInspector, scanStateOf, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';
import { CORPUS } from '../paths';

/**
 * The inspector's day in the popup, in Chromium with the extension: a session with the site, findings of a
 * real corpus page, two confirmed and one dismissed, a manual finding through the page's element picker,
 * evidence captured and stamped, a rescan without duplicates, and a browser restart with the same profile.
 */

const SHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');
const DOCS = resolve(import.meta.dirname, '../../docs/screenshots');
const PAGE = 'gov-pages/mhxqwer__tqjsjz.gov.cn/index.html';

let browser: InspectorBrowser;
let server: StaticServer;
let profile: string;
let page: Page;
let popup: Page;

interface StoredFinding {
  id: string;
  key: string;
  rule: string;
  status: string;
  selector: string;
  label: string;
  note?: string;
  screenshotId?: string;
  manual: boolean;
}
interface Dump {
  sessions: { id: string; name: string; sites: { url: string }[] }[];
  findings: StoredFinding[];
  evidence: { id: string; findingIds: string[]; width: number; height: number; mime: string; pageUrl: string }[];
}

/** What the extension's IndexedDB holds, read from an extension page (same origin as the background). */
function dump(from: Page): Promise<Dump> {
  return from.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open('gov-site-inspector');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const all = (name: string) =>
      new Promise<any[]>((ok, fail) => {
        const req = db.transaction(name).objectStore(name).getAll();
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
    const [sessions, findings, evidence] = [await all('sessions'), await all('findings'), await all('evidence')];
    db.close();
    return {
      sessions: sessions.map((s) => ({ id: s.id, name: s.name, sites: s.sites })),
      findings: findings.map((f) => ({ id: f.id, key: f.key, rule: f.rule, status: f.status, selector: f.selector, label: f.label, note: f.note, screenshotId: f.screenshotId, manual: f.detail?.manual === true })),
      evidence: evidence.map((e) => ({ id: e.id, findingIds: e.findingIds, width: e.width, height: e.height, mime: e.mime, pageUrl: e.pageUrl })),
    };
  });
}

async function tabIdOf(target: Page): Promise<number> {
  return browser.worker.evaluate(async (url: string) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.url === url);
    if (tab?.id === undefined) throw new Error(`no tab for ${url}`);
    return tab.id;
  }, target.url());
}

async function openPopup(): Promise<Page> {
  // The popup page keeps the window's size: captureVisibleTab takes the window as it is, and a narrow window
  // would capture the corpus page narrow too. Screenshots are of the popup's <main>.
  const p = await browser.context.newPage();
  await p.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tabId=${await tabIdOf(page)}`);
  await p.getByText('完成', { exact: true }).waitFor({ timeout: 90_000 });
  return p;
}

async function openPage(): Promise<Page> {
  const p = await browser.context.newPage();
  await p.goto(server.url('corpus', PAGE));
  await waitForScan(browser, p, 120_000);
  return p;
}

/** Open every rule group of the list. */
async function expandAll(p: Page): Promise<void> {
  const closed = p.locator('.gsi-rule-head[aria-expanded="false"]');
  while ((await closed.count()) > 0) await closed.first().click();
}

/** The popup as the toolbar shows it: its <main>, 420 px wide. */
async function shoot(p: Page, name: string): Promise<void> {
  await p.locator('main.gsi-popup').screenshot({ path: resolve(SHOTS, name) });
}

const row = (p: Page, key: string) => p.locator(`.gsi-item[data-key="${key}"]`);

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  await mkdir(DOCS, { recursive: true });
  profile = await mkdtemp(join(tmpdir(), 'gsi-workflow-'));
  server = await serveFolders({ corpus: CORPUS });
  browser = await launchInspector({ userDataDir: profile });
  page = await openPage();
  popup = await openPopup();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (profile) await rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe('the inspector workflow in the popup', () => {
  const picked: { confirmed: string[]; dismissed: string; manual?: string } = { confirmed: [], dismissed: '' };

  test('no session yet: the popup offers one for this quarter with the current site, and records the page into it', async () => {
    const form = popup.locator('form.gsi-new-session');
    await form.waitFor();
    expect(await form.getByLabel('季度').inputValue()).toMatch(/^\d{4}Q[1-4]$/);
    expect(await form.getByRole('checkbox').isChecked()).toBe(true);
    await form.getByLabel('任务名称').fill('石家庄市政府网站季度检查');
    await form.getByLabel('检查员').fill('张三');
    await shoot(popup, 'popup-new-session.png');
    await form.getByRole('button', { name: '创建检查任务' }).click();
    await popup.locator('.gsi-session select').waitFor();
    expect(await popup.locator('.gsi-session select option:checked').textContent()).toContain('石家庄市政府网站季度检查');
    await popup.locator('.gsi-list').waitFor();
    const stored = await dump(popup);
    expect(stored.sessions).toHaveLength(1);
    expect(stored.sessions[0].sites.map((s) => new URL(s.url).hostname)).toEqual(['127.0.0.1']);
    expect(stored.findings.length).toBeGreaterThanOrEqual(3);
    expect(new Set(stored.findings.map((f) => f.status))).toEqual(new Set(['open']));
    // Grouped by rule with counts, each row's status visible.
    await expandAll(popup);
    expect(await popup.locator('.gsi-item').count()).toBe(stored.findings.length);
    expect(await popup.locator('.gsi-item .gsi-status').first().textContent()).toBe('待确认');
  });

  test('confirm two with the keyboard and the detail buttons, dismiss one', async () => {
    // Three findings on elements a visitor sees (the 无障碍 switch in the top bar and the two share links): the
    // evidence test outlines the first, and an element inside a closed drawer or a frame has no outline to find.
    // (The font-size links 大 / 中 / 小 used before run a page script: no empty links since issue 12.)
    const stored = (await dump(popup)).findings.filter((f) => f.rule === 'link-empty');
    const [a, b, c] = ['无障碍', '分享到微信', '分享到微博'].map((label) => stored.find((f) => f.label === label)!);
    expect([a, b, c].every(Boolean)).toBe(true);
    // Keyboard: focus the first row, Enter opens it (and shows the element on the page), confirm from its detail.
    const first = row(popup, a.key).locator('.gsi-item-main');
    await first.focus();
    await popup.keyboard.press('Enter');
    expect(await first.getAttribute('aria-expanded')).toBe('true');
    await row(popup, a.key).getByRole('button', { name: '确认', exact: true }).click();
    await expect.poll(async () => row(popup, a.key).getAttribute('data-status')).toBe('confirmed');
    // Arrow keys move between rows; Space selects, the bulk bar confirms the selection.
    await first.focus();
    const order = await popup.locator('[data-nav]').evaluateAll((els) => els.map((e) => (e as HTMLElement).closest('.gsi-item')?.getAttribute('data-key') ?? 'head'));
    const target = order.indexOf(b.key) - order.indexOf(a.key);
    for (let i = 0; i < Math.abs(target); i++) await popup.keyboard.press(target > 0 ? 'ArrowDown' : 'ArrowUp');
    expect(await popup.evaluate(() => document.activeElement?.closest('.gsi-item')?.getAttribute('data-key'))).toBe(b.key);
    await popup.keyboard.press(' ');
    await popup.locator('.gsi-bulk').getByText('已选 1 项').waitFor();
    await popup.locator('.gsi-bulk').getByRole('button', { name: '确认', exact: true }).click();
    await expect.poll(async () => row(popup, b.key).getAttribute('data-status')).toBe('confirmed');
    // Dismiss the third with a note.
    await row(popup, c.key).locator('.gsi-item-main').click();
    await row(popup, c.key).getByRole('button', { name: '排除', exact: true }).click();
    await expect.poll(async () => row(popup, c.key).getAttribute('data-status')).toBe('dismissed');
    await row(popup, c.key).getByRole('button', { name: '备注', exact: true }).click();
    await row(popup, c.key).getByLabel('备注内容').fill('页面脚本处理该链接，非问题');
    await row(popup, c.key).getByRole('button', { name: '保存备注', exact: true }).click();
    await row(popup, c.key).getByText('页面脚本处理该链接，非问题').waitFor();

    const after = new Map((await dump(popup)).findings.map((f) => [f.key, f]));
    expect(after.get(a.key)!.status).toBe('confirmed');
    expect(after.get(b.key)!.status).toBe('confirmed');
    expect(after.get(c.key)!.status).toBe('dismissed');
    expect(after.get(c.key)!.note).toBe('页面脚本处理该链接，非问题');
    picked.confirmed = [a.key, b.key];
    picked.dismissed = c.key;
  });

  test('a manual finding on an element picked on the page: the draft survives the popup closing', async () => {
    await popup.getByRole('button', { name: '添加问题' }).click();
    const form = popup.locator('form.gsi-manual');
    await form.getByLabel('问题对象').fill('');
    await form.getByLabel('说明').fill('页面标题使用了错误的机构名称');
    await form.getByRole('button', { name: '在页面上选择元素' }).click();
    await form.getByText('请在页面上点击要记录的元素（Esc 取消）').waitFor();
    // The real popup closes when the page is clicked: close it here too; the draft is in storage.session.
    await popup.close();

    await page.bringToFront();
    const spot = await page.evaluate(() => {
      for (const el of document.querySelectorAll<HTMLElement>('body *')) {
        const r = el.getBoundingClientRect();
        if (el.children.length === 0 && (el.textContent ?? '').trim().length >= 4 && r.width > 40 && r.height > 10 && r.top > 0 && r.bottom < innerHeight) {
          return { x: r.left + r.width / 2, y: r.top + r.height / 2, text: el.textContent!.trim() };
        }
      }
      return null;
    });
    expect(spot).not.toBeNull();
    const urlBefore = page.url();
    await page.mouse.move(spot!.x, spot!.y);
    await page.mouse.click(spot!.x, spot!.y);
    // The picking click never reaches the page.
    expect(page.url()).toBe(urlBefore);

    popup = await openPopup();
    const reopened = popup.locator('form.gsi-manual');
    await reopened.locator('.gsi-picked').waitFor();
    const selector = await reopened.locator('.gsi-picked code').textContent();
    expect(await page.evaluate(([sel, x, y]) => document.querySelector(sel as string) === document.elementFromPoint(x as number, y as number), [selector, spot!.x, spot!.y])).toBe(true);
    expect(await reopened.getByLabel('说明').inputValue()).toBe('页面标题使用了错误的机构名称');
    await reopened.getByLabel('指标').selectOption({ label: '文字表述不规范' });
    await reopened.getByLabel('类别（可选，如“其他”）').fill('其他');
    await shoot(popup, 'popup-manual.png');
    await reopened.getByRole('button', { name: '保存问题' }).click();
    await popup.getByText(/^已添加问题：/).waitFor();

    const manual = (await dump(popup)).findings.filter((f) => f.manual);
    expect(manual).toHaveLength(1);
    expect(manual[0]).toMatchObject({ rule: 'wording-error', status: 'confirmed', selector });
    picked.manual = manual[0].key;
    await expandAll(popup);
    expect(await row(popup, manual[0].key).getByText('人工', { exact: true }).count()).toBe(1);
  });

  test('evidence: the element outlined, the visible tab captured, address and time stamped under it', async () => {
    const key = picked.confirmed[0];
    await expandAll(popup);
    const item = row(popup, key);
    if ((await item.locator('.gsi-item-main').getAttribute('aria-expanded')) !== 'true') await item.locator('.gsi-item-main').click();
    await item.getByRole('button', { name: '截图取证', exact: true }).click();
    await popup.getByText('已保存取证截图').waitFor({ timeout: 30_000 });
    await item.locator('img.gsi-thumb').waitFor();

    const stored = await dump(popup);
    const finding = stored.findings.find((f) => f.key === key)!;
    expect(finding.screenshotId).toBeTruthy();
    const evidence = stored.evidence.find((e) => e.id === finding.screenshotId)!;
    const viewport = await page.evaluate(() => ({ w: innerWidth, h: innerHeight }));
    expect(evidence).toMatchObject({ findingIds: [finding.id], mime: 'image/png', width: viewport.w, pageUrl: page.url() });
    expect(evidence.height).toBeGreaterThan(viewport.h);

    // The overlay is back after the capture; the capture shows the page without it.
    await expect.poll(async () => (await popup.getByRole('switch', { name: '在页面上标注' }).isChecked())).toBe(true);
    // The page as it is now (scrolled to the element, the outline gone, the overlay switched off as during the
    // capture), to compare with the capture.
    await popup.getByRole('switch', { name: '在页面上标注' }).click();
    await expect.poll(async () => (await scanStateOf(browser, page))?.overlayVisible).toBe(false);
    const shot = (await page.screenshot()).toString('base64');
    await popup.getByRole('switch', { name: '在页面上标注' }).click();
    await popup.bringToFront();
    const check = await popup.evaluate(
      async ([id, pageShot]) => {
        const db = await new Promise<IDBDatabase>((ok, fail) => {
          const req = indexedDB.open('gov-site-inspector');
          req.onsuccess = () => ok(req.result);
          req.onerror = () => fail(req.error);
        });
        const record = await new Promise<any>((ok) => {
          const req = db.transaction('evidence').objectStore('evidence').get(id);
          req.onsuccess = () => ok(req.result);
        });
        db.close();
        const image = await createImageBitmap(new Blob([record.data], { type: record.mime }));
        const page = await createImageBitmap(await (await fetch(`data:image/png;base64,${pageShot}`)).blob());
        const pixels = (bitmap: ImageBitmap) => {
          const c = new OffscreenCanvas(bitmap.width, bitmap.height);
          const ctx = c.getContext('2d')!;
          ctx.drawImage(bitmap, 0, 0);
          return ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
        };
        const a = pixels(image);
        const b = pixels(page);
        // The page part: cells of 40×40 px compared by mean colour.
        let cells = 0;
        let close = 0;
        for (let y = 0; y + 40 <= page.height; y += 40) {
          for (let x = 0; x + 40 <= page.width; x += 40) {
            let da = 0;
            for (let yy = y; yy < y + 40; yy += 4) {
              for (let xx = x; xx < x + 40; xx += 4) {
                const ia = (yy * image.width + xx) * 4;
                const ib = (yy * page.width + xx) * 4;
                da += Math.abs(a[ia] - b[ib]) + Math.abs(a[ia + 1] - b[ib + 1]) + Math.abs(a[ia + 2] - b[ib + 2]);
              }
            }
            cells++;
            if (da / 100 / 3 < 12) close++;
          }
        }
        // The stamp band under the page: dark background with light text.
        let dark = 0;
        let light = 0;
        let total = 0;
        for (let y = page.height; y < image.height; y++) {
          for (let x = 0; x < image.width; x++) {
            const i = (y * image.width + x) * 4;
            total++;
            if (a[i] === 0x20 && a[i + 1] === 0x21 && a[i + 2] === 0x24) dark++;
            else if (a[i] > 200 && a[i + 1] > 200 && a[i + 2] > 200) light++;
          }
        }
        // The outline drawn around the element: its red is in the capture, not in the page now.
        let red = 0;
        for (let i = 0; i < page.width * page.height * 4; i += 4) if (a[i] === 0xff && a[i + 1] === 0x17 && a[i + 2] === 0x44) red++;
        const bytes = new Uint8Array(record.data);
        let binary = '';
        for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return { png: btoa(binary), pageHeight: page.height, height: image.height, similar: close / cells, dark: dark / total, light: light / total, red };
      },
      [finding.screenshotId!, shot] as [string, string],
    );
    await writeFile(resolve(SHOTS, 'evidence.png'), Buffer.from(check.png, 'base64'));
    expect(check.pageHeight).toBe(viewport.h);
    expect(check.similar).toBeGreaterThan(0.85);
    expect(check.dark).toBeGreaterThan(0.6);
    expect(check.light).toBeGreaterThan(0.005);
    expect(check.red).toBeGreaterThan(50);
    await shoot(popup, 'popup-evidence.png');
  });

  test('rescan: no duplicates, decisions, notes and evidence kept', async () => {
    const before = await dump(popup);
    await popup.getByRole('button', { name: '重新检查' }).click();
    await popup.getByRole('button', { name: '重新检查' }).waitFor({ timeout: 120_000 });
    await expect.poll(async () => (await dump(popup)).findings.length, { timeout: 30_000 }).toBe(before.findings.length);
    const after = await dump(popup);
    expect(new Set(after.findings.map((f) => f.key)).size).toBe(after.findings.length);
    const byKey = new Map(after.findings.map((f) => [f.key, f]));
    for (const f of before.findings) expect(byKey.get(f.key)).toMatchObject({ id: f.id, status: f.status, ...(f.note ? { note: f.note } : {}), ...(f.screenshotId ? { screenshotId: f.screenshotId } : {}) });
  });

  test('restart the browser with the same profile: everything is still there and shown', async () => {
    const before = await dump(popup);
    await browser.close();
    browser = await launchInspector({ userDataDir: profile });
    page = await openPage();
    popup = await openPopup();
    await popup.locator('.gsi-list').waitFor();
    const after = await dump(popup);
    expect(after.sessions).toEqual(before.sessions);
    expect(after.evidence).toEqual(before.evidence);
    expect(new Map(after.findings.map((f) => [f.id, f.status]))).toEqual(new Map(before.findings.map((f) => [f.id, f.status])));
    await expandAll(popup);
    for (const key of picked.confirmed) expect(await row(popup, key).getAttribute('data-status')).toBe('confirmed');
    expect(await row(popup, picked.dismissed).getAttribute('data-status')).toBe('dismissed');
    expect(await row(popup, picked.manual!).count()).toBe(1);
    expect(await row(popup, picked.confirmed[0]).locator('img.gsi-thumb').count()).toBe(1);
    expect(await popup.locator('.gsi-storage').textContent()).toMatch(/^本机存储已用 \d/);
    await row(popup, picked.confirmed[0]).locator('.gsi-item-main').click();
    await popup.locator('img.gsi-thumb-large').waitFor();
    await shoot(popup, 'popup-workflow.png');
    await popup.locator('main.gsi-popup').screenshot({ path: resolve(DOCS, 'popup.png') });

    // An emblem the rule could not decide: the page's image beside the pack's current reference (none in the
    // default pack: said so).
    const emblem = popup.locator('.gsi-rule[data-rule="emblem-outdated"] .gsi-item').first();
    if ((await emblem.count()) > 0) {
      await emblem.locator('.gsi-item-main').click();
      const figure = emblem.locator('.gsi-emblem-compare');
      await figure.getByRole('img', { name: '页面图片' }).waitFor();
      expect(await figure.getByRole('img', { name: '页面图片' }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      expect(await figure.textContent()).toContain('规则包中没有现行国徽参考图');
      await shoot(popup, 'popup-emblem.png');
    }

    // English through the language switch.
    await popup.getByRole('combobox', { name: '界面语言' }).selectOption('en');
    await popup.getByText(/^Findings on this page \(\d+\)/).waitFor();
    expect(await row(popup, picked.confirmed[1]).locator('.gsi-status').textContent()).toBe('Confirmed');
    expect(await row(popup, picked.dismissed).locator('.gsi-status').textContent()).toBe('Dismissed');
    await shoot(popup, 'popup-workflow-en.png');
    await popup.getByRole('combobox', { name: 'Language' }).selectOption('zh_CN');
  });
});
