import type { ProbeResult } from './types';
import type { HostScheduler } from './schedule';
import { HOST_WIDE_FAILURES, type HostMemory } from './host-memory';
import { failureFromError, type NetworkFailure } from './network-error';
import { decodeHtml, judgeSoft404 } from './soft404';
import { withoutWww } from '../sites/match';

export interface CheckOptions {
  /** Headers must arrive within this time, per attempt. */
  timeoutMs: number;
  /** Time allowed to read the start of an HTML body once headers are in (a server may drip bytes forever). */
  bodyTimeoutMs: number;
  /** Bytes of an HTML body read for the soft-404 check; the rest is never downloaded. */
  maxBodyBytes: number;
  /** A host asking to wait longer than this (Retry-After) is not waited for: the link goes to review. */
  maxRetryAfterMs: number;
  /** Give up on one URL after this long from its first attempt. */
  deadlineMs: number;
  /** First backoff after a network error; doubled per retry. */
  backoffMs: number;
}

export interface CheckDeps {
  fetch: typeof fetch;
  scheduler: HostScheduler;
  hosts: HostMemory;
  /** Why a fetch rejected; in Chromium the reason comes from chrome.webRequest, not from the error. */
  describeFailure(url: string, error: unknown, startedAt: number): Promise<NetworkFailure>;
  sleep(ms: number): Promise<void>;
}

type Method = 'HEAD' | 'GET';

interface Answer {
  status: number;
  finalUrl: string;
  contentType: string | null;
  retryAfterMs?: number;
  /** Start of the body, decoded, when it was HTML and read (GET only). */
  html?: string;
}

type Outcome = { answer: Answer } | { failure: NetworkFailure };

/**
 * Extensions of files that are not pages: checked with HEAD first so a large attachment is never
 * downloaded. Pages are checked with one bounded GET instead, because a HEAD cannot tell a soft-404
 * (a 200 page saying 页面不存在) from a real page and a second request would double the cost.
 */
const FILE_EXTENSION =
  /\.(?:jpe?g|png|gif|bmp|webp|svg|ico|tiff?|pdf|docx?|xlsx?|pptx?|wps|et|dps|ofd|caj|txt|csv|rtf|zip|rar|7z|gz|tgz|tar|bz2|xz|mp3|mp4|m4a|m4v|wav|wma|wmv|avi|flv|mov|mkv|swf|apk|exe|msi|dmg|iso|css|js|json|xml|woff2?|ttf|eot)$/i;

export function firstMethod(url: URL): Method {
  return FILE_EXTENSION.test(url.pathname) ? 'HEAD' : 'GET';
}

/** Probe one URL to a verdict. Every path is bounded: attempts, waits, timeouts and bytes. */
export async function checkUrl(url: string, opts: CheckOptions, deps: CheckDeps): Promise<ProbeResult> {
  let endSuspicion: (() => void) | undefined;
  try {
    return await probeUrl(url, opts, deps, (settle) => (endSuspicion = settle));
  } finally {
    endSuspicion?.();
  }
}

async function probeUrl(url: string, opts: CheckOptions, deps: CheckDeps, confirming: (settle: () => void) => void): Promise<ProbeResult> {
  let confirmer = false;
  // Time spent queued behind other links of the host is not this link's fault: the clock starts at its first request.
  let started = 0;
  const target = new URL(url);
  const host = target.host;
  let method: Method = firstMethod(target);
  let attempts = 0;
  let timeouts = 0;
  let busy = 0;
  let networkErrors = 0;
  let serverErrors = 0;
  let dnsErrors = 0;
  let triedGetForHtml = false;

  const result = (verdict: ProbeResult['verdict'], reason: string, extra: Partial<ProbeResult> = {}, learnt = true): ProbeResult => {
    if (learnt) deps.hosts.learn(host, verdict, reason);
    return {
      url,
      verdict,
      reason,
      method,
      attempts,
      elapsedMs: started ? Date.now() - started : 0,
      checkedAt: new Date().toISOString(),
      ...extra,
    };
  };

  while (attempts < 8) {
    if (attempts > 0 && Date.now() - started > opts.deadlineMs) return result('review', 'timeout');
    const known = deps.hosts.get(host);
    if (known) return result(known.verdict, known.reason, {}, false);
    // Checked again once a slot is free: the host may have been found dead while this address waited.
    const outcome = await deps.scheduler.run<Outcome | { skipped: true } | { wait: Promise<void> }>(host, () => {
      if (deps.hosts.get(host)) return Promise.resolve({ skipped: true });
      const pending = confirmer ? undefined : deps.hosts.confirming(host);
      if (pending) return Promise.resolve({ wait: pending });
      started ||= Date.now();
      attempts++;
      return attempt(url, method, opts, deps);
    });
    if ('skipped' in outcome) continue;
    if ('wait' in outcome) {
      await outcome.wait;
      continue;
    }

    if ('failure' in outcome) {
      const failure = outcome.failure;
      if (HOST_WIDE_FAILURES.has(failure) && !confirmer) {
        const settle = deps.hosts.suspect(host);
        if (settle) {
          confirmer = true;
          confirming(settle);
        }
      }
      switch (failure) {
        case 'timeout':
          timeouts++;
          // A server that never answers HEAD may still answer GET.
          if (method === 'HEAD') method = 'GET';
          else if (timeouts >= 2) return result('review', 'timeout');
          continue;
        case 'dns':
          if (++dnsErrors >= 2) return result('broken', 'dns');
          await deps.sleep(opts.backoffMs);
          continue;
        case 'refused':
        case 'reset':
        case 'network':
          // Some servers drop HEAD requests outright; give GET its chance before retrying.
          if (method === 'HEAD') {
            method = 'GET';
            continue;
          }
          if (++networkErrors >= 3) {
            if (failure === 'refused') return result('broken', 'connection-refused');
            return result('review', failure === 'reset' ? 'connection-reset' : 'network');
          }
          await deps.sleep(opts.backoffMs * 2 ** (networkErrors - 1));
          continue;
        case 'redirect-loop':
          return result('broken', 'redirect-loop');
        case 'tls':
        case 'offline':
        case 'blocked':
          return result('review', failure);
      }
    }

    const answer = outcome.answer;
    const status = answer.status;
    const facts: Partial<ProbeResult> = { status, ...(answer.finalUrl !== url ? { finalUrl: answer.finalUrl } : {}) };

    if (status >= 200 && status < 300) {
      if (method === 'HEAD' && isHtml(answer.contentType) && !triedGetForHtml) {
        // A file link answered with a web page: often a "file not found" page served with 200.
        triedGetForHtml = true;
        method = 'GET';
        continue;
      }
      if (answer.html !== undefined) {
        const soft = judgeSoft404(answer.html);
        if (soft.soft404) return result('broken', 'soft-404', { ...facts, ...(soft.evidence ? { evidence: soft.evidence } : {}) });
      }
      if (answer.finalUrl !== url && !sameResource(url, answer.finalUrl)) return result('redirected', 'redirected', facts);
      return result('ok', 'ok', facts);
    }

    if (status === 429 || (status === 503 && answer.retryAfterMs !== undefined)) {
      const wait = answer.retryAfterMs ?? 1000;
      if (++busy > 2 || wait > opts.maxRetryAfterMs) return result('review', 'rate-limited', facts);
      // Only this address waits, out of its slot: the host's other links go on. Pausing the whole host for
      // each 429 put the pauses one after another (a host with four 429s finished seconds after the rest).
      await deps.sleep(wait);
      continue;
    }

    // HEAD is unreliable on many servers (405, 501, and even 404/500 for pages that exist): ask with GET.
    if (method === 'HEAD') {
      method = 'GET';
      continue;
    }

    if (status === 401 || status === 407) return result('review', 'auth-required', facts);
    if (status === 403 || status === 999) return result('review', 'bot-wall', facts);
    if (status === 451) return result('review', 'http-451', facts);
    if (status >= 500) {
      if (++serverErrors < 2) {
        await deps.sleep(opts.backoffMs * 2);
        continue;
      }
      return result('broken', `http-${status}`, facts);
    }
    if (status >= 400) return result('broken', `http-${status}`, facts);
    // 3xx that fetch did not follow (no Location), 1xx or nonsense: the link cannot be judged.
    return result('review', `http-${status}`, facts);
  }
  return result('review', 'too-many-attempts');
}

async function attempt(url: string, method: Method, opts: CheckOptions, deps: CheckDeps): Promise<Outcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, opts.timeoutMs);
  const startedAt = Date.now();
  let response: Response;
  try {
    response = await deps.fetch(url, {
      method,
      credentials: 'omit',
      redirect: 'follow',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      signal: controller.signal,
    });
  } catch (error) {
    clearTimeout(timer);
    if (timedOut) return { failure: 'timeout' };
    return { failure: await deps.describeFailure(url, error, startedAt) };
  }
  clearTimeout(timer);
  const contentType = response.headers.get('content-type');
  const answer: Answer = {
    status: response.status,
    finalUrl: response.url || url,
    contentType,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  };
  if (method === 'GET' && response.ok && isHtml(contentType) && response.body) {
    answer.html = decodeHtml(await readStart(response.body, opts.maxBodyBytes, opts.bodyTimeoutMs), contentType);
  } else {
    response.body?.cancel().catch(() => undefined);
  }
  controller.abort();
  return { answer };
}

/** Up to `maxBytes` of the body, or what arrived within `timeoutMs`; the rest is cancelled. */
async function readStart(body: ReadableStream<Uint8Array>, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    while (size < maxBytes) {
      const next = await Promise.race([reader.read(), expired]);
      if (!next || next.done) break;
      chunks.push(next.value);
      size += next.value.byteLength;
    }
  } catch {
    // A body cut short still tells what it started with.
  } finally {
    clearTimeout(timer);
    reader.cancel().catch(() => undefined);
  }
  const out = new Uint8Array(Math.min(size, maxBytes));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, out.length - offset);
    out.set(part, offset);
    offset += part.length;
    if (offset >= out.length) break;
  }
  return out;
}

function isHtml(contentType: string | null): boolean {
  return !contentType || /text\/html|application\/xhtml\+xml/i.test(contentType);
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * Whether a redirect only moved to the canonical form of the same address (http→https, `www.`, a trailing
 * slash): that is the same link working, not a redirect worth reporting.
 */
export function sameResource(from: string, to: string): boolean {
  const canonical = (href: string) => {
    const u = new URL(href);
    const path = u.pathname.replace(/\/+$/, '').replace(/\/index\.(?:s?html?|php|jsp|aspx?)$/i, '');
    return `${withoutWww(u.hostname)}${path}${u.search}`;
  };
  try {
    return canonical(from) === canonical(to);
  } catch {
    return false;
  }
}

/** Node's fetch tells why it failed in `error.cause`; used where no better source is wired in. */
export async function describeFromError(_url: string, error: unknown): Promise<NetworkFailure> {
  return failureFromError(error);
}
