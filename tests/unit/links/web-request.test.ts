import { describe, expect, test } from 'vitest';
import { watchOwnRequests, type WebRequestEvents } from '@/lib/links/web-request';

const ORIGIN = 'chrome-extension://abc';

/** A stand-in for chrome.webRequest: counts listeners and lets the test fire events at them. */
function fakeWebRequest() {
  type Listener = (d: never) => undefined;
  const listeners = { redirect: new Set<Listener>(), error: new Set<Listener>() };
  const added = { redirect: 0, error: 0 };
  const events: WebRequestEvents = {
    onBeforeRedirect: {
      addListener: (cb) => void (listeners.redirect.add(cb as Listener), added.redirect++),
      removeListener: (cb) => void listeners.redirect.delete(cb as Listener),
    },
    onErrorOccurred: {
      addListener: (cb) => void (listeners.error.add(cb as Listener), added.error++),
      removeListener: (cb) => void listeners.error.delete(cb as Listener),
    },
  };
  return {
    events,
    listeners,
    added,
    redirect(requestId: string, url: string, initiator = ORIGIN) {
      for (const l of listeners.redirect) l({ requestId, url, timeStamp: Date.now(), initiator } as never);
    },
    error(requestId: string, url: string, error: string, initiator = ORIGIN) {
      for (const l of listeners.error) l({ requestId, url, error, timeStamp: Date.now(), initiator } as never);
    },
  };
}

const failed = new TypeError('Failed to fetch');

describe('diagnosing a failed request through webRequest', () => {
  test('no listener while nothing fails; attached for the diagnosis only, then removed', async () => {
    const wr = fakeWebRequest();
    const fetches: string[] = [];
    const watch = watchOwnRequests(wr.events, ORIGIN, async (input) => {
      fetches.push(String(input));
      // The browser reports the net error of this second request while it fails.
      wr.error('r1', String(input), 'net::ERR_NAME_NOT_RESOLVED');
      throw failed;
    });
    expect(wr.added).toEqual({ redirect: 0, error: 0 });
    expect(await watch.failureOf('http://nowhere.invalid/', failed)).toBe('dns');
    expect(fetches).toEqual(['http://nowhere.invalid/']);
    expect(wr.added).toEqual({ redirect: 1, error: 1 });
    expect(wr.listeners.redirect.size + wr.listeners.error.size).toBe(0);
  });

  test('a redirect loop is reported for the address that was asked for, not its last hop', async () => {
    const wr = fakeWebRequest();
    const watch = watchOwnRequests(wr.events, ORIGIN, async (input) => {
      wr.redirect('r2', String(input));
      wr.error('r2', 'http://127.0.0.1/loop?n=20', 'net::ERR_TOO_MANY_REDIRECTS');
      throw failed;
    });
    expect(await watch.failureOf('http://127.0.0.1/loop', failed)).toBe('redirect-loop');
  });

  test('errors of requests the extension did not make are not taken for ours', async () => {
    const wr = fakeWebRequest();
    const watch = watchOwnRequests(wr.events, ORIGIN, async (input) => {
      wr.error('r3', String(input), 'net::ERR_CONNECTION_REFUSED', 'https://www.example.gov.cn');
      setTimeout(() => wr.error('r4', String(input), 'net::ERR_CERT_AUTHORITY_INVALID'), 5);
      throw failed;
    });
    expect(await watch.failureOf('https://self-signed.example/', failed)).toBe('tls');
  });

  test('several diagnoses at once share the listeners and each gets its own answer', async () => {
    const wr = fakeWebRequest();
    const answers: Record<string, string> = { 'http://a.invalid/': 'net::ERR_NAME_NOT_RESOLVED', 'http://127.0.0.1:1/': 'net::ERR_CONNECTION_REFUSED' };
    const watch = watchOwnRequests(wr.events, ORIGIN, async (input) => {
      const url = String(input);
      await new Promise((r) => setTimeout(r, url.includes('invalid') ? 10 : 1));
      wr.error(url, url, answers[url]);
      throw failed;
    });
    expect(await Promise.all([watch.failureOf('http://a.invalid/', failed), watch.failureOf('http://127.0.0.1:1/', failed)])).toEqual(['dns', 'refused']);
    expect(wr.added).toEqual({ redirect: 1, error: 1 });
    expect(wr.listeners.error.size).toBe(0);
  });

  test('when the second request gets through, the failure is told from the first error alone', async () => {
    const wr = fakeWebRequest();
    const watch = watchOwnRequests(wr.events, ORIGIN, async () => new Response('ok'));
    expect(await watch.failureOf('https://flaky.example/', failed)).toBe('network');
    expect(wr.listeners.error.size).toBe(0);
  });
});
