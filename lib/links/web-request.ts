import { failureFromError, failureFromNetError, type NetworkFailure } from './network-error';

interface RequestFilter {
  urls: string[];
  tabId?: number;
}
interface RequestEvent<D> {
  addListener(callback: (details: D) => undefined, filter: RequestFilter): void;
  removeListener(callback: (details: D) => undefined): void;
}
interface RequestDetails {
  requestId: string;
  url: string;
  timeStamp: number;
  /** Chromium */
  initiator?: string;
  /** Firefox */
  originUrl?: string;
}

/** The parts of `chrome.webRequest` (or Firefox's `browser.webRequest`) the diagnosis listens to. */
export interface WebRequestEvents {
  onBeforeRedirect: RequestEvent<RequestDetails>;
  onErrorOccurred: RequestEvent<RequestDetails & { error: string }>;
}

/** How long to wait for the error event after fetch rejected: it arrives a few ms later, on another channel (much later on a busy machine). */
const EVENT_WAIT_MS = 2_000;
/** The diagnosing request gives up after this long: the address is then reported as timing out. */
const DIAGNOSE_TIMEOUT_MS = 15_000;
/** Errors nobody asked for are dropped after this long. */
const KEEP_MS = 60_000;

/**
 * In an extension, a failed fetch only says "Failed to fetch"; the reason (DNS, refused, TLS, reset,
 * redirect loop) is reported to chrome.webRequest. Listening there all the time is costly: once any
 * webRequest listener exists, Chromium routes every request of the profile through the browser process
 * (measured: about 0.6 ms of browser CPU per request, a third of what probing a link costs in all). So the
 * listeners are attached only while a failure is diagnosed: the failed address is requested once more with
 * them attached, and the net error of that request is the answer. Failures are the few; the thousands of
 * links that answer pay nothing.
 */
export function watchOwnRequests(webRequest: WebRequestEvents, ownOrigin: string, fetchFn: typeof fetch = (...args) => fetch(...args)) {
  /** The URL each redirected request started from, by request id: after redirects `details.url` is the last hop. */
  const redirectedFrom = new Map<string, { url: string; at: number }>();
  const errors = new Map<string, { error: string; at: number }>();
  const waiters = new Map<string, Array<() => void>>();
  // Requests not made from a tab: the extension's service worker.
  const filter = { urls: ['<all_urls>'], tabId: -1 };
  const ours = (d: RequestDetails) => (d.initiator ?? d.originUrl ?? '').startsWith(ownOrigin);
  const forget = <V extends { at: number }>(map: Map<string, V>, now: number) => {
    for (const [key, value] of map) if (now - value.at > KEEP_MS) map.delete(key);
  };

  const onRedirect = (d: RequestDetails): undefined => {
    if (ours(d) && !redirectedFrom.has(d.requestId)) redirectedFrom.set(d.requestId, { url: d.url, at: d.timeStamp });
    return undefined;
  };
  const onError = (d: RequestDetails & { error: string }): undefined => {
    if (!ours(d)) return undefined;
    const url = redirectedFrom.get(d.requestId)?.url ?? d.url;
    redirectedFrom.delete(d.requestId);
    errors.set(url, { error: d.error, at: d.timeStamp });
    for (const wake of waiters.get(url) ?? []) wake();
    waiters.delete(url);
    forget(errors, d.timeStamp);
    forget(redirectedFrom, d.timeStamp);
    return undefined;
  };

  let diagnosing = 0;
  const attach = () => {
    if (diagnosing++ > 0) return;
    webRequest.onBeforeRedirect.addListener(onRedirect, filter);
    webRequest.onErrorOccurred.addListener(onError, filter);
  };
  const detach = () => {
    if (--diagnosing > 0) return;
    webRequest.onBeforeRedirect.removeListener(onRedirect);
    webRequest.onErrorOccurred.removeListener(onError);
    redirectedFrom.clear();
  };

  const errorSince = (url: string, since: number) => {
    const hit = errors.get(url);
    return hit && hit.at >= since ? hit.error : undefined;
  };

  const eventFor = (url: string) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, EVENT_WAIT_MS);
      const list = waiters.get(url) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve();
      });
      waiters.set(url, list);
    });

  return {
    /**
     * Why requesting `url` failed: requested again with the listeners attached, the net error of that
     * request. A second request that succeeds means the failure did not last: reported from the error alone.
     */
    async failureOf(url: string, error: unknown): Promise<NetworkFailure> {
      attach();
      try {
        // Event timestamps and Date.now() come from different processes: allow a little skew.
        const from = Date.now() - 50;
        const controller = new AbortController();
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, DIAGNOSE_TIMEOUT_MS);
        let failed = false;
        try {
          const response = await fetchFn(url, { method: 'GET', credentials: 'omit', cache: 'no-store', redirect: 'follow', signal: controller.signal });
          response.body?.cancel().catch(() => undefined);
        } catch {
          failed = true;
        } finally {
          clearTimeout(timer);
        }
        if (timedOut) return 'timeout';
        if (!failed) {
          controller.abort();
          return failureFromError(error);
        }
        let net = errorSince(url, from);
        if (net === undefined) {
          await eventFor(url);
          net = errorSince(url, from);
        }
        return net === undefined ? failureFromError(error) : failureFromNetError(net);
      } finally {
        detach();
      }
    },
  };
}
