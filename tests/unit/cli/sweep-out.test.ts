import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

// Only the existence of the browser is checked before the --out checks; nothing here launches it.
vi.hoisted(() => {
  process.env.CHROMIUM_PATH = process.execPath;
});

const { SweepInputError, runSweep } = await import('../../../cli/sweep');
const { writeSweepReport } = await import('../../../cli/sweep-output');
const { DEFAULT_LIMITS } = await import('../../../lib/sweep/crawl');

let dir: string;
let sites: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gsi-sweep-out-'));
  sites = join(dir, 'sites.csv');
  await writeFile(sites, 'name,url\n县政府,http://127.0.0.1:9/\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sweepTo(out: string) {
  return runSweep(
    { format: 'table', now: '2025-06-30', timeoutMs: 10_000, rulePack: null, emblems: [], targets: [], help: false, sweep: { sites, limits: DEFAULT_LIMITS, out } },
    () => undefined,
  );
}

describe('--out that cannot take the report is said before the sweep starts', () => {
  test('an existing folder (before: the whole sweep ran, then the write failed with EISDIR)', async () => {
    const folder = join(dir, 'reports.json');
    await mkdir(folder);
    await expect(sweepTo(folder)).rejects.toThrow(new SweepInputError(`--out 是一个文件夹，不是报告文件：${folder}（请给出文件名，如 ${join(folder, '报告.xlsx')}）`));
    expect(await readdir(folder)).toEqual([]);
    expect(existsSync(`${folder}.partial.jsonl`)).toBe(false);
  });

  test('a path under a file', async () => {
    const out = join(sites, 'report.json');
    const error = await sweepTo(out).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SweepInputError);
    expect((error as Error).message).toMatch(new RegExp(`^无法在 ${sites.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} 中写入报告和检查进度：E(EXIST|NOTDIR)`));
  });
});

test('a report that cannot be written leaves no temporary file behind', async () => {
  const folder = join(dir, 'taken.json');
  await mkdir(folder, { recursive: true });
  await expect(writeSweepReport(folder, { sites: [], pages: [] })).rejects.toThrow(/EISDIR|EEXIST|ENOTEMPTY/);
  expect((await readdir(dir)).filter((name) => name.includes('.tmp-'))).toEqual([]);
});
