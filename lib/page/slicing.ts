/** How a long piece of work shares the main thread with the page. */
export interface SliceOptions {
  /** Work this long before yielding to the page. */
  sliceMs?: number;
  /** How to give the page its turn; tests and the CLI may pass a no-op. */
  yieldToPage?: () => Promise<void>;
  now?: () => number;
}

/** Yield to the event loop without the 4 ms clamp of nested setTimeout. */
export function yieldToEventLoop(): Promise<void> {
  const sched = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (sched?.yield) return sched.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Everything `items` yields, taken in slices of `sliceMs` with the page given its turn between them: a
 * page's ten thousand links are not extracted in one stretch.
 */
export async function collectSliced<T>(items: Iterable<T>, opts: SliceOptions = {}): Promise<T[]> {
  const sliceMs = opts.sliceMs ?? 8;
  const now = opts.now ?? (() => performance.now());
  const yieldToPage = opts.yieldToPage ?? yieldToEventLoop;
  const out: T[] = [];
  let sliceStart = now();
  for (const item of items) {
    out.push(item);
    if ((out.length & 63) === 0 && now() - sliceStart >= sliceMs) {
      await yieldToPage();
      sliceStart = now();
    }
  }
  return out;
}
