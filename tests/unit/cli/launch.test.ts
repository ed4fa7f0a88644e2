import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';

// CHROMIUM_PATH names something that exists but is no program (a folder): the launch itself fails.
vi.hoisted(() => {
  process.env.CHROMIUM_PATH = '/';
});

const { launchInspector } = await import('../../../cli/browser');

let dir: string;
let savedTmp: string | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gsi-launch-'));
  savedTmp = process.env.TMPDIR;
  // Temporary profiles are made here, so the test can see whether one is left behind.
  process.env.TMPDIR = dir;
});
afterEach(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  await rm(dir, { recursive: true, force: true });
});

test('a CHROMIUM_PATH that cannot be started: one plain line naming it, and no temporary profile left behind', async () => {
  const ext = join(dir, 'ext');
  await mkdir(ext);
  await writeFile(join(ext, 'manifest.json'), '{}');
  const error = (await launchInspector({ extensionDir: ext }).catch((e: unknown) => e)) as Error;
  expect(error).toBeInstanceOf(Error);
  expect(error.message).toMatch(/^无法启动 Chromium（\/）：.*EACCES.*。请确认 CHROMIUM_PATH 指向 Chromium 程序 \(Chromium could not be started\)$/);
  expect(error.message).not.toContain('\n');
  expect(error.message).not.toContain('\u001b');
  expect((await readdir(dir)).filter((name) => name.startsWith('gsi-profile-'))).toEqual([]);
});
