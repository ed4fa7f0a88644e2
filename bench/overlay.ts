import { chromium } from 'playwright-core';
import { CHROMIUM } from '../cli/browser';
import { bundleOverlayHarness } from '../tests/fixtures/overlay/bundle';

const FINDINGS = 10_000;
const SCROLLS = 30;

interface Result {
  /** From render() until every finding is placed and the first outlines are drawn. */
  placedMs: number;
  /** Longest main-thread task while placing and scrolling with the overlay. */
  longestTaskMs: number;
  /** Median time of a scroll step (scrollBy then two animation frames), with and without the overlay. */
  frameMs: number;
  baseFrameMs: number;
  baseLongestMs: number;
  boxes: number;
}

/**
 * The overlay with 10,000 findings on a page of 10,000 links, in Chromium, against the same page without
 * it: time until every finding is placed (elements re-found, visibility judged, positions indexed), the
 * longest main-thread task (the page must stay responsive), and the cost of scrolling. Two page shapes:
 * one flat list of links (10,000 siblings: the worst case for `:nth-of-type` selectors) and 100 lists of 100.
 */
export default async function bench(): Promise<void> {
  const bundle = await bundleOverlayHarness();
  const chrome = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  const results: Record<string, Result> = {};
  try {
    for (const shape of ['flat', 'lists'] as const) {
      const page = await chrome.newPage({ viewport: { width: 1280, height: 900 } });
      const html =
        shape === 'flat'
          ? '<a href="#">链接</a>'.repeat(FINDINGS)
          : Array.from({ length: 100 }, (_, i) => `<ul id="u${i}">${'<li><a href="#">链接</a></li>'.repeat(100)}</ul>`).join('');
      await page.setContent(`<style>body{margin:0} ul{margin:0} a{display:block;height:20px}</style>${html}`);
      await page.addScriptTag({ content: bundle });
      // tsx compiles this file with esbuild's keepNames, which wraps functions in a `__name` helper the page lacks.
      await page.evaluate('globalThis.__name = (fn) => fn');
      results[shape] = await page.evaluate(
        async ({ shape, n, scrolls }) => {
          // The selectors the scan engine writes for these links.
          const selector = (i: number) =>
            shape === 'flat' ? `html > body > a:nth-of-type(${i + 1})` : `#u${Math.floor(i / 100)} > li:nth-of-type(${(i % 100) + 1}) > a`;
          const findings = Array.from({ length: n }, (_, i) => ({
            id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            key: `k${i}`,
            rule: 'link-empty',
            severity: 'review',
            status: 'open',
            pageUrl: location.href,
            pageTitle: '',
            site: '',
            selector: selector(i),
            snippet: '',
            label: '链接',
            detail: {},
            message: '空链',
            createdAt: '2025-06-30T00:00:00.000Z',
            updatedAt: '2025-06-30T00:00:00.000Z',
            version: 1,
          }));
          const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));
          const longTasks: number[] = [];
          new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration))).observe({ type: 'longtask' });
          const scrollSteps = async () => {
            const times: number[] = [];
            for (let i = 0; i < scrolls; i++) {
              window.scrollBy(0, 700);
              const before = performance.now();
              await nextFrame();
              await nextFrame();
              times.push(performance.now() - before);
            }
            await new Promise((r) => setTimeout(r, 100));
            return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
          };
          const takeLongest = () => Math.max(0, ...longTasks.splice(0));

          // The page by itself: its first layout, then the same scrolling.
          void document.body.offsetHeight;
          const baseFrameMs = await scrollSteps();
          window.scrollTo(0, 0);
          await nextFrame();
          const baseLongestMs = takeLongest();

          const w = window as unknown as { GSI: typeof import('../tests/fixtures/overlay/harness') };
          const original = Element.prototype.attachShadow;
          let root: ShadowRoot | null = null;
          Element.prototype.attachShadow = function (init) {
            root = original.call(this, init);
            return root;
          };
          const started = performance.now();
          const overlay = w.GSI.createOverlay(document, { t: w.GSI.translator('zh_CN') });
          Element.prototype.attachShadow = original;
          overlay.render({ url: location.href, title: '', phase: 'done', findings: findings as never, unscanned: [], counts: { 'link-empty': n }, linksTotal: 0, linksProbed: 0, overlayVisible: true });
          // Outlines appear only once every finding is placed.
          const drawnBoxes = () => [...root!.querySelectorAll<HTMLElement>('.box')].filter((b) => b.style.display !== 'none').length;
          while (!drawnBoxes()) await nextFrame();
          const placedMs = performance.now() - started;
          const frameMs = await scrollSteps();
          return { placedMs, longestTaskMs: takeLongest(), frameMs, baseFrameMs, baseLongestMs, boxes: drawnBoxes() };
        },
        { shape, n: FINDINGS, scrolls: SCROLLS },
      );
      await page.close();
    }
  } finally {
    await chrome.close();
  }
  for (const [shape, r] of Object.entries(results)) {
    console.log(
      `${shape}: placed in ${r.placedMs.toFixed(0)} ms; longest task ${r.longestTaskMs.toFixed(0)} ms (page alone ${r.baseLongestMs.toFixed(0)} ms); ` +
        `scroll step median ${r.frameMs.toFixed(1)} ms (page alone ${r.baseFrameMs.toFixed(1)} ms); ${r.boxes} outlines drawn`,
    );
  }
  const all = Object.values(results);
  const max = (pick: (r: Result) => number) => Math.max(...all.map(pick));
  console.log(
    `bench overlay: findings=${FINDINGS} placed_ms=${max((r) => r.placedMs).toFixed(0)} longest_task_ms=${max((r) => r.longestTaskMs).toFixed(0)} ` +
      `scroll_step_ms=${max((r) => r.frameMs).toFixed(1)} page_alone_scroll_step_ms=${max((r) => r.baseFrameMs).toFixed(1)}`,
  );
}
