import { describe, expect, test } from 'vitest';
import { scan } from '@/lib/engine/scan';
import { collectRoots } from '@/lib/page/roots';
import { findingKey } from '@/lib/page/key';
import { DEFAULT_RULE_PACK } from '@/lib/rule-pack/pack';
import type { Rule } from '@/lib/rules/types';
import type { ScanContext } from '@/lib/page/context';
import { Finding } from '@/lib/findings';

function contextFor(html: string): ScanContext {
  document.body.innerHTML = html;
  const { roots } = collectRoots(document);
  return { doc: document, roots, pageUrl: new URL('https://www.example.gov.cn/a.html#x'), site: 'www.example.gov.cn', now: new Date('2025-06-30'), pack: DEFAULT_RULE_PACK };
}

const everyLink: Rule = {
  id: 'link-empty',
  *run(ctx) {
    for (const { root } of ctx.roots) {
      for (const a of root.querySelectorAll('a')) yield { element: a, severity: 'deduct', label: a.textContent ?? '', message: '空链' };
    }
  },
};

describe('scan engine', () => {
  test('turns candidates into schema-valid findings with a selector that re-finds the element', async () => {
    const ctx = contextFor('<div id="nav"><a href="#">首页</a><a href="#">要闻</a></div>');
    const { findings } = await scan(ctx, [everyLink]);
    expect(findings).toHaveLength(2);
    for (const f of findings) expect(Finding.parse(f)).toEqual(f);
    expect(document.querySelector(findings[1].selector)?.textContent).toBe('要闻');
    expect(findings[0].pageUrl).toBe('https://www.example.gov.cn/a.html');
  });

  test('the same page scanned twice gives the same keys', async () => {
    const ctx = contextFor('<p><a href="#">一</a></p>');
    const a = await scan(ctx, [everyLink]);
    const b = await scan(ctx, [everyLink]);
    expect(a.findings.map((f) => f.key)).toEqual(b.findings.map((f) => f.key));
    expect(a.findings[0].id).not.toBe(b.findings[0].id);
  });

  test('yields to the page between slices', async () => {
    const ctx = contextFor('<a href="#">x</a>'.repeat(50));
    let clock = 0;
    let yields = 0;
    const slow: Rule = { id: 'link-empty', *run() { for (let i = 0; i < 50; i++) { clock += 3; yield null; } } };
    await scan(ctx, [slow], { sliceMs: 8, now: () => clock, yieldToPage: async () => { yields++; } });
    expect(yields).toBeGreaterThanOrEqual(15);
  });

  test('a rule that throws is reported and the others still run', async () => {
    const ctx = contextFor('<a href="#">x</a>');
    const broken: Rule = { id: 'link-hidden', *run() { throw new Error('boom'); } };
    const result = await scan(ctx, [broken, everyLink]);
    expect(result.findings).toHaveLength(1);
    expect(result.unscanned).toEqual([expect.objectContaining({ kind: 'rule-error', where: 'link-hidden' })]);
  });

  test('stops at the time budget and says so', async () => {
    const ctx = contextFor('');
    let clock = 0;
    const endless: Rule = { id: 'link-empty', *run() { for (;;) { clock += 5; yield null; } } };
    const result = await scan(ctx, [endless], { budgetMs: 100, now: () => clock, yieldToPage: async () => {} });
    expect(result.unscanned[0].kind).toBe('time-limit');
  });

  test('looks into open shadow roots and same-origin frames, with a path to reach them', () => {
    document.body.innerHTML = '<div id="host"></div><iframe id="f"></iframe>';
    const shadow = document.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<a href="#">in shadow</a>';
    const { roots } = collectRoots(document);
    expect(roots.map((r) => r.path)).toContainEqual(['#host']);
  });

  test('keys differ by rule, element and subject', () => {
    expect(findingKey(['p', 'link-dead', 'a', 'x'])).not.toBe(findingKey(['p', 'link-empty', 'a', 'x']));
    expect(findingKey(['p', 'r', 'a', 'x'])).toHaveLength(16);
  });
});

test('top-level links of a shadow root get distinct selectors and keys', async () => {
  document.body.innerHTML = '<div id="host2"></div>';
  const shadow = document.getElementById('host2')!.attachShadow({ mode: 'open' });
  shadow.innerHTML = '<a href="#">一</a><a href="#">二</a>';
  const { roots } = collectRoots(document);
  const ctx: ScanContext = { doc: document, roots, pageUrl: new URL('https://www.example.gov.cn/'), site: 'www.example.gov.cn', now: new Date(), pack: DEFAULT_RULE_PACK };
  const everyShadowLink: Rule = {
    id: 'link-empty',
    *run(c) {
      for (const { root } of c.roots) for (const a of root.querySelectorAll('a')) yield { element: a, severity: 'deduct', label: 'x', message: '空链' };
    },
  };
  const { findings } = await scan(ctx, [everyShadowLink]);
  expect(findings.map((f) => f.selector)).toEqual(['#host2 >>> a:nth-of-type(1)', '#host2 >>> a:nth-of-type(2)']);
  expect(shadow.querySelector('a:nth-of-type(2)')?.textContent).toBe('二');
});
