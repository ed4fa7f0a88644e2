import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { Finding } from '../../lib/findings';

const ROOT = resolve(import.meta.dirname, '../..');

/** The machine's PostgreSQL (trust auth); GSI_TEST_PG overrides it. */
export const PG_ADMIN_URL = process.env.GSI_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  url: string;
  drop(): Promise<void>;
}

/** A fresh database per test file: a SQLite file in a temp folder, or a new PostgreSQL database. */
export async function createDatabase(kind: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gsi-server-'));
    return { kind, url: `sqlite:${join(dir, 'gsi.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `gsi_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown handler runs, as when the machine loses power or the OOM killer strikes. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

function exited(proc: ChildProcess): Promise<void> {
  return proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise((r) => proc.once('exit', () => r()));
}

/**
 * Starts server/main.ts exactly as `npm run server` does, in one node process (tsx as a loader, so a
 * signal reaches the server itself and not a wrapper), on a free port.
 */
export async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const onData = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolveUrl(m[1]);
    };
    proc.stdout!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
  return {
    url,
    proc,
    output: () => out,
    async kill() {
      proc.kill('SIGKILL');
      await exited(proc);
    },
    async stop() {
      proc.kill('SIGTERM');
      await exited(proc);
    },
  };
}

/** Runs `server/main.ts <args>` to completion, as a user types `npm run server -- <args>`. */
export function runCli(databaseUrl: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => (stdout += d));
  proc.stderr.on('data', (d) => (stderr += d));
  return new Promise((r) => proc.once('exit', (code) => r({ code: code ?? -1, stdout, stderr })));
}

/** `user add` through the CLI; the token is the last line of its output. */
export async function addUser(databaseUrl: string, name: string, role: string): Promise<string> {
  const r = await runCli(databaseUrl, ['user', 'add', name, '--role', role]);
  if (r.code !== 0) throw new Error(`user add failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').at(-1)!;
}

export interface Client {
  (method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; json: any; text: string }>;
}

/** fetch with a bearer token; JSON bodies are serialised unless a string or bytes are given. */
export function client(base: string, token?: string): Client {
  return async (method, path, body, headers = {}) => {
    const h: Record<string, string> = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    let payload: BodyInit | undefined;
    if (typeof body === 'string' || body instanceof Uint8Array) payload = body as BodyInit;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(base + path, { method, headers: h, body: payload });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  };
}

let n = 0;

/** A valid finding as an inspector's client would push it for the first time (version 0). */
export function finding(overrides: Partial<Finding> = {}): Finding {
  n++;
  return {
    id: randomUUID(),
    key: `key-${n}`,
    rule: 'link-dead',
    severity: 'deduct',
    status: 'open',
    pageUrl: 'https://www.jinan.gov.cn/col/index.html',
    pageTitle: '济南市人民政府',
    site: 'www.jinan.gov.cn',
    selector: `#list > li:nth-child(${n}) > a`,
    snippet: `<a href="/x${n}.html">通知${n}</a>`,
    label: `通知${n}`,
    href: `https://www.jinan.gov.cn/x${n}.html`,
    detail: { status: 404 },
    message: '链接无法访问（HTTP 404）',
    createdAt: '2025-06-30T10:00:00+08:00',
    updatedAt: '2025-06-30T10:00:00+08:00',
    version: 0,
    ...overrides,
  };
}
