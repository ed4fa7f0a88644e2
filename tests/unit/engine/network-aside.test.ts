import { afterEach, expect, test } from 'vitest';
import { PageInspector } from '@/lib/engine/inspector';
import type { ProbeResult } from '@/lib/links/types';
import { DEFAULT_RULE_PACK } from '@/lib/rule-pack/pack';
import { RULES } from '@/lib/rules';

afterEach(() => {
  document.body.innerHTML = '';
});

/** The prober as on a closed network: the page's own host answers (one 404), every other host fails DNS. */
async function closedNetwork(urls: string[]): Promise<ProbeResult[]> {
  const own = new URL(document.URL).hostname;
  return urls.map((url): ProbeResult => {
    const host = new URL(url).hostname;
    if (host !== own) return { url, verdict: 'broken', reason: 'dns', checkedAt: new Date().toISOString() };
    const gone = url.endsWith('/gone.html');
    return { url, verdict: gone ? 'broken' : 'ok', reason: gone ? 'http-404' : 'ok', status: gone ? 404 : 200, checkedAt: new Date().toISOString() };
  });
}

test('links on hosts this machine cannot reach give no 错链 and one not-scanned notice; the own dead link stays', async () => {
  const own = new URL(document.URL).origin;
  document.body.innerHTML = `<a href="${own}/ok.html">政务公开</a><a href="${own}/gone.html">旧栏目</a>
    <a href="https://www.gov.cn/">中国政府网</a><a href="https://www.henan.gov.cn/">河南省人民政府</a><a href="https://friend.example.com/">合作单位</a>`;
  const inspector = new PageInspector(document, { rules: RULES, pack: DEFAULT_RULE_PACK, probe: closedNetwork, onState: () => undefined });
  await inspector.rescan();
  const dead = inspector.current.findings.filter((f) => f.rule === 'link-dead');
  expect(dead.map((f) => f.href)).toEqual([`${own}/gone.html`]);
  const notices = inspector.current.unscanned.filter((u) => u.kind === 'unreachable-hosts');
  expect(notices).toHaveLength(1);
  expect(notices[0].where).toBe('friend.example.com, www.gov.cn, www.henan.gov.cn');
  expect(notices[0].network).toMatchObject({ scope: 'outside', hosts: 3, links: 3 });
});
