import { describe, expect, test } from 'vitest';
import { failureFromError, failureFromNetError } from '@/lib/links/network-error';

describe('Chromium net errors (chrome.webRequest)', () => {
  test.each([
    ['net::ERR_NAME_NOT_RESOLVED', 'dns'],
    ['net::ERR_CONNECTION_REFUSED', 'refused'],
    ['net::ERR_TOO_MANY_REDIRECTS', 'redirect-loop'],
    ['net::ERR_CONNECTION_RESET', 'reset'],
    ['net::ERR_EMPTY_RESPONSE', 'reset'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'tls'],
    ['net::ERR_CERT_DATE_INVALID', 'tls'],
    ['net::ERR_SSL_PROTOCOL_ERROR', 'tls'],
    ['net::ERR_CONNECTION_TIMED_OUT', 'timeout'],
    ['net::ERR_INTERNET_DISCONNECTED', 'offline'],
    ['net::ERR_PROXY_CONNECTION_FAILED', 'offline'],
    ['net::ERR_UNSAFE_PORT', 'blocked'],
    ['net::ERR_BLOCKED_BY_CLIENT', 'blocked'],
    ['net::ERR_FAILED', 'network'],
  ] as const)('%s → %s', (name, failure) => {
    expect(failureFromNetError(name)).toBe(failure);
  });
});

describe("Node fetch errors (undici's cause)", () => {
  const fetchFailed = (cause: object) => Object.assign(new TypeError('fetch failed'), { cause });
  test.each([
    [{ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND example.invalid' }, 'dns'],
    [{ code: 'ECONNREFUSED' }, 'refused'],
    [{ code: 'ECONNRESET', message: 'read ECONNRESET' }, 'reset'],
    [{ code: 'UND_ERR_SOCKET', message: 'other side closed' }, 'reset'],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'tls'],
    [{ code: 'ERR_SSL_WRONG_VERSION_NUMBER' }, 'tls'],
    [{ message: 'redirect count exceeded' }, 'redirect-loop'],
    [{ message: 'bad port' }, 'blocked'],
    [{ message: 'something else' }, 'network'],
  ] as const)('%j → %s', (cause, failure) => {
    expect(failureFromError(fetchFailed(cause))).toBe(failure);
  });

  test('an error without a cause is a plain network error', () => {
    expect(failureFromError(new TypeError('Failed to fetch'))).toBe('network');
    expect(failureFromError(null)).toBe('network');
  });
});
