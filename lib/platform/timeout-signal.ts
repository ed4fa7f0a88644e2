/**
 * `AbortSignal.timeout(ms)` where the browser has it (Chromium 103+), else an AbortController aborted by a
 * timer: the extension's floor is Chromium 88 (cli/compat/floor.ts), and the compatibility check fails a
 * build that calls the newer API without this test.
 */
export function timeoutSignal(ms: number): AbortSignal {
  if (typeof AbortSignal.timeout === 'function') return AbortSignal.timeout(ms);
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException('signal timed out', 'TimeoutError')), ms);
  return controller.signal;
}
