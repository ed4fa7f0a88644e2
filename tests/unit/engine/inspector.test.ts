import { afterEach, describe, expect, test, vi } from 'vitest';
import { PageInspector } from '@/lib/engine/inspector';
import type { ScanState } from '@/lib/messages';
import type { ProbeResult } from '@/lib/links/types';
import { DEFAULT_RULE_PACK } from '@/lib/rule-pack/pack';
import { RULES } from '@/lib/rules';

/** A probe the test answers by hand: the scan waits on it like on the background's network checks. */
function heldProbe() {
  const calls: Array<{ urls: string[]; answer: (r: ProbeResult[]) => void }> = [];
  return {
    calls,
    probe: (urls: string[]) => new Promise<ProbeResult[]>((answer) => calls.push({ urls, answer })),
    answerAll() {
      for (const c of calls.splice(0)) c.answer(c.urls.map((url): ProbeResult => ({ url, verdict: 'ok', reason: 'http-200', status: 200, checkedAt: new Date().toISOString() })));
    },
  };
}

function page(html: string): Document {
  document.body.innerHTML = html;
  return document;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('PageInspector.settled', () => {
  test('waits for the running scan, link checks included, then resolves', async () => {
    const held = heldProbe();
    const phases: string[] = [];
    const inspector = new PageInspector(page('<a href="https://www.example.gov.cn/a.html">通知</a><a href="#">空</a>'), {
      rules: RULES,
      pack: DEFAULT_RULE_PACK,
      probe: held.probe,
      onState: (s: ScanState) => phases.push(s.phase),
    });
    const scan = inspector.rescan();
    let settled = false;
    void inspector.settled(60_000).then(() => (settled = true));
    for (let i = 0; i < 50 && !held.calls.length; i++) await flush();
    expect(held.calls.length).toBeGreaterThan(0);
    await flush();
    expect(settled).toBe(false);
    held.answerAll();
    await scan;
    await flush();
    expect(settled).toBe(true);
    expect(phases.at(-1)).toBe('done');
    // Settled already: at once.
    await inspector.settled(60_000);
  });

  test('before the first scan starts it waits for that scan', async () => {
    const held = heldProbe();
    const inspector = new PageInspector(page('<p>无链接</p>'), { rules: RULES, pack: DEFAULT_RULE_PACK, probe: held.probe, onState: () => undefined });
    let settled = false;
    void inspector.settled(60_000).then(() => (settled = true));
    await flush();
    expect(settled).toBe(false);
    await inspector.rescan();
    await flush();
    expect(settled).toBe(true);
  });

  test('gives up after the timeout when no scan ever finishes', async () => {
    vi.useFakeTimers();
    const inspector = new PageInspector(page('<p>x</p>'), { rules: RULES, pack: DEFAULT_RULE_PACK, probe: heldProbe().probe, onState: () => undefined });
    let settled = false;
    void inspector.settled(5_000).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
  });
});

describe('PageInspector.watch', () => {
  const okProbe = async (urls: string[]) => urls.map((url): ProbeResult => ({ url, verdict: 'ok', reason: 'http-200', status: 200, checkedAt: new Date().toISOString() }));

  test('rescans when a link is added inside an open shadow root the scan entered, also after stop() and watch() again', async () => {
    const doc = page('<div id="host"></div>');
    const shadow = doc.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<a href="/bszn/">办事指南</a>';
    let scans = 0;
    const inspector = new PageInspector(doc, {
      rules: RULES,
      pack: DEFAULT_RULE_PACK,
      probe: okProbe,
      onState: (s: ScanState) => void (s.phase === 'scanning' && scans++),
    });
    inspector.watch(5, 20);
    await inspector.rescan();
    expect(scans).toBe(1);
    const rescanned = async (before: number) => {
      for (let i = 0; i < 200 && scans === before; i++) await new Promise((r) => setTimeout(r, 5));
      await inspector.settled(5_000);
      return scans > before;
    };

    shadow.append(Object.assign(doc.createElement('a'), { href: 'http://spam-in-shadow.example/', textContent: '百家乐' }));
    expect(await rescanned(1)).toBe(true);

    inspector.stop();
    inspector.watch(5, 20);
    const before = scans;
    shadow.append(Object.assign(doc.createElement('a'), { href: 'http://spam-again.example/', textContent: '时时彩' }));
    expect(await rescanned(before)).toBe(true);
    inspector.stop();
  });
});
