import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { buildStaleness } from '../../../cli/build';

let root: string;
let ext: string;
const T0 = new Date('2025-06-01T00:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

async function file(rel: string, minutes: number) {
  const path = join(root, rel);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, 'x');
  await utimes(path, at(minutes), at(minutes));
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gsi-build-'));
  ext = join(root, '.output-test', 'chrome-mv3');
  await file('lib/rules/link-dead.ts', 0);
  await file('entrypoints/background.ts', 0);
  await file('public/_locales/zh_CN/messages.json', 0);
  await file('wxt.config.ts', 0);
  // Folders get the mtime of their last change too; pin them to the same time as their files.
  for (const dir of ['lib', 'lib/rules', 'entrypoints', 'public', 'public/_locales', 'public/_locales/zh_CN']) {
    await utimes(join(root, dir), at(0), at(0));
  }
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

test('no build yet', async () => {
  expect(await buildStaleness(root, ext)).toMatch(/尚未构建/);
});

test('a build newer than every source is current, even without a components folder', async () => {
  await file('.output-test/chrome-mv3/manifest.json', 10);
  expect(await buildStaleness(root, ext)).toBeNull();
});

test.each([
  ['lib/rules/link-dead.ts', 'lib'],
  ['public/_locales/zh_CN/messages.json', 'public'],
  ['wxt.config.ts', 'wxt.config.ts'],
  ['components/Legend.tsx', 'components'],
])('a source changed after the build (%s) makes it stale', async (rel, named) => {
  await file('.output-test/chrome-mv3/manifest.json', 10);
  await file(rel, 20);
  expect(await buildStaleness(root, ext)).toContain(`源代码有改动：${named}`);
});

test('a deleted source file shows as a change of its folder', async () => {
  await file('.output-test/chrome-mv3/manifest.json', 10);
  await rm(join(root, 'lib/rules/link-dead.ts'));
  expect(await buildStaleness(root, ext)).toContain('lib');
});

test('files outside the sources (tests, docs, the CLI) do not trigger a build', async () => {
  await file('.output-test/chrome-mv3/manifest.json', 10);
  await file('tests/unit/x.test.ts', 20);
  await file('cli/audit.ts', 20);
  await file('README.md', 20);
  expect(await buildStaleness(root, ext)).toBeNull();
});
