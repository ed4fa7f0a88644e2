import { afterEach, expect, test } from 'vitest';
import { cleanup, render } from '@testing-library/preact';
import { I18nProvider } from '@/components/i18n';
import { NetworkNotice } from '@/components/NetworkNotice';
import { UnscannedList } from '@/components/UnscannedList';
import { assessReachability, reachabilityUnscanned } from '@/lib/links/reachability';
import type { Unscanned } from '@/lib/findings';

afterEach(cleanup);

const at = '2026-01-01T00:00:00.000Z';
const notice = reachabilityUnscanned(
  assessReachability('http://www.qinghe.gov.cn/', ['https://www.gov.cn/', 'https://www.henan.gov.cn/', 'https://www.henan.gov.cn/a'].map((url) => ({ url, verdict: 'broken' as const, reason: 'dns', checkedAt: at })))!,
);
const frame: Unscanned = { kind: 'cross-origin-frame', where: 'https://map.example.com/', reason: '跨域框架' };

test('one plain notice in Chinese and in English, and not again in the not-scanned list', () => {
  for (const [lang, words] of [
    ['zh_CN', ['本机网络无法访问外部网站', '2 个外部网站都打不开（域名无法解析）', '3 个链接未检查，不计为错链']],
    ['en', ['cannot reach outside sites', 'All 2 off-site hosts', '3 links on them were not checked']],
  ] as const) {
    const { container, unmount } = render(
      <I18nProvider initial={lang}>
        <NetworkNotice items={[frame, notice]} />
        <UnscannedList items={[frame, notice]} />
      </I18nProvider>,
    );
    const shown = container.querySelectorAll('.gsi-network-notice');
    expect(shown).toHaveLength(1);
    for (const w of words) expect(shown[0].textContent).toContain(w);
    expect(container.querySelectorAll('.gsi-unscanned li').length).toBe(1);
    expect(container.querySelector('.gsi-unscanned [data-kind="unreachable-hosts"]')).toBeNull();
    unmount();
  }
  const { container } = render(
    <I18nProvider initial="zh_CN">
      <NetworkNotice items={[frame]} />
    </I18nProvider>,
  );
  expect(container.querySelector('.gsi-network-notice')).toBeNull();
});
