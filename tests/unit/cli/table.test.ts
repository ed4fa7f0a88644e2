import stringWidth from 'string-width';
import { describe, expect, test } from 'vitest';
import { fitWidth, formatTable, padTo, printable } from '../../../cli/table';
import { makeFinding } from '../../factories';

describe('wide-character aware cells', () => {
  test('CJK characters count two columns', () => {
    expect(padTo('空链', 8)).toBe('空链    ');
    expect(padTo('abc', 5)).toBe('abc  ');
    expect(padTo('过长的文字', 4)).toBe('过长的文字');
  });

  test('fitWidth cuts at a column budget and marks the cut', () => {
    expect(fitWidth('关于公布县级政务服务事项清单的公告', 12)).toBe('关于公布县…');
    expect(stringWidth(fitWidth('关于公布县级政务服务事项清单的公告', 12))).toBeLessThanOrEqual(12);
    // A wide character that would straddle the limit is dropped, not split.
    expect(fitWidth('ab关于', 4)).toBe('ab…');
    expect(fitWidth('短', 4)).toBe('短');
  });

  test('page text cannot send control sequences to the terminal', () => {
    expect(printable('更多\u001b[2J\u001b]0;pwned\u0007\n\t链接\u009b31m')).toBe('更多 [2J ]0;pwned 链接 31m');
    expect(printable('  a\r\n  b  ')).toBe('a b');
  });
});

describe('formatTable', () => {
  const page = {
    url: 'http://127.0.0.1:8000/f0/index.html',
    title: '青禾县人民政府门户网站',
    findings: [
      makeFinding({ rule: 'link-empty', severity: 'deduct', label: '网站地图', message: '空链：「网站地图」的链接地址为“#”' }),
      makeFinding({ rule: 'link-dead', severity: 'review', label: 'Download', message: '无法确认（HTTP 403）' }),
      makeFinding({ rule: 'link-dead', severity: 'deduct', label: '关于公布县级政务服务事项清单的公告（2019年第三批）', message: '链接无法访问（HTTP 404）' }),
      makeFinding({ rule: 'wording-error', severity: 'veto', label: '中华人民共合国', message: '应为“中华人民共和国”' }),
    ],
    unscanned: [{ kind: 'cross-origin-frame' as const, where: 'https://map.example.com/embed', reason: '跨域框架（iframe）的内容无法从本页检查' }],
  };

  test('counts by rule in rule order, then each finding ordered by rule and severity, aligned by display width', () => {
    const lines = formatTable({ pages: [page] }).split('\n');
    expect(lines.slice(0, 2)).toEqual(['━━ 页面 1/1：青禾县人民政府门户网站', '   http://127.0.0.1:8000/f0/index.html']);
    const counts = lines.slice(3, 8);
    // One column per severity: 错链 counts the dead link (扣分) apart from the one a person has to judge.
    expect(counts.map((l) => l.trim().split(/\s{2,}/))).toEqual([
      ['规则 Rule', '单项否决 Veto', '扣分 Deduct', '需人工判断 Judge'],
      ['错链（断链）', '0', '1', '1'],
      ['空链', '0', '1', '0'],
      ['文字表述不规范', '1', '0', '0'],
      ['合计 Total', '1', '2', '1'],
    ]);
    const findings = lines.slice(9, 14);
    expect(findings[0]).toMatch(/^ {3}规则 Rule +严重程度 Severity +对象 Subject +说明 Message$/);
    expect(findings.slice(1).map((l) => l.trim().split(/\s{2,}/))).toEqual([
      ['错链（断链）', '扣分', '关于公布县级政务服务事项清…', '链接无法访问（HTTP 404）'],
      ['错链（断链）', '需人工判断', 'Download', '无法确认（HTTP 403）'],
      ['空链', '扣分', '网站地图', '空链：「网站地图」的链接地址为“#”'],
      ['文字表述不规范', '单项否决', '中华人民共合国', '应为“中华人民共和国”'],
    ]);
    // Every message starts in the same terminal column, whatever mix of CJK and Latin came before it.
    const messageColumn = (line: string, message: string) => stringWidth(line.slice(0, line.indexOf(message)));
    const starts = [
      messageColumn(findings[0], '说明 Message'),
      messageColumn(findings[1], '链接无法访问'),
      messageColumn(findings[2], '无法确认'),
      messageColumn(findings[3], '空链：'),
      messageColumn(findings[4], '应为'),
    ];
    expect(new Set(starts).size).toBe(1);
    expect(lines.slice(15, 17)).toEqual([
      '   未能检查的部分 (not scanned):',
      '   - 跨域框架：跨域框架（iframe）的内容无法从本页检查（https://map.example.com/embed）',
    ]);
    expect(lines.at(-2)).toBe('共检查 1 个页面，发现 4 个问题。 (1 page(s), 4 finding(s))');
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
  });

  test('a clean page, an untitled page and pages that could not be opened are each said plainly', () => {
    const text = formatTable({
      pages: [
        { url: 'http://a.example.gov.cn/', title: '干净的页面', findings: [] },
        { url: 'http://b.example.gov.cn/', title: '', findings: [] },
      ],
      failures: [{ url: 'http://127.0.0.1:9/', reason: '页面无法打开：net::ERR_CONNECTION_REFUSED' }],
    });
    expect(text).toContain('━━ 页面 1/2：干净的页面\n   http://a.example.gov.cn/\n   未发现问题 (no findings)');
    expect(text).toContain('━━ 页面 2/2：（无标题）');
    expect(text).toContain('━━ 无法打开的页面 (pages that could not be opened)\n   - http://127.0.0.1:9/：页面无法打开：net::ERR_CONNECTION_REFUSED');
    expect(text.trimEnd().split('\n').at(-1)).toBe('共检查 2 个页面，发现 0 个问题，1 个页面无法打开。 (2 page(s), 0 finding(s), 1 could not be opened)');
  });

  test('labels and messages from the page are printed on one line, without control characters', () => {
    const text = formatTable({
      pages: [{ url: 'http://x.example.gov.cn/', title: '标题\n第二行', findings: [makeFinding({ label: '更多\u001b[31m\n', message: '第一行\n第二行' })] }],
    });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('━━ 页面 1/1：标题 第二行');
    expect(text).toMatch(/ 更多 \[31m +第一行 第二行\n/);
  });
});
