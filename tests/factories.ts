import type { Finding } from '@/lib/findings';

let n = 0;

/** A valid Finding with sensible defaults; tests override what they are about. */
export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  n++;
  const id = overrides.id ?? `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id,
    key: `k${n}`,
    rule: 'link-dead',
    severity: 'deduct',
    status: 'open',
    pageUrl: 'https://www.example.gov.cn/index.html',
    pageTitle: '示例市人民政府',
    site: 'www.example.gov.cn',
    selector: `#a${n}`,
    snippet: `<a id="a${n}">链接</a>`,
    label: `链接 ${n}`,
    href: `https://www.example.gov.cn/missing-${n}.html`,
    detail: { status: 404 },
    message: '链接无法访问（HTTP 404）',
    createdAt: '2025-06-30T02:00:00.000Z',
    updatedAt: '2025-06-30T02:00:00.000Z',
    version: 1,
    ...overrides,
  };
}
