import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of Chromium's processes, read from /proc (Linux): where the time of a request goes — the browser
 * process, the network service, the extension's service-worker renderer. Absent elsewhere.
 */

interface Proc {
  ppid: number;
  /** User + system CPU time, ms. */
  cpuMs: number;
  sysMs: number;
  cmd: string;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function processes(): Map<number, Proc> {
  const out = new Map<number, Proc>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.set(Number(entry), { ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS, sysMs: Number(fields[12]) * TICK_MS, cmd });
    } catch {
      // The process ended while it was read.
    }
  }
  return out;
}

/** What a Chromium child process is, from its command line. */
function kindOf(cmd: string): string {
  const type = /--type=(\S+)/.exec(cmd)?.[1];
  if (!type) return 'browser';
  if (type === 'utility') return /NetworkService|network\.mojom/.test(cmd) ? 'network service' : 'utility';
  if (type === 'renderer') return /--extension-process/.test(cmd) ? 'extension renderer' : 'page renderer';
  return type;
}

export type CpuSnapshot = Map<string, { cpuMs: number; sysMs: number }>;

/** CPU per kind of process of the Chromium whose browser process was started with `userDataDir`. */
export function chromiumCpu(userDataDir: string): CpuSnapshot | null {
  if (!existsSync('/proc/self/stat')) return null;
  const all = processes();
  const root = [...all].find(([, p]) => p.cmd.includes(userDataDir) && !/--type=/.test(p.cmd))?.[0];
  if (root === undefined) return null;
  const out: CpuSnapshot = new Map();
  const visit = (pid: number) => {
    const p = all.get(pid)!;
    const kind = kindOf(p.cmd);
    const sum = out.get(kind) ?? { cpuMs: 0, sysMs: 0 };
    out.set(kind, { cpuMs: sum.cpuMs + p.cpuMs, sysMs: sum.sysMs + p.sysMs });
    for (const [child, q] of all) if (q.ppid === pid) visit(child);
  };
  visit(root);
  return out;
}

/** `browser 2310 ms (sys 1000), network service …`: CPU spent between two snapshots, per request. */
export function describeCpu(before: CpuSnapshot | null, after: CpuSnapshot | null, requests: number): string {
  if (!before || !after) return 'CPU per process: not available on this system';
  const parts: string[] = [];
  let total = 0;
  for (const [kind, end] of after) {
    const start = before.get(kind) ?? { cpuMs: 0, sysMs: 0 };
    const cpu = end.cpuMs - start.cpuMs;
    if (cpu <= 0) continue;
    total += cpu;
    parts.push(`${kind} ${cpu} ms (kernel ${end.sysMs - start.sysMs})`);
  }
  return `Chromium CPU ${total} ms = ${(total / requests).toFixed(2)} ms per request: ${parts.join(', ')}`;
}
