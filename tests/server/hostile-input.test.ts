import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RateLimiter } from '../../server/rate-limit';
import { addUser, client, createDatabase, finding, startServer, type ServerProcess, type TestDatabase } from './harness';

describe.each(['sqlite', 'postgres'] as const)('hostile input on %s', (kind) => {
  let db: TestDatabase;
  let server: ServerProcess;
  let token: string;

  beforeAll(async () => {
    db = await createDatabase(kind);
    token = await addUser(db.url, '张三', 'inspector');
    server = await startServer(db.url, { GSI_AUTH_FAIL_LIMIT: '3' });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  test('a pageUrl that is not http(s) is refused by the schema, naming the record', async () => {
    const good = client(server.url, token);
    for (const pageUrl of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'chrome://settings', 'not a url']) {
      const r = await good('PUT', '/api/findings', { findings: [finding(), finding({ pageUrl })] });
      expect(r.status, pageUrl).toBe(400);
      expect(r.json.error.code, pageUrl).toBe('invalid');
      expect(r.json.error.issues, pageUrl).toEqual([expect.objectContaining({ path: 'findings.1.pageUrl' })]);
    }
    expect((await good('PUT', '/api/findings', { findings: [finding({ pageUrl: 'http://www.example.gov.cn/' })] })).status).toBe(200);
  });

  test('past GSI_AUTH_FAIL_LIMIT wrong tokens the address gets 429 with Retry-After, a right token included', async () => {
    const good = client(server.url, token);
    expect((await good('GET', '/api/me')).status).toBe(200);
    // A missing token guesses nothing and does not count.
    for (let i = 0; i < 5; i++) expect((await client(server.url)('GET', '/api/me')).status).toBe(401);
    for (let i = 0; i < 3; i++) {
      const r = await client(server.url, `${'B'.repeat(42)}${i}`)('GET', '/api/me');
      expect(r.status).toBe(401);
      expect(r.json.error.code).toBe('unauthorized');
    }
    const limited = await client(server.url, 'C'.repeat(43))('GET', '/api/me');
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('rate-limited');
    expect(limited.json.error.message).toContain('令牌验证失败次数过多');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // While the address waits, a right token waits too: otherwise a lucky guess would still be told apart.
    const alsoLimited = await good('GET', '/api/me');
    expect(alsoLimited.status).toBe(429);
    expect(Number(alsoLimited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

test('the limiter refills over time and peeking counts nothing', () => {
  let now = 0;
  const limiter = new RateLimiter(2, () => now);
  expect(limiter.peek('a')).toBe(0);
  expect(limiter.peek('a')).toBe(0);
  expect(limiter.take('a')).toBe(0);
  expect(limiter.take('a')).toBe(0);
  expect(limiter.peek('a')).toBe(30);
  expect(limiter.take('b')).toBe(0);
  now += 30_000;
  expect(limiter.peek('a')).toBe(0);
});
