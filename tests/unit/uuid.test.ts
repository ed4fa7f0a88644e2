import { afterEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { newId } from '@/lib/uuid';
import { scan } from '@/lib/engine/scan';
import { collectRoots } from '@/lib/page/roots';
import { DEFAULT_RULE_PACK } from '@/lib/rule-pack/pack';
import { Finding } from '@/lib/findings';
import type { Rule } from '@/lib/rules/types';

/** What a content script sees on a plain-http page: an insecure context, where randomUUID is missing. */
function insecureContext() {
  Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
}

// The own property hid the prototype's method; deleting it brings the method back.
afterEach(() => void delete (globalThis.crypto as { randomUUID?: unknown }).randomUUID);

describe('newId', () => {
  test('without crypto.randomUUID: version-4 UUIDs the Finding schema takes, all different', () => {
    insecureContext();
    expect(typeof (globalThis.crypto as { randomUUID?: unknown }).randomUUID).not.toBe('function');
    const ids = Array.from({ length: 5000 }, newId);
    for (const id of ids.slice(0, 200)) expect(z.uuidv4().safeParse(id).success, id).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('a scan on a page without crypto.randomUUID still gives its findings (it gave a rule error for every rule)', async () => {
    insecureContext();
    document.body.innerHTML = '<a href="#">首页</a><a href="#">要闻</a>';
    const { roots } = collectRoots(document);
    const rule: Rule = {
      id: 'link-empty',
      *run(ctx) {
        for (const { root } of ctx.roots) for (const a of root.querySelectorAll('a')) yield { element: a, severity: 'deduct', label: a.textContent ?? '', message: '空链' };
      },
    };
    const result = await scan({ doc: document, roots, pageUrl: new URL('http://www.example.gov.cn/'), site: 'www.example.gov.cn', now: new Date('2025-06-30'), pack: DEFAULT_RULE_PACK }, [rule]);
    expect(result.unscanned).toEqual([]);
    expect(result.findings).toHaveLength(2);
    for (const f of result.findings) expect(Finding.parse(f)).toEqual(f);
  });
});
