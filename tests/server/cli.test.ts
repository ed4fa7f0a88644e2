import { createHash } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../server/db';
import { client, createDatabase, runCli, startServer, type ServerProcess, type TestDatabase } from './harness';

describe.each(['sqlite', 'postgres'] as const)('npm run server -- user … on %s', (kind) => {
  let db: TestDatabase;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  test('add prints the token alone on its last line; list, revoke and re-issue work; tokens are stored hashed', async () => {
    db = await createDatabase(kind);
    const add = await runCli(db.url, ['user', 'add', '张三', '--role', 'inspector']);
    expect(add.code).toBe(0);
    const token = add.stdout.trimEnd().split('\n').at(-1)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const dup = await runCli(db.url, ['user', 'add', '张三', '--role', 'admin']);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('已存在');
    const badRole = await runCli(db.url, ['user', 'add', '李四', '--role', 'root']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role');

    const direct = openDatabase(db.url);
    const rows = await direct.kysely.selectFrom('users').selectAll().execute();
    await direct.close();
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);

    server = await startServer(db.url);
    const me = client(server.url, token);
    expect((await me('GET', '/api/me')).json).toEqual({ name: '张三', role: 'inspector' });

    const list = await runCli(db.url, ['user', 'list']);
    expect(list.stdout).toMatch(/^张三\tinspector\t\S+\tactive$/m);

    expect((await runCli(db.url, ['user', 'revoke', '张三'])).code).toBe(0);
    expect((await me('GET', '/api/me')).status).toBe(401);
    expect((await runCli(db.url, ['user', 'list'])).stdout).toMatch(/^张三\tinspector\t\S+\trevoked /m);
    expect((await runCli(db.url, ['user', 'revoke', '张三'])).code).toBe(2);

    const again = await runCli(db.url, ['user', 'add', '张三', '--role', 'supervisor']);
    const fresh = again.stdout.trimEnd().split('\n').at(-1)!;
    expect(fresh).not.toBe(token);
    expect((await client(server.url, fresh)('GET', '/api/me')).json).toEqual({ name: '张三', role: 'supervisor' });
    expect((await me('GET', '/api/me')).status).toBe(401);
  });
});

test('unknown arguments are refused with usage', async () => {
  const db = await createDatabase('sqlite');
  try {
    const r = await runCli(db.url, ['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('用法');
  } finally {
    await db.drop();
  }
});

test('rate limit: past GSI_RATE_LIMIT requests per minute a token gets 429 with Retry-After; other tokens do not', async () => {
  const db = await createDatabase('sqlite');
  const tokenOf = async (name: string) => (await runCli(db.url, ['user', 'add', name, '--role', 'inspector'])).stdout.trimEnd().split('\n').at(-1)!;
  const [a, b] = [await tokenOf('a'), await tokenOf('b')];
  const server = await startServer(db.url, { GSI_RATE_LIMIT: '3' });
  try {
    const ca = client(server.url, a);
    for (let i = 0; i < 3; i++) expect((await ca('GET', '/api/me')).status).toBe(200);
    const limited = await ca('GET', '/api/me');
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('rate-limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await client(server.url, b)('GET', '/api/me')).status).toBe(200);
  } finally {
    await server.stop();
    await db.drop();
  }
});
