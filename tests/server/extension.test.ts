import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readCrx, readZip } from '../../lib/distribution/crx';
import { writePackages } from '../../cli/package';
import { createDatabase, startServer, type ServerProcess, type TestDatabase } from './harness';

/**
 * The team server hands out the extension for policy install: updates.xml names the newest .crx in the
 * package folder, and a newer one copied there is offered at the next check, without a restart.
 */

const tmp = mkdtempSync(join(tmpdir(), 'gsi-ext-'));
const served = join(tmp, 'served');
const build = join(tmp, 'build');
// A throwaway signing key, made here and deleted with the folder: never a file in the repository.
const keyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });

let db: TestDatabase;
let server: ServerProcess;

beforeAll(async () => {
  mkdirSync(join(build, 'icon'), { recursive: true });
  writeFileSync(join(build, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'GSI test', version: '0.0.1', minimum_chrome_version: '88' }));
  writeFileSync(join(build, 'background.js'), '// service worker');
  writeFileSync(join(build, 'icon', '16.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  mkdirSync(served);
  db = await createDatabase('sqlite');
  server = await startServer(db.url, { GSI_EXTENSION_DIR: served });
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
  rmSync(tmp, { recursive: true, force: true });
});

const pack = (version: string) => writePackages({ keyPem, version, chromeDir: build, firefoxDir: null, outDir: served, baseUrl: 'http://unused.example/extension' });

describe('GET /extension/…', () => {
  test('an empty folder: updates.xml lists no app (a browser just finds nothing to install)', async () => {
    const res = await fetch(`${server.url}/extension/updates.xml`);
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('<app');
  });

  test('updates.xml offers the package at this server\'s address, with its id, version and Chromium floor; the .crx downloads', async () => {
    const { id } = await pack('1.0.0');
    const res = await fetch(`${server.url}/extension/updates.xml`);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = await res.text();
    expect(xml).toContain(`appid='${id}'`);
    expect(xml).toContain(`codebase='${server.url}/extension/gov-site-inspector-1.0.0.crx' version='1.0.0' prodversionmin='88'`);
    const crx = await fetch(`${server.url}/extension/gov-site-inspector-1.0.0.crx`);
    expect(crx.headers.get('content-type')).toBe('application/x-chrome-extension');
    const info = readCrx(new Uint8Array(await crx.arrayBuffer()));
    expect(info.id).toBe(id);
    expect(info.manifest).toMatchObject({ version: '1.0.0', name: 'GSI test' });
    expect(readZip(info.zip).get('icon/16.png')).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const zip = await fetch(`${server.url}/extension/gov-site-inspector-1.0.0-chrome.zip`);
    expect(zip.headers.get('content-disposition')).toContain('gov-site-inspector-1.0.0-chrome.zip');
  });

  test('a newer package copied into the folder is offered at the next check; 1.10.0 is newer than 1.9.0', async () => {
    await pack('1.9.0');
    expect(await (await fetch(`${server.url}/extension/updates.xml`)).text()).toContain("version='1.9.0'");
    await pack('1.10.0');
    const xml = await (await fetch(`${server.url}/extension/updates.xml`)).text();
    expect(xml).toContain("codebase='" + server.url + "/extension/gov-site-inspector-1.10.0.crx' version='1.10.0'");
    expect(xml.match(/<app /g)).toHaveLength(1);
    const index = (await (await fetch(`${server.url}/extension/`)).json()) as { updateUrl: string; extensions: { version: string }[] };
    expect(index.updateUrl).toBe(`${server.url}/extension/updates.xml`);
    expect(index.extensions.map((e) => e.version)).toEqual(['1.10.0']);
  });

  test('a broken or half-copied .crx is skipped, never offered; the good ones still are', async () => {
    writeFileSync(join(served, 'gov-site-inspector-9.0.0.crx'), 'Cr24 not really');
    const xml = await (await fetch(`${server.url}/extension/updates.xml`)).text();
    expect(xml).toContain("version='1.10.0'");
    expect(xml).not.toContain('9.0.0');
    expect(server.output()).toContain('gov-site-inspector-9.0.0.crx');
  });

  test('only package files of the folder itself are served: other names and paths get a JSON 404', async () => {
    writeFileSync(join(tmp, 'secret.xml'), '<secret/>');
    for (const path of ['/extension/..%2Fsecret.xml', '/extension/../secret.xml', '/extension/gsi.pem', '/extension/nothere.crx']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not-found');
    }
  });
});

test('a folder that does not exist: a 404 saying what to do, and the API still runs', async () => {
  const other = await startServer(db.url, { GSI_EXTENSION_DIR: join(tmp, 'missing') });
  try {
    const res = await fetch(`${other.url}/extension/updates.xml`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'no-extension-packages', message: expect.stringContaining('npm run package') });
    expect((await fetch(`${other.url}/healthz`)).status).toBe(200);
  } finally {
    await other.stop();
  }
});

test('GSI_PUBLIC_URL: the .crx links name the address browsers reach (a reverse proxy), and a bad one stops start-up', async () => {
  const proxied = await startServer(db.url, { GSI_EXTENSION_DIR: served, GSI_PUBLIC_URL: 'https://gsi.example.gov.cn/' });
  try {
    expect(await (await fetch(`${proxied.url}/extension/updates.xml`)).text()).toContain("codebase='https://gsi.example.gov.cn/extension/gov-site-inspector-1.10.0.crx'");
  } finally {
    await proxied.stop();
  }
  await expect(startServer(db.url, { GSI_EXTENSION_DIR: served, GSI_PUBLIC_URL: 'gsi.example.gov.cn' })).rejects.toThrow(/GSI_PUBLIC_URL/);
});
