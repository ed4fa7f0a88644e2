import { afterEach, expect, test } from 'vitest';
import { PageInspector } from '@/lib/engine/inspector';
import type { ScanState } from '@/lib/messages';
import type { ProbeResult } from '@/lib/links/types';
import { MAX_PROBES_PER_PAGE } from '@/lib/links/target-policy';
import { DEFAULT_RULE_PACK } from '@/lib/rule-pack/pack';
import { RULES } from '@/lib/rules';

afterEach(() => {
  document.body.innerHTML = '';
});

const answer = (url: string, verdict: ProbeResult['verdict'], reason: string): ProbeResult => ({ url, verdict, reason, checkedAt: new Date().toISOString() });

test('links the background did not probe are said once for the page; a local address refused is a review finding with the reason', async () => {
  document.body.innerHTML = [
    '<a href="https://www.example.gov.cn/a.html">通知</a>',
    '<a href="https://www.example.gov.cn/b.html">公告</a>',
    '<a href="https://www.example.gov.cn/c.html">政策</a>',
    '<a href="http://192.168.1.1/">路由器</a>',
  ].join('');
  let last: ScanState | undefined;
  const inspector = new PageInspector(document, {
    rules: RULES,
    pack: DEFAULT_RULE_PACK,
    probe: async (urls) =>
      urls.map((url) =>
        url.includes('192.168') ? answer(url, 'review', 'private-address') : url.endsWith('a.html') ? answer(url, 'ok', 'http-200') : answer(url, 'review', 'probe-limit'),
      ),
    onState: (s) => (last = s),
  });
  await inspector.rescan();
  const dead = last!.findings.filter((f) => f.rule === 'link-dead');
  expect(dead.map((f) => f.label)).toEqual(['路由器']);
  expect(dead[0].severity).toBe('review');
  expect(dead[0].message).toContain('地址指向内网');
  expect(last!.unscanned).toContainEqual({ kind: 'node-limit', where: 'link-dead', reason: `本页链接过多，超出每页 ${MAX_PROBES_PER_PAGE} 个的检测上限，另有 2 个链接未检测` });
});
