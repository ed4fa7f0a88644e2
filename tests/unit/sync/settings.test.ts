import { describe, expect, test } from 'vitest';
import { SyncSettings } from '@/lib/sync/settings';

const parse = (endpoint: string) => SyncSettings.safeParse({ endpoint, token: 'abcdefghijklmnopqrstuvwxyz012345' });
const problem = (endpoint: string) => {
  const r = parse(endpoint);
  return r.success ? null : r.error.issues.map((i) => i.message).join('；');
};

describe('the endpoint as typed', () => {
  test('usable addresses: trimmed, a trailing slash dropped, a path prefix kept', () => {
    expect(parse('  https://gsi.example.gov.cn/  ').data?.endpoint).toBe('https://gsi.example.gov.cn');
    expect(parse('http://127.0.0.1:8787').data?.endpoint).toBe('http://127.0.0.1:8787');
    expect(parse('https://www.example.gov.cn/gsi/').data?.endpoint).toBe('https://www.example.gov.cn/gsi');
  });

  test('without a scheme, or another scheme: says what to type', () => {
    for (const e of ['gsi.example.gov.cn', '192.168.1.10:8787', 'localhost:8787', 'ftp://gsi.example.gov.cn', 'https：//gsi.example.gov.cn']) {
      expect(problem(e)).toMatch(/^服务器地址应是 http:\/\/ 或 https:\/\/ 开头/);
    }
  });

  test('a space inside (also a full-width one) is refused, not sent as %20', () => {
    expect(problem('https://gsi.example.gov.cn/ gsi')).toBe('服务器地址中间不能有空格');
    expect(problem('https://gsi.example.gov.cn/gsi\u3000tong')).toBe('服务器地址中间不能有空格');
  });

  test('? and # parts, even empty ones, are refused (a # would send every request to the site root)', () => {
    expect(problem('https://gsi.example.gov.cn/#')).toBe('服务器地址不能带 ? 或 # 部分');
    expect(problem('https://gsi.example.gov.cn/?')).toBe('服务器地址不能带 ? 或 # 部分');
  });

  test('plain http is refused unless the server is on this machine: the token would cross the network in clear text', () => {
    for (const e of ['http://gsi.example.gov.cn', 'http://192.168.1.10:8787', 'http://10.0.0.5/gsi', 'HTTP://GSI.EXAMPLE.GOV.CN/']) {
      expect(problem(e), e).toMatch(/^http:\/\/ 会让令牌以明文经过网络，只能用于本机.*请填写 https:\/\/ 地址/);
    }
    expect(problem('http://192.168.1.10:8787')).toContain('例如 https://192.168.1.10:8787');
    for (const e of ['http://127.0.0.1:8787', 'http://localhost:8787', 'http://[::1]:8787', 'http://gsi.localhost', 'https://192.168.1.10:8787']) {
      expect(problem(e), e).toBeNull();
    }
  });

  test('a user name or password in the address is refused (fetch cannot send it)', () => {
    expect(problem('https://zhang:secret@gsi.example.gov.cn')).toMatch(/^服务器地址里不能带用户名或密码/);
  });

  test('a pasted API address names the root to type instead', () => {
    expect(problem('https://gsi.example.gov.cn/api/me')).toBe('请填写同步服务的根地址，不要带 /api/me（例如 https://gsi.example.gov.cn）');
    expect(problem('https://www.example.gov.cn/gsi/healthz/')).toBe('请填写同步服务的根地址，不要带 /healthz（例如 https://www.example.gov.cn/gsi）');
  });
});
