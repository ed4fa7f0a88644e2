import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { analyseImage, toImageFacts } from '@/lib/emblem/classify';
import type { ImageFacts } from '@/lib/emblem/types';
import type { Finding } from '@/lib/findings';
import { DEFAULT_RULE_PACK, type EmblemReference, type RulePack } from '@/lib/rule-pack/pack';
import { emblemOutdated } from '@/lib/rules/emblem-outdated';
import type { ScanContext } from '@/lib/page/context';
import { scan } from '@/lib/engine/scan';
import { collectRoots } from '@/lib/page/roots';
import { CORPUS, FIXTURES } from '../../paths';
import { HAS_CORPUS, corpusPath } from '../../corpus';
import { decodeImage } from '../emblem/decode';

const ORIGIN = 'https://www.example.gov.cn';
/** Page-relative image paths and the files they stand for (decoded here as the background would). */
const FILES: Record<string, string> = {
  'img/current-85.png': join(FIXTURES, 'emblem/current-85.png'),
  'img/outdated-71.png': join(FIXTURES, 'emblem/outdated-71.png'),
  'img/logo-current.png': join(FIXTURES, 'emblem/logo-current.png'),
  'img/logo-outdated.png': join(FIXTURES, 'emblem/logo-outdated.png'),
  'img/fcgs-guohui.png': join(CORPUS, 'emblem/national-emblem/mhxqwer_lfyfcgs__static_images_guohui.png'),
  'img/tiny-guohui.png': join(CORPUS, 'emblem/national-emblem/DISMALS_shangwuting__images_guohui.png'),
  // Named guohui.png on real sites, but the police-filing icon.
  'img/guohui.png': join(CORPUS, 'emblem/police-filing-icons/mhxqwer_jchgz.gov.cn__beian.png'),
  'img/red.png': join(CORPUS, 'emblem/conac-badges/mhxqwer_jchgz.gov.cn__red.png'),
  'img/beijinglogo.png': join(CORPUS, 'emblem/not-emblem/mhxqwer_gqsbjshy.gov.cn__beijinglogo.png'),
};

const facts = new Map<string, ImageFacts>();
const fromCorpus = (file: string) => file.startsWith(CORPUS);
for (const [rel, file] of Object.entries(FILES)) {
  if (!HAS_CORPUS && fromCorpus(file)) continue;
  const url = `${ORIGIN}/${rel}`;
  facts.set(url, toImageFacts(url, analyseImage(decodeImage(file))));
}
const fingerprintOf = (rel: string) => {
  if (!HAS_CORPUS && fromCorpus(FILES[rel])) corpusPath('emblem');
  const f = facts.get(`${ORIGIN}/${rel}`)!;
  return (f.emblem?.fingerprint ?? f.fingerprint)!;
};
const CURRENT: EmblemReference = { id: 'ref-current', label: 'current', name: '现行国徽（示例）', fingerprint: fingerprintOf('img/current-85.png') };
const OUTDATED: EmblemReference = { id: 'ref-outdated', label: 'outdated', name: '旧版国徽（示例）', fingerprint: fingerprintOf('img/outdated-71.png') };

function withReferences(references: EmblemReference[]): RulePack {
  return { ...DEFAULT_RULE_PACK, emblem: { ...DEFAULT_RULE_PACK.emblem, references } };
}

/** `images` null: the background has not answered yet. */
async function run(body: string, pack: RulePack, images: ReadonlyMap<string, ImageFacts> | null = facts): Promise<Finding[]> {
  // A page showing one of the corpus's real images: skipped (saying why) on a clone without the corpus.
  if (Object.entries(FILES).some(([rel, file]) => fromCorpus(file) && body.includes(rel))) corpusPath('emblem');
  document.body.innerHTML = body;
  const ctx: ScanContext = {
    doc: document,
    roots: collectRoots(document).roots,
    pageUrl: new URL(`${ORIGIN}/index.html`),
    site: 'www.example.gov.cn',
    now: new Date('2025-06-30'),
    pack,
    ...(images ? { images } : {}),
  };
  const result = await scan(ctx, [emblemOutdated], { yieldToPage: async () => undefined });
  expect(result.unscanned).toEqual([]);
  return result.findings;
}

beforeEach(() => {
  // happy-dom: relative URLs resolve against the page's address, as in a browser.
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(`${ORIGIN}/index.html`);
});

describe('with no references in the pack', () => {
  test('every emblem-like image is review "规则包中没有国徽参考图"; the look-alikes are nothing', async () => {
    const findings = await run(
      `<img id="a" src="img/fcgs-guohui.png"><img id="b" src="img/tiny-guohui.png"><img id="c" src="img/logo-current.png">
       <img id="police" src="img/guohui.png"><img id="conac" src="img/red.png"><img id="seal" src="img/beijinglogo.png">`,
      withReferences([]),
    );
    expect(findings.map((f) => [f.selector, f.severity, f.label, f.href])).toEqual([
      ['#a', 'review', '国徽（fcgs-guohui.png）', `${ORIGIN}/img/fcgs-guohui.png`],
      ['#b', 'review', '国徽（tiny-guohui.png）', `${ORIGIN}/img/tiny-guohui.png`],
      ['#c', 'review', '标志中的国徽（logo-current.png）', `${ORIGIN}/img/logo-current.png`],
    ]);
    for (const f of findings) {
      expect(f.message).toContain('规则包中没有国徽参考图');
      expect(f.detail.verdict).toBe('no-reference');
    }
    expect(findings[2].detail).toMatchObject({ source: 'img', inLogo: true, imageSize: '406×90' });
  });
});

describe('with a current and an outdated reference', () => {
  const pack = withReferences([CURRENT, OUTDATED]);

  test('current → nothing; outdated → deduct; another emblem → review against the current reference', async () => {
    const findings = await run(
      `<img id="cur" src="img/current-85.png"><img id="old" src="img/outdated-71.png">
       <img id="logo-cur" src="img/logo-current.png"><img id="logo-old" src="img/logo-outdated.png">
       <img id="other" src="img/fcgs-guohui.png"><img id="police" src="img/guohui.png"><img id="conac" src="img/red.png">`,
      pack,
    );
    expect(findings.map((f) => [f.selector, f.severity, f.detail.verdict])).toEqual([
      ['#old', 'deduct', 'outdated'],
      ['#logo-old', 'deduct', 'outdated'],
      ['#other', 'review', 'unmatched'],
    ]);
    const [old, logoOld, other] = findings;
    expect(old.rule).toBe('emblem-outdated');
    expect(old.href).toBe(`${ORIGIN}/img/outdated-71.png`);
    expect(old.message).toContain('旧版国徽参考图“旧版国徽（示例）”');
    expect(old.detail).toMatchObject({ referenceId: 'ref-outdated', referenceLabel: 'outdated', hashDistance: 0, colorDistance: 0, currentReferenceId: 'ref-current' });
    expect(logoOld.label).toBe('标志中的国徽（logo-outdated.png）');
    expect(logoOld.detail).toMatchObject({ inLogo: true, region: '3,4,79,83' });
    expect(other.message).toContain('与现行国徽参考图均不一致');
    expect(other.message).toContain('现行国徽（示例）');
    expect(other.detail.currentReferenceId).toBe('ref-current');
    expect(Number(other.detail.hashDistance)).toBeGreaterThan(10);
  });

  test('CSS backgrounds count, from style attributes and from style sheets', async () => {
    const findings = await run(
      `<style>.gh { background: #fff url(img/outdated-71.png) no-repeat; width: 71px; height: 76px }</style>
       <div id="sheet" class="gh"></div>
       <span id="inline" style="background-image: url('img/outdated-71.png')"></span>
       <div id="ok" style="background-image: linear-gradient(red, blue), url(img/current-85.png)"></div>
       <div id="badge" style="background: url(img/red.png)"></div>`,
      pack,
    );
    expect(findings.map((f) => [f.selector, f.severity, f.detail.source, f.href])).toEqual([
      ['#sheet', 'deduct', 'background', `${ORIGIN}/img/outdated-71.png`],
      ['#inline', 'deduct', 'background', `${ORIGIN}/img/outdated-71.png`],
    ]);
    expect(findings[0].message).toContain('CSS 背景图');
  });

  test('srcset: the largest candidate when the browser has not chosen one', async () => {
    const findings = await run(`<img id="s" srcset="img/current-85.png 1x, img/outdated-71.png 2x">`, pack);
    expect(findings.map((f) => f.href)).toEqual([`${ORIGIN}/img/outdated-71.png`]);
  });

  test('an image that is the same drawing as an outdated reference counts even if it does not look like an emblem', async () => {
    // A supervisor's reference decides: here, by mistake or on purpose, the police icon.
    const police: EmblemReference = { id: 'odd', label: 'outdated', name: '旧图', fingerprint: fingerprintOf('img/guohui.png') };
    const findings = await run(`<img id="p" src="img/guohui.png">`, withReferences([CURRENT, police]));
    expect(findings.map((f) => [f.selector, f.severity])).toEqual([['#p', 'deduct']]);
  });

  test('only outdated references: an unmatched emblem is review and says so', async () => {
    const findings = await run(`<img id="x" src="img/fcgs-guohui.png">`, withReferences([OUTDATED]));
    expect(findings).toHaveLength(1);
    expect(findings[0].severity).toBe('review');
    expect(findings[0].message).toContain('只有旧版参考图');
    expect(findings[0].detail.currentReferenceId).toBeNull();
  });
});

describe('what the rule cannot judge it leaves alone', () => {
  test('no image facts yet (the background has not answered): nothing', async () => {
    expect(await run(`<img src="img/outdated-71.png">`, withReferences([OUTDATED]), null)).toEqual([]);
  });

  test('an image that failed to load or is not in the facts: nothing (link-dead reports broken images)', async () => {
    const failed = new Map(facts);
    failed.set(`${ORIGIN}/img/outdated-71.png`, { url: `${ORIGIN}/img/outdated-71.png`, status: 'failed', reason: 'HTTP 404' });
    expect(await run(`<img src="img/outdated-71.png"><img src="img/unknown.png">`, withReferences([OUTDATED]), failed)).toEqual([]);
  });

  test('the same image twice on a page: one finding per element, stable keys across rescans', async () => {
    const html = `<img id="one" src="img/outdated-71.png"><img id="two" src="img/outdated-71.png">`;
    const first = await run(html, withReferences([OUTDATED]));
    const again = await run(html, withReferences([OUTDATED]));
    expect(first.map((f) => f.selector)).toEqual(['#one', '#two']);
    expect(again.map((f) => f.key)).toEqual(first.map((f) => f.key));
  });
});
