import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';
import { collectPageFacts } from '../../lib/sweep/collect';
import { derivePageFacts } from '../../lib/sweep/facts';
import { FIXTURES } from '../paths';

/**
 * What a sweep reads from a page, in real Chromium (happy-dom loads no frames): a frameset site and a column
 * built from an iframe list their pages inside the frames, and the sweep must follow those too.
 */
describe('sweep page facts in Chromium', () => {
  let server: StaticServer;
  let chrome: Browser;
  beforeAll(async () => {
    server = await serveFolders({ fixtures: FIXTURES });
    chrome = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  test('a frameset home page with an iframe column: links, text and footer come from the frames; a cross-origin frame\'s address is followed', async () => {
    const page = await chrome.newPage();
    await page.goto(server.url('fixtures', 'sweep-frames/index.html'));
    await page.waitForFunction(() => {
      const main = (window.frames as unknown as Record<string, Window>)['main'];
      return !!main?.document.querySelector('iframe')?.contentDocument?.querySelector('a[href*="zcwj"]');
    });
    // A frame from another origin (localhost is another host than 127.0.0.1): not readable, its address is followed.
    const foreign = server.url('fixtures', 'sweep-frames/column.html').replace('127.0.0.1', 'localhost');
    await page.evaluate((src) => {
      const main = (window.frames as unknown as Record<string, Window>)['main'];
      const frame = main.document.createElement('iframe');
      frame.src = src;
      frame.title = '信息公开平台';
      main.document.body.append(frame);
    }, foreign);
    await page.waitForFunction(() => {
      const frames = (window.frames as unknown as Record<string, Window>)['main'].document.querySelectorAll('iframe');
      return frames[frames.length - 1].contentDocument === null;
    });
    const raw = await page.evaluate(collectPageFacts, 10_000);
    expect(raw.links.find((l) => l.href === foreign)).toEqual({ href: foreign, text: '', title: '信息公开平台', nav: true });
    expect(raw.links.filter((l) => l.href !== foreign).map((l) => [new URL(l.href).pathname, l.nav])).toEqual([
      ['/xxgk/', true],
      ['/zwdt/', true],
      ['/tzgg/', true],
      ['/tzgg/2025/0618.html', false],
      ['/zcwj/2025/0620.html', false],
    ]);
    expect(raw.footerText).toContain('网站标识码：3701000005');
    const facts = derivePageFacts(raw, { home: raw.url, now: new Date('2025-06-30T12:00:00'), reposts: [] });
    expect(facts.filing).toEqual({ siteCode: '3701000005', icp: '鲁ICP备05000005号' });
    expect(facts.newestDate).toBe('2025-06-20');
    expect(facts.links.map((l) => new URL(l.url).pathname)).toEqual(['/xxgk/', '/zwdt/', '/tzgg/', '/tzgg/2025/0618.html', '/zcwj/2025/0620.html']);
    await page.close();
  });
});
