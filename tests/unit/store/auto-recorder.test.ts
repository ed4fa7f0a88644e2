import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test } from 'vitest';
import { openStore, type InspectorStore } from '@/lib/store/db';
import { createSession } from '@/lib/store/sessions';
import { findingsOfSession } from '@/lib/store/recording';
import { createAutoRecorder } from '@/lib/store/auto-recorder';
import type { ScanState } from '@/lib/messages';
import { makeFinding } from '../../factories';

let db: InspectorStore | undefined;
let n = 0;
afterEach(() => db?.close());

const state = (url: string, phase: ScanState['phase'] = 'done'): ScanState => ({
  url,
  title: '首页',
  phase,
  findings: [makeFinding({ key: `k-${url}`, pageUrl: url })],
  unscanned: [],
  counts: { 'link-dead': 1 },
  linksTotal: 1,
  linksProbed: 1,
  overlayVisible: true,
});

describe('auto recording', () => {
  test('settled scans of the active session’s sites are recorded; other sites and unfinished scans are not', async () => {
    db = await openStore(`gsi-auto-${++n}`);
    const tabs: Record<number, ScanState | string> = {
      1: state('https://www.example.gov.cn/a.html'),
      2: state('https://news.example.gov.cn/b.html'),
      3: state('https://www.other.com/'),
      4: state('https://www.example.gov.cn/c.html', 'probing'),
      5: 'garbage',
    };
    const errors: unknown[] = [];
    const recorder = createAutoRecorder({ db: Promise.resolve(db), stateOf: async (id) => tabs[id], onError: (e) => errors.push(e) });
    expect(await recorder.scanSettled(1)).toBeNull(); // no session yet
    const session = await createSession(db, { name: '检查', quarter: '2025Q2', inspector: '张三', sites: [{ name: '示例', url: 'http://example.gov.cn' }] });
    expect(await recorder.scanSettled(1)).toEqual({ added: 1, updated: 0, unchanged: 0 });
    expect(await recorder.scanSettled(1)).toEqual({ added: 0, updated: 0, unchanged: 1 });
    expect(await recorder.scanSettled(2)).toMatchObject({ added: 1 });
    for (const id of [3, 4, 5]) expect(await recorder.scanSettled(id)).toBeNull();
    const stored = await findingsOfSession(db, session.id);
    expect(stored.map((f) => [f.pageUrl, f.inspector])).toEqual(
      expect.arrayContaining([
        ['https://www.example.gov.cn/a.html', '张三'],
        ['https://news.example.gov.cn/b.html', '张三'],
      ]),
    );
    expect(stored).toHaveLength(2);
    expect(errors).toEqual([]);
  });
});
