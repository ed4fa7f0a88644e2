import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchInspector, type InspectorBrowser } from '../../cli/browser';
import { buildExport } from '../../lib/export/files';
import { recordSession } from '../record-session';

/**
 * The printed report of a session with 5 confirmed and 300 unreviewed findings, as the sessions page exports
 * it (buildExport) and an inspector prints it from the browser: the body holds the 5, the appendix says 300
 * unreviewed, the summary's total is the body's.
 */
const OUT = resolve(import.meta.dirname, '../../test-results/report-record');
let browser: InspectorBrowser;

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  browser = await launchInspector();
});
afterAll(async () => browser?.close());

test('the printed report holds the 5 confirmed in its body and says 300 unreviewed in the appendix', async () => {
  const { session, findings } = recordSession();
  const file = await buildExport('html', { session, findings, now: new Date('2025-06-30T04:00:00Z') });
  const htmlPath = resolve(OUT, 'report.html');
  await writeFile(htmlPath, await file.blob.text());
  const page = await browser.context.newPage();
  await page.goto(pathToFileURL(htmlPath).href);
  expect(await page.locator('article.finding').count()).toBe(5);
  const pdfPath = resolve(OUT, 'report.pdf');
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
  await page.close();

  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  const pages = text.split('\f').filter((p) => p.trim());
  // 305 findings listed in full ran to 100 pages; the record of 5 plus a counted appendix fits in a few.
  expect(pages.length).toBeLessThanOrEqual(5);
  expect(text).not.toContain('未确认链接');
  expect(text).toContain('共 5 条');
  expect(text).toMatch(/共 300 条待确认/);
  expect(text).toContain('附录');
  // Numbered body items 1..5 and no sixth.
  expect(text).toMatch(/5\. /);
  expect(text).not.toMatch(/\b6\. (错链|空链|备案|文字)/);
  // Named sites, not bare hosts: the session's name and the page's own title.
  expect(text).toContain('青禾县人民政府（www.qinghe.gov.cn）');
  expect(text).toContain('双桥区人民政府（www.shuangqiao.gov.cn）');
  execFileSync('pdftoppm', ['-png', '-r', '60', pdfPath, resolve(OUT, 'page')]);
});
