import { describe, expect, test } from 'vitest';
import { fingerprintOf, parseState, stateHeader, stateLine } from '@/lib/sweep/state';
import { failedVisit } from '@/lib/sweep/visit';

describe('resume state', () => {
  const fp = fingerprintOf({ sites: ['a'], depth: 3 });

  test('pages saved line by line come back by site and URL; a line cut short by a kill is skipped', () => {
    const text = stateHeader(fp) + stateLine('http://a/', failedVisit('http://a/x', 'r1')) + stateLine('http://b/', failedVisit('http://b/', 'r2')) + '{"site":"http://a/","vis';
    const parsed = parseState(text, fp);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.lines).toBe(2);
    expect(parsed.visits.get('http://a/')?.get('http://a/x')?.reason).toBe('r1');
    expect(parsed.visits.get('http://b/')?.get('http://b/')?.reason).toBe('r2');
  });

  test('a state made for another request, or not a state file, is not used', () => {
    expect(parseState(stateHeader(fp), fingerprintOf({ sites: ['a'], depth: 4 }))).toMatchObject({ ok: false });
    expect(parseState('{"hello":1}\n', fp)).toMatchObject({ ok: false, reason: '不是续查状态文件' });
    expect(parseState('garbage', fp)).toMatchObject({ ok: false });
  });

  test('fingerprints are stable and differ with the request', () => {
    expect(fingerprintOf({ a: 1 })).toBe(fingerprintOf({ a: 1 }));
    expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ a: 2 }));
  });
});
