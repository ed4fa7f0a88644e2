import { failureFromError, failureFromNetError, type NetworkFailure } from './network-error';

interface RequestFilter {
  urls: string[];
  tabId?: number;
}
interface RequestEvent<D> {
  addListener(callback: (details: D) => undefined, filter: RequestFilter): void;
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

/**
 * The parts of `chrome.webRequest` (or Firefox's `browser.webRequest`) the prober listens to. Only events
 * that fire on redirects and failures: a listener on every request would cost an IPC per link probed.
 */
export interface WebRequestEvents {
  onBeforeRedirect: RequestEvent<RequestDetails>;
  onErrorOccurred: RequestEvent<RequestDetails & { error: string }>;
}

/** How long to wait for the error event after fetch rejected: it arrives a few ms later, on another channel (much later on a busy machine). */
const EVENT_WAIT_MS = 2_000;
/** Errors nobody asked for are dropped after this long. */
const KEEP_MS = 60_000;

/**
 * In an extension, a failed fetch only says "Failed to fetch"; the reason (DNS, refused, TLS, reset,
 * redirect loop) is reported to chrome.webRequest. This watches the extension's own requests and answers
 * the prober's "why did this URL fail?".
 */
export function watchOwnRequests(webRequest: WebRequestEvents, ownOrigin: string) {
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

  webRequest.onBeforeRedirect.addListener((d) => {
    if (ours(d) && !redirectedFrom.has(d.requestId)) redirectedFrom.set(d.requestId, { url: d.url, at: d.timeStamp });
    return undefined;
  }, filter);
  webRequest.onErrorOccurred.addListener((d) => {
    if (!ours(d)) return undefined;
    const url = redirectedFrom.get(d.requestId)?.url ?? d.url;
    redirectedFrom.delete(d.requestId);
    errors.set(url, { error: d.error, at: d.timeStamp });
    for (const wake of waiters.get(url) ?? []) wake();
    waiters.delete(url);
    forget(errors, d.timeStamp);
    forget(redirectedFrom, d.timeStamp);
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
