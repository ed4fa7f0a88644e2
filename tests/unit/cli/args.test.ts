import { describe, expect, test } from 'vitest';
import { UsageError, parseAuditArgs } from '../../../cli/args';

const CWD = '/home/inspector/audits';

describe('parseAuditArgs', () => {
  test('defaults: table format, today, 120 s per page', () => {
    expect(parseAuditArgs(['https://www.example.gov.cn/'], CWD)).toEqual({
      format: 'table',
      now: null,
      timeoutMs: 120_000,
      rulePack: null,
      emblems: [],
      help: false,
      sweep: null,
      accounts: null,
      targets: [{ kind: 'url', url: 'https://www.example.gov.cn/', arg: 'https://www.example.gov.cn/' }],
    });
  });

  test('--rule-pack and repeatable --emblem resolve their files against the working folder', () => {
    const args = parseAuditArgs(['--rule-pack', 'pack.json', '--emblem', 'current=ref/new.png', '--emblem=outdated=/abs/old.png', 'a.html'], CWD);
    expect(args.rulePack).toBe('/home/inspector/audits/pack.json');
    expect(args.emblems).toEqual(['current=/home/inspector/audits/ref/new.png', 'outdated=/abs/old.png']);
    expect(() => parseAuditArgs(['--emblem', 'new.png', 'a.html'], CWD)).toThrow(UsageError);
  });

  test('flags in any position, several targets, files resolved against the working folder', () => {
    const args = parseAuditArgs(['saved/index.html', '--format', 'json', 'HTTP://Example.gov.cn/a b', '--now=2025-06-30', '-f', 'json', '--timeout', '30'], CWD);
    expect(args.format).toBe('json');
    expect(args.now).toBe('2025-06-30');
    expect(args.timeoutMs).toBe(30_000);
    expect(args.targets).toEqual([
      { kind: 'file', path: '/home/inspector/audits/saved/index.html', arg: 'saved/index.html' },
      { kind: 'url', url: 'http://example.gov.cn/a%20b', arg: 'HTTP://Example.gov.cn/a b' },
    ]);
  });

  test('absolute paths and file: URLs are files', () => {
    expect(parseAuditArgs(['/srv/pages/a.html', 'file:///srv/pages/%E9%A6%96%E9%A1%B5.html'], CWD).targets).toEqual([
      { kind: 'file', path: '/srv/pages/a.html', arg: '/srv/pages/a.html' },
      { kind: 'file', path: '/srv/pages/首页.html', arg: 'file:///srv/pages/%E9%A6%96%E9%A1%B5.html' },
    ]);
  });

  test('--help needs no target', () => {
    expect(parseAuditArgs(['--help'], CWD)).toMatchObject({ help: true, targets: [] });
    expect(parseAuditArgs(['-h'], CWD).help).toBe(true);
  });

  test.each([
    [[], /至少一个网址或文件/],
    [['--format', 'xml', 'a.html'], /json 或 table.*xml/],
    [['--format'], /选项取值不正确.*--format/],
    [['--bogus', 'a.html'], /不认识的选项.*--bogus/],
    [['-x', 'a.html'], /不认识的选项/],
    [['--now', '2025-02-30', 'a.html'], /存在的日期.*2025-02-30/],
    [['--now', '2025-6-3', 'a.html'], /YYYY-MM-DD/],
    [['--now', 'yesterday', 'a.html'], /YYYY-MM-DD/],
    [['--timeout', '0', 'a.html'], /1 到 3600/],
    [['--timeout', '-5', 'a.html'], /选项取值不正确/],
    [['--timeout', '10s', 'a.html'], /1 到 3600/],
    [['ftp://example.gov.cn/file'], /只支持 http\(s\)/],
    [['http://exa mple.gov.cn:99999/'], /网址格式不正确/],
    [['--help=yes'], /选项取值不正确.*--help/],
  ])('usage error for %j', (argv, message) => {
    expect(() => parseAuditArgs(argv as string[], CWD)).toThrow(UsageError);
    expect(() => parseAuditArgs(argv as string[], CWD)).toThrow(message);
  });

  test('a leap day exists in a leap year only', () => {
    expect(parseAuditArgs(['--now', '2024-02-29', 'a.html'], CWD).now).toBe('2024-02-29');
    expect(() => parseAuditArgs(['--now', '2025-02-29', 'a.html'], CWD)).toThrow(UsageError);
  });
});

describe('--accounts', () => {
  test('takes the list and --out; refuses pages, --sites and a wrong --out', () => {
    expect(parseAuditArgs(['--accounts', '账号表.csv', '--out', 'r/报告.xlsx', '--now', '2025-06-30'], CWD)).toMatchObject({ accounts: { list: '/home/inspector/audits/账号表.csv', out: '/home/inspector/audits/r/报告.xlsx' }, sweep: null, now: '2025-06-30' });
    expect(() => parseAuditArgs(['--accounts', 'a.csv', 'https://x.gov.cn/'], CWD)).toThrow('--accounts takes no page arguments');
    expect(() => parseAuditArgs(['--accounts', 'a.csv', '--sites', 's.csv'], CWD)).toThrow('cannot be combined');
    expect(() => parseAuditArgs(['--accounts', 'a.csv', '--out', 'r.txt'], CWD)).toThrow('--out must end in .json, .xlsx or .html');
  });
});
