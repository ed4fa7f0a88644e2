import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyseImage, featuresOf, scoreOf, EMBLEM_THRESHOLD } from '@/lib/emblem/classify';
import { resampleOnWhite } from '@/lib/emblem/pixels';
import { FIXTURES } from '../../paths';
import { corpusEntries, corpusPath } from '../../corpus';
import { decodeImage } from './decode';

const files = (folder: string) => corpusEntries('emblem', folder).filter((f) => f.endsWith('.png'));
const analyse = (path: string) => analyseImage(decodeImage(path));
/** The reason in a failure message: what the classifier measured. */
const why = (path: string) => JSON.stringify(analyse(path).best);

describe('emblem-likeness of the corpus images, never by file name', () => {
  test('the folders hold the files the expectations below name', () => {
    expect(files('national-emblem')).toHaveLength(3);
    expect(files('conac-badges')).toHaveLength(14);
    expect(files('police-filing-icons')).toHaveLength(4);
    expect(files('not-emblem')).toHaveLength(2);
  });

  test.each([
    ['DISMALS_shangwuting__images_guohui.png', 23, 24],
    ['mhxqwer_lfyfcgs__static_images_guohui.png', 85, 91],
    ['mhxqwer_lfyfcgs__static_picture_gh.png', 71, 78],
  ])('national emblem %s (%i×%i) is emblem-like as a whole image', (file, w, h) => {
    const path = corpusPath('emblem', 'national-emblem', file);
    const a = analyse(path);
    expect(a.width, why(path)).toBe(w);
    expect(a.height).toBe(h);
    expect(a.emblem, why(path)).not.toBeNull();
    expect(a.emblem!.whole).toBe(true);
    expect(a.emblem!.score).toBeGreaterThanOrEqual(0.9);
    // The content box is the drawing itself, at most a pixel of transparent margin away from the edges.
    expect(a.emblem!.rect.w).toBeGreaterThanOrEqual(w - 2);
    expect(a.emblem!.rect.h).toBeGreaterThanOrEqual(h - 2);
    expect(a.fingerprint).toEqual(a.emblem!.fingerprint);
  });

  test.each(files('conac-badges'))('党政机关 badge %s is not the emblem', (file) => {
    const path = corpusPath('emblem', 'conac-badges', file);
    const a = analyse(path);
    expect(a.emblem, why(path)).toBeNull();
    // Red shield with a pale beige symbol: (almost) no gold. Most are not even looked at further; the two
    // variants with a trace of gold in their rim score nothing.
    const traceOfGold = ['mhxqwer_gqsbjshy.gov.cn__dzjg.png', 'mhxqwer_zysc.gov.cn__scindex_footdzjg.png'].includes(file);
    if (traceOfGold) {
      expect(a.best!.features.gold).toBeLessThan(0.05);
      expect(a.best!.score).toBe(0);
    } else {
      expect(a.best, why(path)).toBeNull();
      expect(a.fingerprint).toBeNull();
    }
  });

  test.each(files('police-filing-icons'))('police-filing icon %s (often named guohui.png) is not the emblem', (file) => {
    const path = corpusPath('emblem', 'police-filing-icons', file);
    const a = analyse(path);
    expect(a.emblem, why(path)).toBeNull();
    // The police badge has navy blue and little red.
    expect(a.best!.features.blue).toBeGreaterThan(0.05);
    expect(a.best!.features.red).toBeLessThan(0.2);
    expect(a.best!.score).toBeLessThan(0.05);
  });

  test.each(files('not-emblem'))('round seal logo %s is not the emblem', (file) => {
    const path = corpusPath('emblem', 'not-emblem', file);
    const a = analyse(path);
    expect(a.emblem, why(path)).toBeNull();
  });
});

describe('the emblem inside a wide site logo', () => {
  test.each([
    ['mhxqwer__jchgz.gov.cn/static/picture/logo.png', 303, 70],
    ['mhxqwer__jchgz.gov.cn/static/picture/wap_logo_2022.png', 390, 81],
    ['mhxqwer__zysc.gov.cn/static/picture/szzyzfld_20181128_tou_logo.jpg', 517, 157],
    ['mhxqwer__hjhbjft.gov.cn/static/picture/logo_bjft.png', 443, 72],
    ['mhxqwer__gjbcac.gov.cn/static/picture/logo02.png', 708, 120],
    ['mhxqwer__wjmoe.gov.cn/static/picture/m_top_logo.png', 606, 85],
    ['shangwuting_henan_template/images/logo.png', 395, 89],
    ['shangwuting_henan_template/images/other/logo.png', 518, 55],
  ])('%s: an emblem-like square at the left end', (file, w, h) => {
    const path = corpusPath('gov-pages', file);
    const a = analyse(path);
    expect([a.width, a.height]).toEqual([w, h]);
    expect(a.fingerprint, 'a wide image has no whole-image fingerprint').toBeNull();
    expect(a.emblem, why(path)).not.toBeNull();
    expect(a.emblem!.whole).toBe(false);
    const { rect } = a.emblem!;
    expect(rect.x).toBeLessThan(w * 0.05);
    expect(rect.x + rect.w).toBeLessThan(w * 0.25);
    expect(rect.w / rect.h).toBeGreaterThan(0.85);
    expect(rect.w / rect.h).toBeLessThan(1.1);
    expect(rect.h).toBeGreaterThan(h * 0.5);
  });

  test.each([
    // The party emblem (hammer and sickle, red on white) beside the CAC's name: red, but no gold.
    'mhxqwer__gjbcac.gov.cn/static/picture/logo01.png',
    // A city logo and a placeholder text.
    'mhxqwer__djjiangsu.gov.cn/static/images/logo-wap.png',
  ])('%s holds no emblem', (file) => {
    const path = corpusPath('gov-pages', file);
    expect(analyse(path).emblem, why(path)).toBeNull();
  });
});

describe('the generated current/outdated pair', () => {
  const fx = (f: string) => join(FIXTURES, 'emblem', f);
  test.each(['current.png', 'current-85.png', 'current-24.png', 'current-q60.jpg', 'outdated.png', 'outdated-71.png', 'outdated-85-q70.jpg'])(
    '%s is emblem-like as a whole image',
    (file) => {
      const a = analyse(fx(file));
      expect(a.emblem, why(fx(file))).not.toBeNull();
      expect(a.emblem!.whole).toBe(true);
    },
  );

  test.each([
    ['logo-current.png', 3, 4, 79, 83],
    ['logo-outdated.png', 3, 4, 79, 83],
  ])('%s: the emblem is found at the left of the title', (file, x, y, w, h) => {
    const a = analyse(fx(file));
    expect(a.emblem!.whole).toBe(false);
    expect(a.emblem!.rect).toEqual({ x, y, w, h });
  });

  test('banner-current.png: the emblem in the middle of a 1200-pixel banner, touching its title', () => {
    const a = analyse(fx('banner-current.png'));
    expect(a.emblem!.whole).toBe(false);
    const { rect } = a.emblem!;
    // Drawn at x=380..492, y=15..135 (112×120) in make.ts.
    expect(rect.x).toBeGreaterThanOrEqual(376);
    expect(rect.x).toBeLessThanOrEqual(388);
    expect(rect.w).toBeGreaterThanOrEqual(100);
    expect(rect.w).toBeLessThanOrEqual(116);
    expect(rect.y).toBeGreaterThanOrEqual(12);
    expect(rect.y + rect.h).toBeLessThanOrEqual(138);
  });
});

describe('the score', () => {
  test('an image without both red and gold is not looked at further; with both, it is', () => {
    const redOnly = solid(40, 40, () => [222, 41, 16, 255]);
    expect(analyseImage(redOnly)).toEqual({ width: 40, height: 40, fingerprint: null, emblem: null, best: null });
    const redAndGold = solid(40, 40, (x) => (x < 30 ? [222, 41, 16, 255] : [255, 204, 0, 255]));
    expect(analyseImage(redAndGold).fingerprint).not.toBeNull();
    expect(analyseImage(redAndGold).emblem).toBeNull();
  });

  test('a flat red square and a gold disc on their own are not emblems', () => {
    const red = solid(40, 40, () => [222, 41, 16, 255]);
    const gold = solid(40, 40, (x, y) => (Math.hypot(x - 19.5, y - 19.5) < 19 ? [255, 204, 0, 255] : [0, 0, 0, 0]));
    expect(analyseImage(red).emblem).toBeNull();
    expect(analyseImage(gold).emblem).toBeNull();
  });

  test('a blank or tiny image has no analysis to speak of', () => {
    expect(analyseImage(solid(50, 50, () => [255, 255, 255, 0])).best).toBeNull();
    expect(analyseImage(solid(6, 6, () => [222, 41, 16, 255])).best).toBeNull();
  });

  test('every feature counts: the Chinese flag (red, a little gold, 3:2) is rejected', () => {
    const flag = solid(90, 60, (x, y) => (Math.hypot(x - 15, y - 15) < 6 ? [255, 222, 0, 255] : [222, 41, 16, 255]));
    const a = analyseImage(flag);
    expect(a.emblem).toBeNull();
    const f = featuresOf(resampleOnWhite(flag, { x: 0, y: 0, w: 90, h: 60 }, 90, 60), { x: 0, y: 0, w: 90, h: 60 });
    expect(scoreOf(f)).toBeLessThan(EMBLEM_THRESHOLD);
    expect(f.cornersEmpty).toBe(0);
  });
});

function solid(width: number, height: number, color: (x: number, y: number) => number[]) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(color(x, y), (y * width + x) * 4);
  return { width, height, data };
}

describe('every image saved with the corpus pages', () => {
  // Found by eye: the emblem alone or at the left of the site's name. Everything else (photos, icons,
  // banners, badges, police icons, 404 pages saved as .png) must not be emblem-like.
  const EMBLEMS = [
    'mhxqwer__gjbcac.gov.cn/static/picture/logo02.png',
    'mhxqwer__hjhbjft.gov.cn/static/picture/logo_bjft.png',
    'mhxqwer__jchgz.gov.cn/static/picture/logo.png',
    'mhxqwer__jchgz.gov.cn/static/picture/wap_logo_2022.png',
    'mhxqwer__lfyfcgs.gov.cn/static/images/guohui.png',
    'mhxqwer__lfyfcgs.gov.cn/static/picture/gh.png',
    'mhxqwer__qzhxiangtan.gov.cn/static/images/xsf1_03.png',
    'mhxqwer__tqjsjz.gov.cn/static/picture/20230418182633426.png',
    'mhxqwer__tqjsjz.gov.cn/static/picture/20230508090920976.jpg',
    'mhxqwer__wjmoe.gov.cn/static/picture/m_top_logo.png',
    'mhxqwer__wjmoe.gov.cn/static/picture/scy_jyb_lgo_03.png',
    'mhxqwer__zysc.gov.cn/static/picture/scindex_top2_li02.png',
    'mhxqwer__zysc.gov.cn/static/picture/szzyzfld_20181128_tou_logo.jpg',
    'shangwuting_henan_template/images/guohui.png',
    'shangwuting_henan_template/images/logo.png',
    'shangwuting_henan_template/images/other/logo.png',
  ];

  test('the emblem-like ones are exactly the emblems', { timeout: 120_000 }, () => {
    const root = corpusPath('gov-pages');
    const images = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(png|jpe?g)$/i.test(f));
    expect(images.length).toBeGreaterThan(500);
    const found: string[] = [];
    let decoded = 0;
    for (const rel of images) {
      let pixels;
      try {
        pixels = decodeImage(join(root, rel));
      } catch {
        continue; // saved 404 pages: the browser cannot decode them either
      }
      decoded++;
      if (analyseImage(pixels).emblem) found.push(rel.split('\\').join('/'));
    }
    expect(decoded).toBeGreaterThan(480);
    expect(found.sort()).toEqual(EMBLEMS);
  });
});
