import { failureFromError, failureFromNetError, type NetworkFailure } from './network-error';

interface RequestFilter {
  urls: string[];
  tabId?: number;
}
interface RequestEvent<D> {
  addListener(callback: (details: D) => undefined, filter: RequestFilter): void;
}
interface RequestStart {
  requestId: string;
  url: string;
  /** Chromium */
  initiator?: string;
  /** Firefox */
  originUrl?: string;
}
interface RequestError {
  requestId: string;
  error: string;
  timeStamp: number;
}

/** The parts of `chrome.webRequest` (or Firefox's `browser.webRequest`) the prober listens to. */
export interface WebRequestEvents {
  onBeforeRequest: RequestEvent<RequestStart>;
  onErrorOccurred: RequestEvent<RequestError>;
  onCompleted: RequestEvent<{ requestId: string }>;
}

/** How long to wait for the error event after fetch rejected: it arrives a few ms later, on another channel. */
const EVENT_WAIT_MS = 500;
/** Errors nobody asked for are dropped after this long. */
const KEEP_MS = 60_000;

/**
 * In an extension, a failed fetch only says "Failed to fetch"; the reason (DNS, refused, TLS, reset,
 * redirect loop) is reported to chrome.webRequest. This watches the extension's own requests and answers
 * the prober's "why did this URL fail?".
 */
export function watchOwnRequests(webRequest: WebRequestEvents, ownOrigin: string) {
  const started = new Map<string, string>();
  const errors = new Map<string, { error: string; at: number }>();
  const waiters = new Map<string, Array<() => void>>();
  // Requests not made from a tab: the extension's service worker.
  const filter = { urls: ['<all_urls>'], tabId: -1 };

  webRequest.onBeforeRequest.addListener((d) => {
    const from = d.initiator ?? d.originUrl ?? '';
    // Each redirect hop fires again under the same id: keep the URL the prober asked for.
    if (from.startsWith(ownOrigin) && !started.has(d.requestId)) started.set(d.requestId, d.url);
    return undefined;
  }, filter);
  webRequest.onCompleted.addListener((d) => {
    started.delete(d.requestId);
    return undefined;
  }, filter);
  webRequest.onErrorOccurred.addListener((d) => {
    // Keyed by the URL as first requested: after redirects `details.url` is the last hop.
    const url = started.get(d.requestId);
    if (url === undefined) return undefined;
    started.delete(d.requestId);
    errors.set(url, { error: d.error, at: d.timeStamp });
    for (const wake of waiters.get(url) ?? []) wake();
    waiters.delete(url);
    const now = Date.now();
    for (const [key, value] of errors) if (now - value.at > KEEP_MS) errors.delete(key);
    return undefined;
  }, filter);

  const errorSince = (url: string, since: number) => {
    const hit = errors.get(url);
    return hit && hit.at >= since ? hit.error : undefined;
  };

  return {
    /** The net error of the extension's latest request for `url` started at or after `since`. */
    async failureOf(url: string, error: unknown, since: number): Promise<NetworkFailure> {
      // Event timestamps and Date.now() come from different processes: allow a little skew.
      const from = since - 50;
      let net = errorSince(url, from);
      if (net === undefined) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, EVENT_WAIT_MS);
          const list = waiters.get(url) ?? [];
          list.push(() => {
            clearTimeout(timer);
            resolve();
          });
          waiters.set(url, list);
        });
        net = errorSince(url, from);
      }
      return net === undefined ? failureFromError(error) : failureFromNetError(net);
    },
  };
}
