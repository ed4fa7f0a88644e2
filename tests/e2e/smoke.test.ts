import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchInspector, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';
import { CORPUS } from '../paths';

let browser: InspectorBrowser;
let server: StaticServer;

beforeAll(async () => {
  server = await serveFolders({ corpus: CORPUS });
  browser = await launchInspector();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('the extension loads and settles a scan on a real government page', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url('corpus', 'gov-pages/mhxqwer__jchgz.gov.cn/index.html'));
  const state = await waitForScan(browser, page);
  expect(state.url).toContain('jchgz');
  expect(state.linksTotal).toBeGreaterThan(10);
  await page.close();
});
