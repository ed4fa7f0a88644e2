import { describe, expect, test } from 'vitest';
import { stampLines, stampTime, wrapText } from '@/lib/evidence/stamp';

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
});
