import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CORPUS, FIXTURES } from '../paths';

const NOT_EMBLEMS = ['police-filing-icons', 'conac-badges', 'not-emblem'];

/**
 * The test page: the generated current/outdated pair as <img>, JPEG, srcset, CSS backgrounds (stylesheet and
 * a 15-pixel background-size as on fcgs.gov.cn), inside a wide logo and a banner, as an SVG file and inline
 * SVG, cross-origin; one real emblem from the corpus; and every police icon, 党政机关 badge and seal logo.
 */
export async function writeTestPage(dir: string): Promise<void> {
  const svg = async (f: string) => (await readFile(join(FIXTURES, 'emblem', f), 'utf8')).replace('width="200" height="214"', 'width="90" height="96"');
  const corpusImgs: string[] = [];
  for (const folder of NOT_EMBLEMS) {
    for (const file of (await readdir(join(CORPUS, 'emblem', folder))).sort()) corpusImgs.push(`<img class="not-emblem" src="/corpus/emblem/${folder}/${file}">`);
  }
  const fx = '/fixtures/emblem/';
  await writeFile(
    join(dir, 'page.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>国徽测试页</title>
<style>
.gh-old { width: 71px; height: 76px; background: url(${fx}outdated-71.png) no-repeat; }
.sitedate a { padding-left: 20px; background: url(${fx}current-85.png) no-repeat; background-size: 15px; background-position: 2px center; }
img { margin: 2px; }
</style></head><body>
<img id="img-current" src="${fx}current-85.png">
<img id="img-outdated" src="${fx}outdated-71.png">
<img id="img-outdated-jpg" src="${fx}outdated-85-q70.jpg" width="40">
<img id="srcset" src="${fx}current-24.png" srcset="${fx}current-24.png 1x, ${fx}outdated.png 3x">
<div id="css-outdated" class="gh-old"></div>
<p class="sitedate"><a id="css-current" href="#top">2025年6月30日</a></p>
<div><img id="logo-current" src="${fx}logo-current.png"></div>
<div><img id="logo-outdated" src="${fx}logo-outdated.png"></div>
<div><img id="banner" src="${fx}banner-current.png" style="width: 600px"></div>
<img id="svg-file" src="${fx}outdated.svg" width="90">
<div>${await svg('current.svg')}${await svg('outdated.svg')}</div>
<div style="width: 80px">${(await svg('outdated.svg')).replace('id="emblem-outdated"', 'id="emblem-fluid"').replace('width="90" height="96"', 'width="100%"')}</div>
<div id="xo"></div>
<img id="fcgs" src="/corpus/emblem/national-emblem/mhxqwer_lfyfcgs__static_images_guohui.png">
<div id="look-alikes">${corpusImgs.join('\n')}</div>
<script>
  // Another origin (localhost vs 127.0.0.1): the background must read it without the page's help.
  const img = document.createElement('img');
  img.id = 'xo-img';
  img.src = 'http://localhost:' + location.port + '${fx}outdated-71.png';
  document.getElementById('xo').append(img);
</script>
</body></html>`,
  );
}

