import { expect, test } from 'vitest';
import { buildExport } from '@/lib/export/files';
import { SyncError } from '@/lib/sync/errors';
import { fetchScreenshots } from '@/components/review/report-evidence';
import { makeFinding } from '../../factories';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

/** A server that holds `held` screenshots, answers slowly, and counts how many requests it has at once. */
function fakeServer(held: Record<string, Uint8Array>) {
  let running = 0;
  const seen = { peak: 0, asked: [] as string[] };
  return {
    seen,
    async getEvidence(id: string): Promise<Blob> {
      seen.asked.push(id);
      running++;
      seen.peak = Math.max(seen.peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (!held[id]) throw new SyncError('rejected', `服务器不接受这次提交（HTTP 404）：no evidence ${id}`);
      return new Blob([held[id] as Uint8Array<ArrayBuffer>], { type: 'image/png' });
    },
  };
}

test('each screenshot is fetched once, a few at a time; a missing one is skipped and listed', async () => {
  const shared = makeFinding({ screenshotId: 'shot-shared' });
  const alsoShared = makeFinding({ screenshotId: 'shot-shared' });
  const many = Array.from({ length: 9 }, (_, i) => makeFinding({ screenshotId: `shot-${i}` }));
  const gone = makeFinding({ screenshotId: 'shot-gone' });
  const none = makeFinding();
  const held: Record<string, Uint8Array> = { 'shot-shared': PNG };
  for (let i = 0; i < 9; i++) held[`shot-${i}`] = PNG;
  const server = fakeServer(held);

  const shots = await fetchScreenshots(server, [shared, alsoShared, ...many, gone, none], 3);

  expect(server.seen.asked.filter((id) => id === 'shot-shared')).toHaveLength(1);
  expect(server.seen.asked).toHaveLength(11);
  expect(server.seen.peak).toBe(3);
  expect(shots.byFinding.get(shared.id)).toBe(`data:image/png;base64,${btoa(String.fromCharCode(...PNG))}`);
  expect(shots.byFinding.get(alsoShared.id)).toBe(shots.byFinding.get(shared.id));
  expect(many.every((f) => shots.byFinding.has(f.id))).toBe(true);
  expect(shots.byFinding.has(gone.id)).toBe(false);
  expect(shots.byFinding.has(none.id)).toBe(false);
  expect(shots.failed).toEqual([{ id: 'shot-gone', error: expect.stringContaining('HTTP 404') }]);
});

test('no screenshots: nothing is asked', async () => {
  const server = fakeServer({});
  expect(await fetchScreenshots(server, [makeFinding(), makeFinding()])).toEqual({ byFinding: new Map(), failed: [] });
  expect(server.seen.asked).toEqual([]);
});

test('the report embeds the fetched screenshots and says which could not be had', async () => {
  const withShot = makeFinding({ screenshotId: 'a', label: '有截图', status: 'confirmed' });
  const lost = makeFinding({ screenshotId: 'b', label: '截图丢失', status: 'accepted' });
  const shots = await fetchScreenshots(fakeServer({ a: PNG }), [withShot, lost]);
  const file = await buildExport('html', { findings: [withShot, lost], screenshots: shots.byFinding, note: '1 张截图无法从服务器取得，未放入报告' });
  const html = await file.blob.text();
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const imgs = [...doc.querySelectorAll('article.finding')].map((a) => [a.querySelector('dd')?.textContent, a.querySelector('figure img')?.getAttribute('src') ?? null]);
  expect(imgs).toEqual(
    expect.arrayContaining([
      ['有截图', shots.byFinding.get(withShot.id)],
      ['截图丢失', null],
    ]),
  );
  expect(doc.querySelector('[data-note]')?.textContent).toBe('1 张截图无法从服务器取得，未放入报告');
});
