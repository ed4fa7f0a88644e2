import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchInspector, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';

/**
 * Most government sites are still plain http. Chromium counts 127.0.0.1 as a secure origin, so every other
 * e2e page runs in a secure context; a host name mapped to 127.0.0.1 is served as a real http site is, and
 * the content script there runs in an insecure context (no crypto.randomUUID, for one).
 */
const HOST = 'www.qinghe.gov.test';
let browser: InspectorBrowser;
let server: StaticServer;

beforeAll(async () => {
  server = await serveFolders({ demo: join(import.meta.dirname, '..', '..', 'demo') });
  browser = await launchInspector({ args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`] });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('on a plain-http site (an insecure context) every rule finds what it finds on a secure origin', async () => {
  const secureUrl = server.url('demo', 'index.html');
  const page = await browser.context.newPage();
  await page.goto(secureUrl);
  const secure = await waitForScan(browser, page);

  const insecureUrl = secureUrl.replace('127.0.0.1', HOST);
  await page.goto(insecureUrl);
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
  const insecure = await waitForScan(browser, page);
  expect(insecure.url).toContain(HOST);
  expect(insecure.unscanned.filter((u) => u.kind === 'rule-error')).toEqual([]);
  expect(Object.keys(insecure.counts).length).toBeGreaterThan(5);
  expect(insecure.counts).toEqual(secure.counts);
  await page.close();
});
