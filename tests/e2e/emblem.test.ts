import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchInspector, waitForScan, type InspectorBrowser } from '../../cli/browser';
import { serveFolders, type StaticServer } from '../../cli/static-server';
import type { EmblemWorkerApi } from '../../lib/emblem/background';
import { emblemReferenceFromFile } from '../../cli/emblem-files';
import type { Finding } from '../../lib/findings';
import type { EmblemReference } from '../../lib/rule-pack/pack';
import { CORPUS, FIXTURES } from '../paths';
import { writeTestPage } from './emblem-page';

let browser: InspectorBrowser;
let server: StaticServer;
let generated: string;

const emblemFindings = (findings: Finding[]) => findings.filter((f) => f.rule === 'emblem-outdated');
const summary = (findings: Finding[]) =>
  emblemFindings(findings)
    .map((f) => `${f.selector} ${f.severity} ${f.detail.source}${f.detail.inLogo ? ' logo' : ''}`)
    .sort();

async function scanPage(url: string): Promise<Finding[]> {
  const page = await browser.context.newPage();
  await page.goto(url);
  const state = await waitForScan(browser, page, 120_000);
  await page.close();
  expect(state.unscanned.filter((u) => u.where === 'emblem-outdated')).toEqual([]);
  return state.findings;
}

beforeAll(async () => {
  generated = await mkdtemp(join(tmpdir(), 'gsi-emblem-'));
  await writeTestPage(generated);
  server = await serveFolders({ corpus: CORPUS, fixtures: FIXTURES, gen: generated });
  browser = await launchInspector();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(generated, { recursive: true, force: true });
});

describe('with the shipped pack (no references)', () => {
  test('every emblem-like image is review "规则包中没有国徽参考图"; police icons, badges and seals are nothing', async () => {
    const findings = await scanPage(server.url('gen', 'page.html'));
    expect(summary(findings)).toEqual(
      [
        '#banner review img logo',
        '#css-current review background',
        '#css-outdated review background',
        '#emblem-current review svg',
        '#emblem-fluid review svg',
        '#emblem-outdated review svg',
        '#fcgs review img',
        '#img-current review img',
        '#img-outdated review img',
        '#img-outdated-jpg review img',
        '#logo-current review img logo',
        '#logo-outdated review img logo',
        '#srcset review img',
        '#svg-file review img',
        '#xo-img review img',
      ].sort(),
    );
    for (const f of emblemFindings(findings)) expect(f.message).toContain('规则包中没有国徽参考图');
    const byId = new Map(emblemFindings(findings).map((f) => [f.selector, f]));
    // The browser chose the 1x candidate: that is the image judged.
    expect(byId.get('#srcset')!.href).toBe(server.url('fixtures', 'emblem/current-24.png'));
    expect(byId.get('#xo-img')!.href).toMatch(/^http:\/\/localhost:\d+\/fixtures\/emblem\/outdated-71\.png$/);
    expect(byId.get('#emblem-outdated')!.href).toBeUndefined();
    // The banner is decoded at full size: the region is in its natural pixels (drawn at x=380, 112 wide).
    const [x, , w] = String(byId.get('#banner')!.detail.region).split(',').map(Number);
    expect(x).toBeGreaterThanOrEqual(376);
    expect(x).toBeLessThanOrEqual(388);
    expect(w).toBeGreaterThanOrEqual(100);
    expect(w).toBeLessThanOrEqual(116);
  });

  test('fcgs.gov.cn: the emblem as a CSS background (static/images/guohui.png) and as <img> (gh.png)', async () => {
    const findings = emblemFindings(await scanPage(server.url('corpus', 'gov-pages/mhxqwer__lfyfcgs.gov.cn/index.html')));
    const hrefs = [...new Set(findings.map((f) => f.href?.replace(server.origin, '')))].sort();
    expect(hrefs).toEqual(['/corpus/gov-pages/mhxqwer__lfyfcgs.gov.cn/static/images/guohui.png', '/corpus/gov-pages/mhxqwer__lfyfcgs.gov.cn/static/picture/gh.png']);
    expect(new Set(findings.map((f) => `${f.detail.source} ${f.severity}`))).toEqual(new Set(['background review', 'img review']));
    const background = findings.filter((f) => f.detail.source === 'background');
    expect(background.every((f) => f.snippet.startsWith('<a'))).toBe(true);
  });

  test('jchgz (gz.gov.cn): the emblem inside the site logos; the police icon and the badge are nothing', async () => {
    const findings = emblemFindings(await scanPage(server.url('corpus', 'gov-pages/mhxqwer__jchgz.gov.cn/index.html')));
    // logo.png twice (header and a second copy), wap_logo_2022.png (the mobile header, hidden on desktop).
    expect(findings.map((f) => [f.href?.replace(server.origin, ''), f.severity, f.label])).toEqual([
      ['/corpus/gov-pages/mhxqwer__jchgz.gov.cn/static/picture/logo.png', 'review', '标志中的国徽（logo.png）'],
      ['/corpus/gov-pages/mhxqwer__jchgz.gov.cn/static/picture/logo.png', 'review', '标志中的国徽（logo.png）'],
      ['/corpus/gov-pages/mhxqwer__jchgz.gov.cn/static/picture/wap_logo_2022.png', 'review', '标志中的国徽（wap_logo_2022.png）'],
    ]);
    expect(new Set(findings.map((f) => f.selector)).size).toBe(3);
  });

  test('lfygxzf (gxzf.gov.cn): its logo.png was not saved with the page (404), so there is nothing to judge', async () => {
    expect(emblemFindings(await scanPage(server.url('corpus', 'gov-pages/mhxqwer__lfygxzf.gov.cn/index.html')))).toEqual([]);
  });
});

describe('with references added as the context menu adds them', () => {
  test('the stored pack gets both references with previews', async () => {
    const added = await browser.worker.evaluate(
      async ([current, outdated]) => {
        const api = (globalThis as unknown as Record<string, EmblemWorkerApi>).gsiEmblem;
        return [await api.addReference(current, 'current', '现行国徽（测试）'), await api.addReference(outdated, 'outdated', '旧版国徽（测试）')];
      },
      [server.url('fixtures', 'emblem/current.png'), server.url('fixtures', 'emblem/outdated.png')] as const,
    );
    expect(added.map((r: EmblemReference) => [r.label, r.name])).toEqual([
      ['current', '现行国徽（测试）'],
      ['outdated', '旧版国徽（测试）'],
    ]);
    for (const r of added) expect(r.preview).toMatch(/^data:image\/png;base64,/);
    const stored = await browser.worker.evaluate(async () => (await chrome.storage.local.get('rulePack')).rulePack as { pack: { emblem: { references: EmblemReference[] } } });
    expect(stored.pack.emblem.references.map((r) => r.id)).toEqual(added.map((r: EmblemReference) => r.id));
  });

  test('outdated → deduct, current → nothing, another emblem → review, look-alikes → nothing', async () => {
    const findings = await scanPage(server.url('gen', 'page.html'));
    expect(summary(findings)).toEqual(
      [
        '#css-outdated deduct background',
        '#emblem-fluid deduct svg',
        '#emblem-outdated deduct svg',
        '#fcgs review img',
        '#img-outdated deduct img',
        '#img-outdated-jpg deduct img',
        '#logo-outdated deduct img logo',
        '#svg-file deduct img',
        '#xo-img deduct img',
      ].sort(),
    );
    const fcgs = emblemFindings(findings).find((f) => f.selector === '#fcgs')!;
    expect(fcgs.detail.verdict).toBe('unmatched');
    expect(fcgs.message).toContain('现行国徽（测试）');
    expect(String(fcgs.detail.currentReferenceId)).toMatch(/^emblem-current-/);
    const old = emblemFindings(findings).find((f) => f.selector === '#img-outdated')!;
    expect(old.message).toContain('旧版国徽参考图“旧版国徽（测试）”');
  });

  test('the CLI makes the same reference from a local file (--emblem outdated=<file>)', async () => {
    const fromFile = await emblemReferenceFromFile(browser, `outdated=${join(FIXTURES, 'emblem', 'outdated.png')}`);
    const stored = await browser.worker.evaluate(async () => (await chrome.storage.local.get('rulePack')).rulePack as { pack: { emblem: { references: EmblemReference[] } } });
    const viaUrl = stored.pack.emblem.references.find((r) => r.label === 'outdated')!;
    expect(fromFile).toMatchObject({ label: 'outdated', name: '旧版国徽（outdated.png）', id: viaUrl.id, fingerprint: viaUrl.fingerprint });
    await expect(emblemReferenceFromFile(browser, `current=${join(FIXTURES, 'emblem', 'missing.png')}`)).rejects.toThrow('找不到图片文件');
    await expect(emblemReferenceFromFile(browser, `current=${join(FIXTURES, 'emblem', 'make.ts')}`)).rejects.toThrow('不支持的图片格式');
  });
});
