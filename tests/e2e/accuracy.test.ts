import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { AuditReport } from '../../lib/findings';
import { FIXTURES } from '../paths';

const ROOT = resolve(import.meta.dirname, '../..');

function run(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('npx', ['tsx', script, ...args], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('npm run accuracy (issue 12)', () => {
  test('per-rule precision and recall over the labelled pages, not below the committed baseline', async () => {
    const r = await run('cli/accuracy.ts', ['--baseline', resolve(FIXTURES, 'accuracy/baseline.json')]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1), r.stdout + r.stderr).toMatch(/^accuracy: precision=\d\.\d{3} recall=\d\.\d{3} traps=\d+\/\d+$/);
    expect(r.stdout).toMatch(/^link-hidden\s+\d+/m);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 600_000);
});

describe('late-injected spam (issue 12)', () => {
  test('a page adding spam 300 ms and 1,500 ms after load, audited ten times in a row from the CLI: found every time', async () => {
    const page = resolve(FIXTURES, 'accuracy/late-spam.html');
    const r = await run('cli/audit.ts', ['--format', 'json', ...Array<string>(10).fill(page)]);
    expect(r.code, r.stderr).toBe(0);
    const report = AuditReport.parse(JSON.parse(r.stdout));
    expect(report.pages).toHaveLength(10);
    for (const p of report.pages) {
      const hosts = p.findings.filter((f) => f.rule === 'link-illegal' && f.severity === 'veto').map((f) => new URL(f.href!).hostname);
      expect(hosts.sort()).toEqual(['www.bjl-late1.com', 'www.ssc-late2.com']);
    }
  }, 600_000);
});
