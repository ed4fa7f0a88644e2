import { rename, rm, writeFile } from 'node:fs/promises';

/** Writes a report file whole or not at all: a run stopped mid-write never leaves half a report behind. */
export async function replaceFile(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
}
