import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyseImage } from '@/lib/emblem/classify';
import { colorDistance, COLOR_LAYOUT, hammingDistance, type Fingerprint } from '@/lib/emblem/fingerprint';
import { judgeEmblem } from '@/lib/emblem/match';
import type { EmblemPack, EmblemReference } from '@/lib/rule-pack/pack';
import { FIXTURES } from '../../paths';
import { corpusPath } from '../../corpus';
import { decodeImage } from './decode';

const fx = (f: string) => join(FIXTURES, 'emblem', f);
const corpus = (f: string) => corpusPath(f);
/** The fingerprint the rule uses: the emblem region's, else the whole image's. */
function fingerprint(path: string): Fingerprint {
  const a = analyseImage(decodeImage(path));
  const fp = a.emblem?.fingerprint ?? a.fingerprint;
  if (!fp) throw new Error(`no fingerprint for ${path}`);
  return fp;
}
const ref = (id: string, label: 'current' | 'outdated', path: string): EmblemReference => ({ id, label, name: id, fingerprint: fingerprint(path) });
const pack = (references: EmblemReference[]): EmblemPack => ({ references, maxDistance: 10, maxColorDistance: 8 });

describe('hash and colour distances', () => {
  test('hamming distance counts differing bits', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('f000000000000001', '0000000000000000')).toBe(5);
    expect(hammingDistance('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(hammingDistance('ff', 'ffff')).toBe(16);
  });

  test('colour distance is the larger ΔE of the red and gold means; a missing colour is never the same', () => {
    const a = [0.4, 0.4, 50, 65, 55, 85, 2, 80];
    expect(colorDistance(a, a)).toBe(0);
    expect(colorDistance(a, [0.4, 0.4, 50, 65, 55, 85, 5, 84])).toBe(5);
    expect(colorDistance(a, [0.4, 0.4, 47, 61, 55, 85, 2, 80])).toBe(5);
    expect(colorDistance(a, [0.4, 0, 50, 65, 55, 0, 0, 0])).toBe(100);
    expect(colorDistance([0, 0, 0, 0, 0, 0, 0, 0], [0.01, 0, 1, 1, 1, 0, 0, 0])).toBe(0);
  });

  test('the colour profile has the documented layout', () => {
    const fp = fingerprint(fx('current.png'));
    expect(fp.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(fp.colors).toHaveLength(COLOR_LAYOUT.length);
    const [redShare, goldShare, redL, redA] = fp.colors;
    expect(redShare).toBeGreaterThan(0.3);
    expect(goldShare).toBeGreaterThan(0.4);
    // #de2910 is L*≈49, a*≈65.
    expect(redL).toBeCloseTo(49, 0);
    expect(redA).toBeCloseTo(65, 0);
  });
});

describe('the same drawing survives resizing, compression and a logo; a recolour does not', () => {
  const current = fingerprint(fx('current.png'));
  const outdated = fingerprint(fx('outdated.png'));

  test.each(['current-85.png', 'current-24.png', 'current-q60.jpg', 'logo-current.png', 'banner-current.png'])('%s is the current drawing', (file) => {
    const fp = fingerprint(fx(file));
    expect(hammingDistance(fp.hash, current.hash)).toBeLessThanOrEqual(8);
    expect(colorDistance(fp.colors, current.colors)).toBeLessThanOrEqual(3);
    expect(colorDistance(fp.colors, outdated.colors)).toBeGreaterThan(20);
  });

  test.each(['outdated-71.png', 'outdated-85-q70.jpg', 'logo-outdated.png'])('%s is the outdated drawing', (file) => {
    const fp = fingerprint(fx(file));
    expect(hammingDistance(fp.hash, outdated.hash)).toBeLessThanOrEqual(8);
    expect(colorDistance(fp.colors, outdated.colors)).toBeLessThanOrEqual(6);
    expect(colorDistance(fp.colors, current.colors)).toBeGreaterThan(20);
  });

  test('the recolour barely moves the luminance hash: colour is what tells them apart', () => {
    expect(hammingDistance(current.hash, outdated.hash)).toBeLessThanOrEqual(4);
    expect(colorDistance(current.colors, outdated.colors)).toBeGreaterThan(25);
  });

  test('two sizes of the fcgs.gov.cn emblem are one drawing; the 23×24 template icon is another', () => {
    const big = fingerprint(corpus('emblem/national-emblem/mhxqwer_lfyfcgs__static_images_guohui.png'));
    const small = fingerprint(corpus('emblem/national-emblem/mhxqwer_lfyfcgs__static_picture_gh.png'));
    const icon = fingerprint(corpus('emblem/national-emblem/DISMALS_shangwuting__images_guohui.png'));
    expect(hammingDistance(big.hash, small.hash)).toBe(6);
    expect(colorDistance(big.colors, small.colors)).toBeLessThan(1);
    expect(hammingDistance(big.hash, icon.hash)).toBeGreaterThan(15);
  });
});

describe('judging against the pack', () => {
  const current = ref('gb2025', 'current', fx('current.png'));
  const outdated = ref('gb2008', 'outdated', fx('outdated.png'));

  test('current drawing → current; outdated → outdated; another emblem → unknown with the nearest current', () => {
    const both = pack([outdated, current]);
    expect(judgeEmblem(fingerprint(fx('current-85.png')), both)).toMatchObject({ verdict: 'current', closest: { reference: { id: 'gb2025' }, same: true } });
    expect(judgeEmblem(fingerprint(fx('logo-outdated.png')), both)).toMatchObject({ verdict: 'outdated', closest: { reference: { id: 'gb2008' } } });
    const other = judgeEmblem(fingerprint(corpus('emblem/national-emblem/mhxqwer_lfyfcgs__static_images_guohui.png')), both);
    expect(other.verdict).toBe('unknown');
    expect(other.closestCurrent?.reference.id).toBe('gb2025');
    expect(other.closest?.same).toBe(false);
  });

  test('limits come from the pack: a looser colour limit makes the recolour the same drawing', () => {
    const loose = { ...pack([current]), maxColorDistance: 40 };
    expect(judgeEmblem(fingerprint(fx('outdated.png')), loose).verdict).toBe('current');
    expect(judgeEmblem(fingerprint(fx('outdated.png')), pack([current])).verdict).toBe('unknown');
  });

  test('no references: unknown, nothing closest', () => {
    expect(judgeEmblem(fingerprint(fx('current.png')), pack([]))).toEqual({ verdict: 'unknown', closest: null, closestCurrent: null });
  });
});
