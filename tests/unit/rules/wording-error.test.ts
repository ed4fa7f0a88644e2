import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Finding } from '@/lib/findings';
import { DEFAULT_RULE_PACK } from '@/lib/rule-pack/pack';
import { wordingError } from '@/lib/rules/wording-error';
import { corpusEntries, corpusPath } from '../../corpus';
import { corpusPage, fixturePage, parsePage, runRules } from '../../fixtures/filing/harness';

const govPages = corpusEntries('gov-pages')
  .filter((d) => d.startsWith('mhxqwer__'))
  .map((d) => `gov-pages/${d}/index.html`);
const templatePages = corpusEntries('gov-pages/shangwuting_henan_template')
  .filter((f) => f.endsWith('.html'))
  .map((f) => `gov-pages/shangwuting_henan_template/${f}`);

describe('wording-error on real pages', () => {
  test('the corpus has the pages this test means to cover', () => {
    corpusPath('gov-pages');
    expect(govPages).toHaveLength(10);
    expect(templatePages.length).toBeGreaterThanOrEqual(30);
  });

  const HJHBJFT = 'gov-pages/mhxqwer__hjhbjft.gov.cn/index.html';

  test.each([...govPages, ...templatePages].filter((p) => p !== HJHBJFT))('%s: normal government text produces nothing', async (page) => {
    expect(await runRules([wordingError], corpusPage(page))).toEqual([]);
  });

  // The page is from June 2024; its friend-link list still names the commission abolished in the 2023
  // reform. That is a true outdated agency name, reported for review, and the only finding on the page.
  test('hjhbjft: only the outdated 中国银行保险监督管理委员会 in its link list, for review', async () => {
    const findings = await runRules([wordingError], corpusPage(HJHBJFT));
    expect(findings.map((f) => [f.label, f.severity, f.detail.correct, f.snippet.slice(0, 2)])).toEqual([
      ['中国银行保险监督管理委员会', 'review', '国家金融监督管理总局', '<a'],
    ]);
  });
});

describe('wording-error on fixtures', () => {
  test('each wrong phrase is found with its exact range; correct forms and excused contexts are not', async () => {
    const doc = fixturePage('filing/wording.html');
    const findings = await runRules([wordingError], doc);
    for (const f of findings) expect(Finding.parse(f)).toEqual(f);
    expect(findings.map((f) => [f.label, f.severity, f.detail.correct, f.detail.category])).toEqual([
      ['中华人民共合国', 'veto', '中华人民共和国', 'country-organ'],
      ['攻府', 'veto', '政府', 'country-organ'],
      ['烈土', 'deduct', '烈士', 'fixed-phrase'],
      ['台湾国', 'veto', '', 'taiwan'],
      ['中华民国总统', 'deduct', '台湾地区领导人', 'taiwan'],
      ['中华人民共合国', 'veto', '中华人民共和国', 'country-organ'],
      ['国土资源部', 'review', '自然资源部', 'agency'],
    ]);
    // The offset is into the outlined element's textContent, so the overlay can mark exactly the phrase.
    for (const f of findings) {
      const el = doc.querySelector(f.selector)!;
      const offset = f.detail.offset as number;
      expect(el.textContent!.slice(offset, offset + (f.detail.length as number))).toBe(f.label);
    }
    expect(findings[0].message).toBe('文字表述不规范：“中华人民共合国”，应为“中华人民共和国”');
    expect(findings[3].message).toContain('不得称“台湾国”');
  });

  test('two wrong phrases in one element are two findings', async () => {
    const findings = await runRules([wordingError], parsePage('<p id="p">人民攻府和人民攻府</p>'));
    expect(findings.map((f) => [f.selector, f.detail.offset])).toEqual([
      ['#p', 2],
      ['#p', 7],
    ]);
    expect(findings[0].key).not.toBe(findings[1].key);
    expect(findings[0].detail.context).toBe('人民攻府和人民攻府');
  });

  test('a phrase split across inline tags is found and the outlined element holds all of it', async () => {
    const findings = await runRules([wordingError], parsePage('<div id="d"><p>庆祝<b>中华人民共</b><span>合国</span>成立</p></div>'));
    expect(findings).toHaveLength(1);
    expect(findings[0].label).toBe('中华人民共合国');
    expect(findings[0].snippet.startsWith('<p>')).toBe(true);
    expect(findings[0].detail.offset).toBe(2);
  });

  test('text in scripts, styles, noscript, textarea, input values and the title is not read', async () => {
    const html = `<html><head><title>攻府</title><style>.攻府{}</style></head><body>
      <script>var a = '攻府';</script><noscript>攻府</noscript><textarea>攻府</textarea><input value="攻府">
      <template><p>攻府</p></template><p>正常内容</p></body></html>`;
    expect(await runRules([wordingError], parsePage(html))).toEqual([]);
  });

  test('text outside <body> (where the overlay hangs) is not read', async () => {
    const doc = parsePage('<p>正常内容</p>');
    const host = doc.createElement('div');
    doc.documentElement.appendChild(host);
    host.attachShadow({ mode: 'open' }).innerHTML = '<div>攻府</div>';
    expect(await runRules([wordingError], doc)).toEqual([]);
    // An open shadow root inside the page body is page content.
    const inner = doc.createElement('div');
    doc.body.appendChild(inner);
    inner.attachShadow({ mode: 'open' }).innerHTML = '<p>人民攻府</p>';
    const findings = await runRules([wordingError], doc);
    expect(findings.map((f) => f.label)).toEqual(['攻府']);
    expect(findings[0].selector).toContain(' >>> ');
  });

  test('an empty word list finds nothing', async () => {
    const pack = { ...DEFAULT_RULE_PACK, wording: [] };
    expect(await runRules([wordingError], parsePage('<p>人民攻府</p>'), undefined, pack)).toEqual([]);
  });
});
