import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureBuilt } from '../cli/build';
import { SweepReport } from '../lib/sweep/report';
import { CHECK_DATE, generateSite } from '../tests/fixtures/sweep-site/generate';
import { serveSite } from '../tests/fixtures/sweep-site/server';
import { BUREAU, COUNTY, CULTURE } from '../tests/fixtures/sweep-site/specs';

const LATENCY_MS = 50;
const ROOT = resolve(import.meta.dirname, '..');

/** Resident memory (kB) of `pid` and all its descendants, from /proc. */
function treeRssKb(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      rss.set(Number(name), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // the process ended while being read
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/**
 * The CLI sweep of the three generated sites (242 pages), each server answering after 50 ms, with the
 * default politeness (2 pages per host at once, 250 ms between starts, 4 tabs): wall time from start to the
 * report written, and the peak resident memory of the whole process tree (npm, tsx, Node and Chromium's
 * processes), sampled every 250 ms from /proc.
 */
export default async function bench(): Promise<void> {
  const outDir = process.env.GSI_OUT_DIR ?? '.output';
  await ensureBuilt((l) => console.error(l), outDir);
  const tmp = await mkdtemp(join(tmpdir(), 'gsi-bench-sweep-'));
  const servers = await Promise.all([
    serveSite(generateSite(COUNTY), { host: '127.0.0.1', latencyMs: LATENCY_MS }),
    serveSite(generateSite(BUREAU), { host: '127.0.0.2', latencyMs: LATENCY_MS }),
    serveSite(generateSite(CULTURE), { host: '127.0.0.3', latencyMs: LATENCY_MS }),
  ]);
  const csv = join(tmp, 'sites.csv');
  await writeFile(csv, `name,url\n${[COUNTY, BUREAU, CULTURE].map((s, i) => `${s.name},${servers[i].origin}/`).join('\n')}\n`);
  const out = join(tmp, 'report.json');
  try {
    const started = Date.now();
    const child = spawn('npx', ['tsx', 'cli/audit.ts', '--sites', csv, '--now', CHECK_DATE, '--timeout', '60', '--out', out], {
      cwd: ROOT,
      env: { ...process.env, GSI_OUT_DIR: outDir },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    let peakKb = 0;
    const sampler = setInterval(() => (peakKb = Math.max(peakKb, treeRssKb(child.pid!))), 250);
    const code = await new Promise<number | null>((ok) => child.on('close', ok));
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    if (code !== 0) throw new Error(`sweep exited with ${code}`);
    const report = SweepReport.parse(JSON.parse(await readFile(out, 'utf8')));
    const pages = report.sites.reduce((n, s) => n + s.pages, 0);
    console.log(`sites=${report.sites.length} pages=${pages} wall=${seconds.toFixed(1)}s latency=${LATENCY_MS}ms`);
    console.log(`bench sweep: pages=${pages} pages_per_min=${((pages / seconds) * 60).toFixed(1)} peak_rss_mb=${(peakKb / 1024).toFixed(0)}`);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    await rm(tmp, { recursive: true, force: true });
  }
}
