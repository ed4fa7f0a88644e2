import { describe, expect, test } from 'vitest';
import { HIDDEN_NOTES, readableUrl, stampLines, stampTime, wrapText } from '@/lib/evidence/stamp';

describe('evidence stamp text', () => {
  test('capture time in China Standard Time whatever the machine zone', () => {
    expect(stampTime(new Date('2025-06-30T20:00:05Z'))).toBe('2025-07-01 04:00:05');
    expect(stampLines('https://www.gov.cn/a.html', new Date('2025-06-30T02:00:00Z'))).toEqual(['网址 URL：https://www.gov.cn/a.html', '截图时间：2025-06-30 10:00:00（北京时间 UTC+8）']);
  });

  test('a long address wraps by character, nothing lost within the line limit', () => {
    const url = `https://www.example.gov.cn/${'x'.repeat(95)}`;
    const lines = wrapText(url, 40, (s) => s.length);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    expect(lines.join('')).toBe(url);
  });

  test('beyond the line limit the last line ends with an ellipsis', () => {
    const lines = wrapText('a'.repeat(100), 10, (s) => s.length, 3);
    expect(lines).toHaveLength(3);
    expect(lines[2].endsWith('…')).toBe(true);
  });

  test('the address is stamped readable: Chinese decoded, not %E4%BA%BA', () => {
    const url = 'https://www.example.gov.cn/%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80/index.html?q=%E9%80%9A%E7%9F%A5';
    expect(stampLines(url, new Date('2025-06-30T02:00:00Z'))[0]).toBe('网址 URL：https://www.example.gov.cn/政务公开/index.html?q=通知');
  });

  test('what would change the address stays escaped: ASCII escapes, GBK bytes, broken and invisible sequences', () => {
    expect(readableUrl('https://a.gov.cn/a%2Fb%3Fc%20d%25e')).toBe('https://a.gov.cn/a%2Fb%3Fc%20d%25e');
    // 通知 in GBK is not UTF-8: left as the site spells it.
    expect(readableUrl('https://a.gov.cn/list?type=%CD%A8%D6%AA')).toBe('https://a.gov.cn/list?type=%CD%A8%D6%AA');
    expect(readableUrl('https://a.gov.cn/%E6%94%BF%E5')).toBe('https://a.gov.cn/%E6%94%BF%E5');
    expect(readableUrl('https://a.gov.cn/%E6%94%BF%2F%E5%8A%A1')).toBe('https://a.gov.cn/政%2F务');
    // A zero-width space and a non-breaking space would hide in the stamp.
    expect(readableUrl('https://a.gov.cn/x%E2%80%8By%C2%A0z')).toBe('https://a.gov.cn/x%E2%80%8By%C2%A0z');
    expect(readableUrl('https://a.gov.cn/%e4%b8%ad')).toBe('https://a.gov.cn/中');
  });

  test('a finding on an invisible element says so in the stamp', () => {
    const lines = stampLines('https://a.gov.cn/', new Date('2025-06-30T02:00:00Z'), HIDDEN_NOTES.container);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('不可见');
    expect(HIDDEN_NOTES.none).toContain('请先在页面上展开');
  });
});
