// @vitest-environment node
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { checkManifest, checkScript, firstVersion, loadBcd } from '../../../cli/compat/check';
import { CHROMIUM_FLOOR } from '../../../cli/compat/floor';
import { FIXTURES } from '../../paths';

const opts = { browser: 'chrome' as const, floor: CHROMIUM_FLOOR };
const fixture = async (name: string) => checkScript(name, await readFile(join(FIXTURES, 'compat', name), 'utf8'), opts);

describe('the compatibility check (browser-compat-data)', () => {
  test('reads the versions it judges by from the data', () => {
    const bcd = loadBcd();
    expect(firstVersion(bcd.webextensions.api.storage.session as never, 'chrome')).toBe(102);
    expect(firstVersion(bcd.javascript.builtins.Array.at as never, 'chrome')).toBe(92);
  });

  test('every unguarded use above the floor in the fixture is reported, with file and line', async () => {
    const issues = (await fixture('unguarded.js')).filter((i) => !i.guarded);
    const apis = new Map(issues.map((i) => [i.api, i]));
    expect([...apis.keys()].sort()).toEqual(['.at', 'AbortSignal.timeout', 'offscreen', 'offscreen.createDocument', 'storage.session', 'structuredClone'].sort());
    expect(apis.get('storage.session')).toMatchObject({ since: 102, line: 3, kind: 'extension' });
    expect(apis.get('structuredClone')).toMatchObject({ since: 98, line: 6 });
    expect(apis.get('offscreen.createDocument')!.since).toBe(109);
  });

  test('the same APIs behind feature tests or try/catch pass', async () => {
    const issues = await fixture('guarded.js');
    expect(issues.filter((i) => !i.guarded)).toEqual([]);
    // Still listed as used, so the report shows what depends on a fallback.
    expect(issues.map((i) => i.api)).toEqual(expect.arrayContaining(['storage.session', 'structuredClone', 'AbortSignal.timeout', 'offscreen.createDocument', '.showPopover']));
  });

  test('the polyfill renames `browser` when minified: x.storage.session is still an extension API', () => {
    const issues = checkScript('min.js', 'function f(e){return e.storage.session.get("k")}', opts);
    expect(issues).toMatchObject([{ api: 'storage.session', guarded: false }]);
  });

  test('a guard in an enclosing function covers the uses inside it; one in a sibling does not', () => {
    const code = `function a(e){ if(!e.storage.session) return; return () => e.storage.session.get("k") }
function b(e){ return e.storage.session.get("k") }`;
    const issues = checkScript('x.js', code, opts);
    expect(issues.filter((i) => !i.guarded).map((i) => i.line)).toEqual([2]);
  });

  test('manifest permissions above the floor are reported', () => {
    expect(checkManifest('manifest.json', { permissions: ['storage', 'offscreen', 'sidePanel'] }, opts).map((i) => i.api).sort()).toEqual(['permission offscreen', 'permission sidePanel']);
    expect(checkManifest('manifest.json', { permissions: ['storage', 'tabs', 'scripting', 'alarms'] }, opts)).toEqual([]);
  });

  test('npm run compat exits 1 on the unguarded fixture and names the API, 0 on the guarded one', () => {
    const run = (file: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'cli/compat.ts', join(FIXTURES, 'compat', file)], { encoding: 'utf8', cwd: join(import.meta.dirname, '../../..') });
    const bad = run('unguarded.js');
    expect(bad.status, bad.stderr).toBe(1);
    expect(bad.stdout).toContain('storage.session (chrome 102');
    expect(bad.stderr).toContain('兼容性检查未通过');
    const good = run('guarded.js');
    expect(good.status, good.stderr).toBe(0);
    // Two tsx start-ups and the 20 MB compat data, on a busy 2-core machine.
  }, 60_000);
});
