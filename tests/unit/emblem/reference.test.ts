import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import { analyseImage, decodeSize } from '@/lib/emblem/classify';
import { parseEmblemSpec } from '@/cli/emblem-files';
import { factsOfDecoded } from '@/lib/emblem/fetch';
import { addReference, makeReference } from '@/lib/emblem/reference';
import { DEFAULT_RULE_PACK } from '@/lib/rule-pack/pack';
import { FIXTURES } from '../../paths';
import { decodeImage } from './decode';

const fx = (f: string) => join(FIXTURES, 'emblem', f);
const decoded = (f: string) => {
  const pixels = decodeImage(fx(f));
  return { pixels, naturalWidth: pixels.width, naturalHeight: pixels.height };
};
/** The PNG encoder the service worker gets from OffscreenCanvas, here from pngjs. */
const encodePng = async (rgba: Uint8ClampedArray, width: number, height: number) => {
  const png = new PNG({ width, height });
  png.data.set(rgba);
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
};

describe('making a reference', () => {
  test('from a wide logo: the emblem region, with a preview of just the emblem', async () => {
    const ref = await makeReference(decoded('logo-outdated.png'), { label: 'outdated', source: 'https://www.gov.cn/img/logo-outdated.png?v=2' }, encodePng);
    const region = analyseImage(decodeImage(fx('logo-outdated.png'))).emblem!;
    expect(ref).toMatchObject({ label: 'outdated', name: '旧版国徽（logo-outdated.png）', fingerprint: region.fingerprint, id: `emblem-outdated-${region.fingerprint.hash}` });
    const preview = PNG.sync.read(Buffer.from(ref.preview!.split(',')[1], 'base64'));
    // The 79×83 emblem scaled to at most 96 pixels: unchanged.
    expect([preview.width, preview.height]).toEqual([79, 83]);
  });

  test('a large image gets a preview of at most 96 pixels; a name given wins', async () => {
    const ref = await makeReference(decoded('current.png'), { label: 'current', name: ' 国徽（GB 15093-2025） ', source: 'data:image/png;base64,xx' }, encodePng);
    expect(ref.name).toBe('国徽（GB 15093-2025）');
    const preview = PNG.sync.read(Buffer.from(ref.preview!.split(',')[1], 'base64'));
    expect(Math.max(preview.width, preview.height)).toBe(96);
  });

  test('an image with neither a square drawing nor an emblem is refused', async () => {
    const blankStrip = { pixels: { width: 300, height: 40, data: new Uint8ClampedArray(300 * 40 * 4) }, naturalWidth: 300, naturalHeight: 40 };
    await expect(makeReference(blankStrip, { label: 'current', source: 'x.png' }, encodePng)).rejects.toThrow('不能作为国徽参考图');
  });

  test('adding to the pack replaces the same drawing, keeps others, bumps the version', async () => {
    const a = await makeReference(decoded('current.png'), { label: 'current', source: 'a.png' }, encodePng);
    const b = await makeReference(decoded('outdated.png'), { label: 'outdated', source: 'b.png' }, encodePng);
    const once = addReference(addReference(DEFAULT_RULE_PACK, a), b);
    expect(once.emblem.references.map((r) => r.label)).toEqual(['current', 'outdated']);
    expect(once.version).toBe(DEFAULT_RULE_PACK.version + 2);
    // The same drawing added again as outdated: one reference, relabelled.
    const relabelled = addReference(once, { ...a, id: 'other-id', label: 'outdated' });
    expect(relabelled.emblem.references.map((r) => [r.id, r.label])).toEqual([
      [b.id, 'outdated'],
      ['other-id', 'outdated'],
    ]);
    expect(DEFAULT_RULE_PACK.emblem.references).toEqual([]);
  });
});

describe('facts of a downscaled decode', () => {
  test('only huge images are shrunk while decoding; logos and banners are decoded as they are', () => {
    expect(decodeSize(85, 91)).toBeNull();
    expect(decodeSize(1200, 150)).toBeNull();
    expect(decodeSize(1920, 189)).toBeNull();
    expect(decodeSize(130, 4300)).toEqual({ width: 62, height: 2048 });
    expect(decodeSize(3000, 2000)).toEqual({ width: 1500, height: 1000 });
  });

  test('size and emblem region are reported in the natural pixels', () => {
    const d = decoded('banner-current.png');
    // As if the worker had decoded the 1200×150 banner at half size.
    const half = { width: 600, height: 75, data: new Uint8ClampedArray(600 * 75 * 4) };
    for (let y = 0; y < 75; y++) for (let x = 0; x < 600; x++) half.data.set(d.pixels.data.subarray(((2 * y) * 1200 + 2 * x) * 4, ((2 * y) * 1200 + 2 * x) * 4 + 4), (y * 600 + x) * 4);
    const facts = factsOfDecoded('https://x/banner.png', { pixels: half, naturalWidth: 1200, naturalHeight: 150 });
    expect([facts.width, facts.height]).toEqual([1200, 150]);
    expect(facts.emblem!.rect.x).toBeGreaterThanOrEqual(374);
    expect(facts.emblem!.rect.x).toBeLessThanOrEqual(390);
    expect(facts.emblem!.rect.w).toBeGreaterThanOrEqual(100);
  });
});

describe('--emblem specs', () => {
  test.each([
    ['current=/tmp/国徽.png', { label: 'current', path: '/tmp/国徽.png' }],
    ['outdated=old=1.jpg', { label: 'outdated', path: 'old=1.jpg' }],
  ])('%s', (spec, parsed) => expect(parseEmblemSpec(spec)).toEqual(parsed));

  test.each(['new=a.png', 'current=', 'a.png'])('%s is refused with the expected form', (spec) => {
    expect(() => parseEmblemSpec(spec)).toThrow('current=<图片文件>');
  });
});
