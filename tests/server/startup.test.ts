import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { PG_ADMIN_URL } from './harness';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'gsi-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run server` with this environment, to its exit. */
function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  return new Promise((r) => proc.once('exit', (code) => r({ code, stderr })));
}

function expectClearFailure(r: { code: number | null; stderr: string }, reason: RegExp) {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(/^无法启动同步服务 \(cannot start the sync server\): /);
  expect(r.stderr).toMatch(reason);
  // One line saying what is wrong: no stack trace, no dump of internal objects.
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe('a server started with a bad configuration exits with one clear line', () => {
  test('a SQLite path that cannot be created or is not a database names the file', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'not a directory');
    expectClearFailure(await start({ DATABASE_URL: `sqlite:${join(file, 'gsi.sqlite')}` }), /SQLite .*plain-file/);
    const garbage = join(dir, 'garbage.sqlite');
    writeFileSync(garbage, 'this is not a SQLite database, just text long enough to fill a header '.repeat(4));
    expectClearFailure(await start({ DATABASE_URL: `sqlite:${garbage}` }), /garbage\.sqlite: file is not a database/);
    expectClearFailure(await start({ DATABASE_URL: 'mysql://root:secret@db/gsi' }), /must start with sqlite: or postgres:/);
  });

  test('an unreachable PostgreSQL or a missing database is named, without its password', async () => {
    expectClearFailure(await start({ DATABASE_URL: 'postgres://gsi:secret@127.0.0.1:1/gsi' }), /PostgreSQL 127\.0\.0\.1:1\/gsi: .*ECONNREFUSED/);
    const missing = new URL(PG_ADMIN_URL);
    missing.pathname = '/gsi_no_such_database';
    const r = await start({ DATABASE_URL: missing.toString() });
    expectClearFailure(r, /gsi_no_such_database" does not exist/);
    expect(r.stderr).not.toMatch(/secret/);
  });

  test('a port in use or out of range', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      expectClearFailure(await start({ DATABASE_URL: `sqlite:${join(dir, 'a.sqlite')}`, PORT: String(port) }), new RegExp(`127\\.0\\.0\\.1:${port} is already in use`));
    } finally {
      blocker.close();
    }
    expectClearFailure(await start({ DATABASE_URL: `sqlite:${join(dir, 'a.sqlite')}`, PORT: '70000' }), /PORT must be an integer from 0 to 65535/);
  });
});
