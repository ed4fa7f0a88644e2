import { composedParent, type Located } from './locate';
import { Measurer, type Rect } from './geometry';
import { PositionIndex } from './cull';
import { NEAR_VIEWPORT_PX } from './layout';

// Up to this many outlined elements every one is measured on each frame; above, a position index culls first.
export const ALWAYS_MEASURE = 250;
// Re-measuring thousands of positions costs a few hundred ms of sliced work: not more often than this.
const REFRESH_MIN_MS = 1000;
// Work this long on measuring before letting the page have the main thread.
const SLICE_MS = 8;

/**
 * Which groups are worth measuring in a frame. Up to ALWAYS_MEASURE, all; above, the document positions
 * of every group are measured in slices into a PositionIndex, and a frame measures only those near the
 * viewport plus those that do not scroll with the document (fixed, sticky, inside an inner scroller or a
 * frame), which are measured on every frame instead.
 */
export class PositionTracker {
  private targets: readonly Located[] = [];
  private index: PositionIndex | null = null;
  private floating: number[] = [];
  private run = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastRefresh = 0;

  constructor(
    private readonly view: Window,
    /** Called when a refresh finished: the next frame can draw from it. */
    private readonly onReady: () => void,
  ) {}

  reset(targets: readonly Located[]): void {
    this.targets = targets;
    this.index = null;
    this.floating = [];
    this.run++;
    if (targets.length > ALWAYS_MEASURE) {
      this.lastRefresh = performance.now();
      this.refresh();
    }
  }

  /** The groups worth measuring this frame. */
  candidates(): number[] {
    const view = this.view;
    if (this.targets.length <= ALWAYS_MEASURE) return this.targets.map((_, i) => i);
    if (!this.index) return [];
    const slack = NEAR_VIEWPORT_PX + view.innerHeight;
    const found = this.index.near(view.scrollY - slack, view.scrollY + view.innerHeight + slack);
    return [...found, ...this.floating].sort((a, b) => a - b);
  }

  /** Layout moved (mutations, loads, resize): positions are stale in large mode; refresh at most once a second. */
  requestRefresh(): void {
    if (this.targets.length <= ALWAYS_MEASURE || this.timer) return;
    const wait = Math.max(0, this.lastRefresh + REFRESH_MIN_MS - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastRefresh = performance.now();
      this.refresh();
    }, wait);
  }

  stop(): void {
    this.run++;
    clearTimeout(this.timer);
  }

  private refresh(): void {
    const run = ++this.run;
    const view = this.view;
    const doc = view.document;
    const targets = this.targets;
    const floatMemo = new Map<Element, boolean>();
    const floats = (el: Element | null): boolean => {
      if (!el || el === doc.documentElement || el === doc.body) return false;
      const memo = floatMemo.get(el);
      if (memo !== undefined) return memo;
      const s = view.getComputedStyle(el);
      const scrolls = /auto|scroll/.test(s.overflowX + s.overflowY) && (el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth);
      const result = s.position === 'fixed' || s.position === 'sticky' || scrolls || floats(composedParent(el));
      floatMemo.set(el, result);
      return result;
    };
    const positioned: { group: number; pos: Rect }[] = [];
    const floating: number[] = [];
    let i = 0;
    const step = () => {
      if (run !== this.run) return;
      const deadline = performance.now() + SLICE_MS;
      const measurer = new Measurer();
      while (i < targets.length && performance.now() < deadline) {
        const target = targets[i];
        if (target.frames.length || floats(target.element)) floating.push(i);
        else {
          const r = measurer.measure(target);
          if (r) positioned.push({ group: i, pos: { x: r.x + view.scrollX, y: r.y + view.scrollY, w: r.w, h: r.h } });
        }
        i++;
      }
      if (i < targets.length) {
        setTimeout(step, 0);
        return;
      }
      this.index = new PositionIndex(positioned, view.innerHeight);
      this.floating = floating;
      this.onReady();
    };
    step();
  }
}
