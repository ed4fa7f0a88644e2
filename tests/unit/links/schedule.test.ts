import { describe, expect, test } from 'vitest';
import { HostScheduler } from '@/lib/links/schedule';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Run `count` tasks per host through the scheduler, recording concurrency and start times. */
async function load(scheduler: HostScheduler, hosts: string[], count: number, taskMs: number) {
  const open = new Map<string, number>();
  const maxOpen = new Map<string, number>();
  const starts = new Map<string, number[]>();
  let total = 0;
  let maxTotal = 0;
  const order: string[] = [];
  await Promise.all(
    hosts.flatMap((host) =>
      Array.from({ length: count }, () =>
        scheduler.run(host, async () => {
          order.push(host);
          open.set(host, (open.get(host) ?? 0) + 1);
          maxOpen.set(host, Math.max(maxOpen.get(host) ?? 0, open.get(host)!));
          starts.set(host, [...(starts.get(host) ?? []), Date.now()]);
          maxTotal = Math.max(maxTotal, ++total);
          await sleep(taskMs);
          open.set(host, open.get(host)! - 1);
          total--;
        }),
      ),
    ),
  );
  return { maxOpen, maxTotal, starts, order };
}

describe('HostScheduler', () => {
  test('never more than perHost on one host', async () => {
    const s = new HostScheduler({ concurrency: 100, perHost: 3, spacingMs: 0 });
    const { maxOpen, maxTotal } = await load(s, ['a:80', 'b:80'], 9, 15);
    expect([...maxOpen.values()]).toEqual([3, 3]);
    expect(maxTotal).toBe(6);
  });

  test('never more than concurrency over all hosts', async () => {
    const s = new HostScheduler({ concurrency: 8, perHost: 3, spacingMs: 0 });
    const { maxOpen, maxTotal } = await load(s, ['a:80', 'b:80', 'c:80', 'd:80'], 9, 15);
    expect(maxTotal).toBe(8);
    expect(Math.max(...maxOpen.values())).toBeLessThanOrEqual(3);
  });

  test('starts on one host are spaced apart', async () => {
    const s = new HostScheduler({ concurrency: 10, perHost: 6, spacingMs: 20 });
    const { starts } = await load(s, ['gov:443'], 5, 1);
    const times = starts.get('gov:443')!;
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(19);
  });

  test('the hosts take turns: a host with many links does not hold back the others', async () => {
    const s = new HostScheduler({ concurrency: 1, perHost: 1, spacingMs: 0 });
    const { order } = await load(s, ['big:80', 'small:80'], 3, 1);
    expect(order).toEqual(['big:80', 'small:80', 'big:80', 'small:80', 'big:80', 'small:80']);
  });

  test('a task that throws frees its slot', async () => {
    const s = new HostScheduler({ concurrency: 1, perHost: 1, spacingMs: 0 });
    await expect(s.run('x:80', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(s.run('x:80', async () => 'next')).resolves.toBe('next');
  });
});
