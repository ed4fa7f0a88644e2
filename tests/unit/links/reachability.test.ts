import { describe, expect, test } from 'vitest';
import type { ProbeResult } from '../../../lib/links/types';
import { assessReachability, onSetAsideHost, reachabilityUnscanned } from '../../../lib/links/reachability';
import { Unscanned } from '../../../lib/findings';

const at = '2026-01-01T00:00:00.000Z';
const dns = (url: string): ProbeResult => ({ url, verdict: 'broken', reason: 'dns', checkedAt: at });
const refused = (url: string): ProbeResult => ({ url, verdict: 'broken', reason: 'connection-refused', checkedAt: at });
const answered = (url: string, status: number): ProbeResult => ({ url, verdict: status < 400 ? 'ok' : 'broken', reason: status < 400 ? 'ok' : `http-${status}`, status, checkedAt: at });

const PAGE = 'http://www.qinghe.gov.test/index.html';

describe('assessReachability', () => {
  test('every off-site host failing DNS while the page is open: this machine cannot reach outside', () => {
    const r = assessReachability(PAGE, [
      answered('http://www.qinghe.gov.test/a.html', 200),
      answered('http://www.qinghe.gov.test/gone.html', 404),
      dns('https://www.gov.cn/'),
      dns('https://www.gov.cn/zhengce/'),
      dns('http://www.henan.gov.cn/'),
    ]);
    expect(r).toEqual({ failures: ['dns'], scope: 'outside', hosts: ['www.gov.cn', 'www.henan.gov.cn'], links: 3, answered: 0 });
    const notice = reachabilityUnscanned(r!);
    expect(Unscanned.parse(notice)).toEqual(notice);
    expect(notice.reason).toContain('本机无法访问外部网站');
    expect(notice.reason).toContain('3 个链接未检查，不计为错链');
    expect(notice.reason).not.toContain('可能已关闭');
  });

  test('a restricted network: some off-site hosts answer, three or more fail alike', () => {
    const r = assessReachability(PAGE, [
      answered('https://www.gov.cn/', 200),
      answered('https://www.gov.cn/missing', 404),
      refused('http://a.example.com/'),
      refused('http://b.example.com/'),
      refused('http://c.example.com/x'),
    ]);
    expect(r).toMatchObject({ failures: ['connect'], scope: 'restricted', hosts: ['a.example.com', 'b.example.com', 'c.example.com'], answered: 1 });
    expect(reachabilityUnscanned(r!).reason).toContain('本机网络只能访问部分外部网站');
  });

  test('one or two dead domains beside answering ones are dead sites, not the network', () => {
    expect(assessReachability(PAGE, [answered('https://www.gov.cn/', 200), dns('http://old-friend.example.com/'), dns('http://gone.example.org/')])).toBeNull();
    // A single off-site link failing, nothing else to compare with: not enough to blame the machine.
    expect(assessReachability(PAGE, [dns('http://old-friend.example.com/')])).toBeNull();
  });

  test("the page's own host and its subdomains are never set aside: their failures are the site's", () => {
    expect(
      assessReachability(PAGE, [dns('http://old.qinghe.gov.test/'), dns('http://bbs.qinghe.gov.test/'), dns('http://qinghe.gov.test/x')]),
    ).toBeNull();
  });

  test('a host with one address answering (even 404) answers: it is not set aside', () => {
    const r = assessReachability(PAGE, [
      dns('http://a.example.com/'),
      answered('http://a.example.com/b', 404),
      dns('http://b.example.com/'),
      dns('http://c.example.com/'),
      dns('http://d.example.com/'),
    ]);
    expect(r?.hosts).toEqual(['b.example.com', 'c.example.com', 'd.example.com']);
    expect(r?.scope).toBe('restricted');
    // Two failing beside one answering is below the line for a restricted network.
    expect(assessReachability(PAGE, [answered('http://a.example.com/b', 404), dns('http://b.example.com/'), dns('http://c.example.com/')])).toBeNull();
  });

  test('failures that are about one address (404, TLS, bot wall) never point at the network', () => {
    const tls = (url: string): ProbeResult => ({ url, verdict: 'review', reason: 'tls', checkedAt: at });
    expect(assessReachability(PAGE, [tls('https://a.example.com/'), tls('https://b.example.com/'), tls('https://c.example.com/')])).toBeNull();
  });

  test('links on a set-aside host are recognised by host name', () => {
    const hosts = new Set(['www.gov.cn']);
    expect(onSetAsideHost('https://www.gov.cn/zhengce/', hosts)).toBe(true);
    expect(onSetAsideHost('https://gov.cn/', hosts)).toBe(false);
    expect(onSetAsideHost('not a url', hosts)).toBe(false);
  });
});
