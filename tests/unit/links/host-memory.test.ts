import { describe, expect, test } from 'vitest';
import { HostMemory } from '@/lib/links/host-memory';

describe('HostMemory', () => {
  test('keeps what is true of a whole host, not what is true of one address', () => {
    const m = new HostMemory();
    m.learn('dead.example:80', 'broken', 'dns');
    m.learn('closed.example:8080', 'broken', 'connection-refused');
    m.learn('badcert.example:443', 'review', 'tls');
    m.learn('site.example:80', 'broken', 'http-404');
    m.learn('wall.example:80', 'review', 'bot-wall');
    m.learn('slow.example:80', 'review', 'timeout');
    expect(m.get('dead.example:80')).toMatchObject({ verdict: 'broken', reason: 'dns' });
    expect(m.get('closed.example:8080')).toMatchObject({ verdict: 'broken', reason: 'connection-refused' });
    expect(m.get('badcert.example:443')).toMatchObject({ verdict: 'review', reason: 'tls' });
    expect(m.get('site.example:80')).toBeUndefined();
    expect(m.get('wall.example:80')).toBeUndefined();
    expect(m.get('slow.example:80')).toBeUndefined();
  });

  test('forgets after its time to live', async () => {
    const m = new HostMemory(30);
    m.learn('dead.example:80', 'broken', 'dns');
    expect(m.get('dead.example:80')).toBeDefined();
    await new Promise((r) => setTimeout(r, 40));
    expect(m.get('dead.example:80')).toBeUndefined();
  });

  test('the first to suspect a host confirms it; the others wait until it is done', async () => {
    const m = new HostMemory();
    expect(m.confirming('dead.example:80')).toBeUndefined();
    const settle = m.suspect('dead.example:80');
    expect(settle).toBeTypeOf('function');
    expect(m.suspect('dead.example:80')).toBeUndefined();
    const waiting = m.confirming('dead.example:80')!;
    let woke = false;
    void waiting.then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    m.learn('dead.example:80', 'broken', 'dns');
    settle!();
    await waiting;
    expect(woke).toBe(true);
    expect(m.confirming('dead.example:80')).toBeUndefined();
    expect(m.get('dead.example:80')).toMatchObject({ reason: 'dns' });
  });
});
