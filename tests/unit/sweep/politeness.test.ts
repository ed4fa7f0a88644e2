import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { HostGate, retryAfterMs } from '@/lib/sweep/politeness';

describe('HostGate', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  test('per-host concurrency, spacing between starts, other hosts not held up', async () => {
    const gate = new HostGate({ perHost: 2, spacingMs: 100, now: () => Date.now() });
    const started: string[] = [];
    const take = (host: string, name: string) => gate.acquire(host).then((release) => (started.push(`${name}@${Date.now()}`), release));
    const a1 = take('a', 'a1');
    const a2 = take('a', 'a2');
    const a3 = take('a', 'a3');
    const b1 = take('b', 'b1');
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['a1@0', 'b1@0']);
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toEqual(['a1@0', 'b1@0', 'a2@100']);
    // Two of host a are open: a3 waits for a release, however long.
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toHaveLength(3);
    (await a1)();
    await vi.advanceTimersByTimeAsync(0);
    expect(started.at(-1)).toBe('a3@1100');
    (await a2)();
    (await a3)();
    (await b1)();
    expect(gate.active).toBe(0);
  });

  test('a total cap across hosts', async () => {
    const gate = new HostGate({ perHost: 5, spacingMs: 0, total: 2, now: () => Date.now() });
    const got: string[] = [];
    const r1 = gate.acquire('a').then((r) => (got.push('a'), r));
    gate.acquire('b').then((r) => (got.push('b'), r));
    gate.acquire('c').then((r) => (got.push('c'), r));
    await vi.advanceTimersByTimeAsync(0);
    expect(got).toEqual(['a', 'b']);
    (await r1)();
    await vi.advanceTimersByTimeAsync(0);
    expect(got).toEqual(['a', 'b', 'c']);
  });

  test('Retry-After defers the host, capped', async () => {
    const gate = new HostGate({ perHost: 1, spacingMs: 0, maxRetryAfterMs: 5000, now: () => Date.now() });
    (await gate.acquire('a'))();
    gate.defer('a', 60_000);
    let at = -1;
    void gate.acquire('a').then(() => (at = Date.now()));
    await vi.advanceTimersByTimeAsync(4999);
    expect(at).toBe(-1);
    await vi.advanceTimersByTimeAsync(1);
    expect(at).toBe(5000);
  });

  test('a release called twice frees one slot only', async () => {
    const gate = new HostGate({ perHost: 1, spacingMs: 0, now: () => Date.now() });
    const release = await gate.acquire('a');
    release();
    release();
    expect(gate.active).toBe(0);
  });
});

test('retryAfterMs reads seconds and HTTP dates', () => {
  expect(retryAfterMs('120')).toBe(120_000);
  expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
  expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:29:00 GMT'))).toBe(0);
  expect(retryAfterMs('soon')).toBeNull();
  expect(retryAfterMs(undefined)).toBeNull();
});
