import { z } from 'zod';
import type { Finding } from '../findings';
import { RulePack } from '../rule-pack/pack';
import { EvidenceInfo as EvidenceInfoSchema, Health, Me, PullResponse, PushResponse, ReviewResponse, SummaryResponse, type ReviewItem } from './wire';
import { SyncError, clip, describeIssues, type ServerIssue } from './errors';

/** Every error the server sends (server/API.md "Errors"). */
const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export interface Connection {
  /** `https://gsi.example.gov.cn` (a trailing slash or path prefix is fine). */
  endpoint: string;
  token: string;
}

interface RequestParts {
  body?: BodyInit;
  headers?: Record<string, string>;
  /** false: no Authorization header (the health check). */
  token?: boolean;
  /** A screenshot upload or download: a longer deadline. */
  slow?: boolean;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Filters of GET /api/findings (repeat a key for several values). */
export interface FindingFilters {
  site?: string[];
  rule?: string[];
  severity?: string[];
  status?: string[];
  inspector?: string[];
  /** `YYYY-MM-DD` (00:00 China Standard Time) or an ISO date-time with offset. */
  from?: string;
  to?: string;
}

export type Me = z.infer<typeof Me>;
/**
 * A pull page as the client accepts it: the checkpoint is sent back as `since`, which the server takes up
 * to 200 characters; a longer one is garbage and must not be saved (every later pull would be refused).
 */
const PullPage = PullResponse.extend({ next: z.string().max(200) });
export type PullPage = z.infer<typeof PullPage>;
export type PushResult = z.infer<typeof PushResponse>;
export type ReviewResult = z.infer<typeof ReviewResponse>;
export type Summary = z.infer<typeof SummaryResponse>;
export type EvidenceInfo = z.infer<typeof EvidenceInfoSchema>;

/** A request (answer and body) that takes longer than this is abandoned as a network error. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** A screenshot upload (up to 5 MB) gets this many times as long. */
const UPLOAD_TIMEOUT_FACTOR = 3;

/**
 * `Retry-After` as milliseconds: delta-seconds or an HTTP date (RFC 9110); a default when absent or
 * unreadable (a negative number, a bare number Date.parse would take for a year, free text).
 */
export function retryAfterMs(header: string | null, fallbackMs = 5_000, now = Date.now()): number {
  const value = header?.trim();
  if (!value) return fallbackMs;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!/[a-z]/i.test(value)) return fallbackMs;
  const at = Date.parse(value);
  return Number.isNaN(at) ? fallbackMs : Math.max(0, at - now);
}

/** A wait in words, rounded up: 45 秒, 3 分钟, 2 小时, 11575 天. */
export function waitWords(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 120) return `${s} 秒`;
  if (s < 2 * 3600) return `${Math.ceil(s / 60)} 分钟`;
  if (s < 2 * 86_400) return `${Math.ceil(s / 3600)} 小时`;
  return `${Math.ceil(s / 86_400)} 天`;
}

function joinUrl(endpoint: string, path: string): string {
  return endpoint.replace(/\/+$/, '') + path;
}

function queryString(filters: FindingFilters & { since?: string; limit?: number }): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) if (v !== '') q.append(key, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Routes every sync server has: a 404 there means the address does not lead to one. */
const ALWAYS_THERE = new Set(['/healthz', '/api/me']);

async function errorFrom(res: Response, endpoint: string, path: string): Promise<SyncError> {
  const status = res.status;
  let text = '';
  try {
    text = await res.text();
  } catch {
    // the body is lost with the connection; the status still says what happened
  }
  let code: string | undefined;
  let serverMessage = '';
  let issues: ServerIssue[] | undefined;
  try {
    const body = ErrorBody.safeParse(JSON.parse(text));
    if (body.success) ({ code, message: serverMessage, issues } = body.data.error);
  } catch {
    // not JSON: a proxy's error page
  }
  const said = clip(serverMessage, 300) || `HTTP ${status}${res.statusText ? ` ${clip(res.statusText, 100)}` : ''}`;
  const extra = { status, code, issues };
  if (status === 401) return new SyncError('unauthorized', `令牌无效或已被撤销，请在设置页填写新的令牌（${said}）`, extra);
  if (status === 403) return new SyncError('forbidden', `服务器拒绝了请求：${said}`, extra);
  if (status === 429) {
    const wait = retryAfterMs(res.headers.get('retry-after'));
    return new SyncError('rate-limited', `请求过于频繁，服务器要求等 ${waitWords(wait)}后再试；待同步的记录都还在，稍后自动重试`, { ...extra, retryAfterMs: wait });
  }
  if (status === 404 && ALWAYS_THERE.has(path)) {
    return new SyncError('rejected', `${endpoint} 下找不到同步服务（${path} 返回 HTTP 404）：请检查服务器地址，应填同步服务的根地址（例如 https://gsi.example.gov.cn），不要带 /api 等路径`, extra);
  }
  if (status === 413) {
    return new SyncError('rejected', `一次提交的数据太多，服务器不接受（HTTP 413）：${said}`, extra);
  }
  if (status >= 500) return new SyncError('server', `同步服务器出错（HTTP ${status}）：${said}`, extra);
  const where = describeIssues(issues);
  return new SyncError('rejected', `服务器不接受这次提交（HTTP ${status}）：${said}${where ? `。问题位置：${where}` : ''}`, extra);
}

async function bodyOf<T>(res: Response, schema: z.ZodType<T>, what: string): Promise<T> {
  let text: string;
  try {
    text = await res.text();
  } catch (error) {
    throw new SyncError('network', `读取服务器的回复时连接中断：${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SyncError('garbage', `服务器返回的${what}不是 JSON，无法识别（地址是否指向本系统的同步服务？）`, { status: res.status });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new SyncError('garbage', `服务器返回的${what}格式不对，已忽略，本地数据未改动：${describeIssues(issues, 3)}`, { status: res.status, issues });
  }
  return parsed.data;
}

/**
 * The sync server's API (server/API.md) with every response validated: a network failure, an error
 * status or a body of the wrong shape becomes a SyncError in words, never a half-applied result.
 */
export function createApi(conn: Connection, fetchImpl: FetchLike = (input, init) => fetch(input, init), opts: { timeoutMs?: number } = {}) {
  const auth = { authorization: `Bearer ${conn.token}` };
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  /**
   * One request and the reading of its answer under one deadline: a server that accepts and never
   * answers, or sends the headers and stalls the body, ends as a network error instead of a sync run that
   * never finishes. Redirects are not followed: a PUT would carry the findings to the other host (a
   * captive portal's login page), and a browser drops the token on the way, so the answer would be a
   * misleading 401 or an HTML page.
   */
  async function call<T>(method: string, path: string, init: RequestParts, read: (res: Response) => Promise<T>): Promise<T> {
    const url = joinUrl(conn.endpoint, path);
    const limit = timeoutMs * (init.slow ? UPLOAD_TIMEOUT_FACTOR : 1);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), limit);
    try {
      let res: Response;
      try {
        res = await fetchImpl(url, { method, headers: { ...(init.token === false ? {} : auth), ...init.headers }, body: init.body, redirect: 'manual', signal: abort.signal });
      } catch (error) {
        if (abort.signal.aborted) throw timedOut(limit);
        throw new SyncError('network', `无法连接同步服务器 ${conn.endpoint}：${(error as Error)?.message ?? String(error)}`);
      }
      if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
        void res.body?.cancel().catch(() => undefined);
        throw redirected(res);
      }
      if (!res.ok) throw await errorFrom(res, conn.endpoint, path);
      return await read(res);
    } catch (error) {
      if (abort.signal.aborted && !(error instanceof SyncError && error.extra.code === 'timeout')) throw timedOut(limit);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  const timedOut = (ms: number) =>
    new SyncError('network', `同步服务器 ${conn.endpoint} 在 ${Math.max(1, Math.round(ms / 1000))} 秒内没有答复完（连接卡住或服务器过忙），已放弃本次请求，稍后重试`, { code: 'timeout' });

  function redirected(res: Response): SyncError {
    const location = res.headers.get('location');
    let to = '';
    try {
      if (location) to = new URL(location, joinUrl(conn.endpoint, '/')).href;
    } catch {
      // an unreadable Location says no more than none
    }
    return new SyncError(
      'redirected',
      `同步服务器地址 ${conn.endpoint} 把请求转到了${to ? ` ${to}` : '另一个地址'}${res.status ? `（HTTP ${res.status}）` : ''}，数据没有发出。若是上网认证（登录）页面，请先登录网络；若服务器已换地址（如改用 https://），请在设置页填写新地址`,
      { status: res.status || undefined },
    );
  }

  const send = <T>(method: string, path: string, schema: z.ZodType<T>, what: string, init: RequestParts = {}) =>
    call(method, path, init, (res) => bodyOf(res, schema, what));

  const json = (value: unknown) => ({ body: JSON.stringify(value), headers: { 'content-type': 'application/json' } });

  return {
    endpoint: conn.endpoint,
    async health() {
      return send('GET', '/healthz', Health, '健康检查结果', { token: false });
    },
    async me(): Promise<Me> {
      return send('GET', '/api/me', Me, '用户信息');
    },
    async pushFindings(findings: readonly Finding[]): Promise<PushResult> {
      return send('PUT', '/api/findings', PushResponse, '提交结果', json({ findings }));
    },
    async pullFindings(query: FindingFilters & { since?: string; limit?: number } = {}): Promise<PullPage> {
      return send('GET', `/api/findings${queryString(query)}`, PullPage, '问题记录');
    },
    async putEvidence(id: string, mime: string, data: ArrayBuffer | Blob): Promise<EvidenceInfo> {
      return send('PUT', `/api/evidence/${encodeURIComponent(id)}`, EvidenceInfoSchema, '截图上传结果', { body: data, headers: { 'content-type': mime }, slow: true });
    },
    async getEvidence(id: string): Promise<Blob> {
      return call('GET', `/api/evidence/${encodeURIComponent(id)}`, { slow: true }, async (res) => {
        const type = res.headers.get('content-type') ?? '';
        if (!/^image\/(png|jpeg|webp)/.test(type)) throw new SyncError('garbage', `服务器返回的截图类型不对（${type || '未知'}）`);
        return new Blob([await res.arrayBuffer()], { type });
      });
    },
    async review(reviews: readonly ReviewItem[]): Promise<ReviewResult> {
      return send('POST', '/api/reviews', ReviewResponse, '审核结果', json({ reviews }));
    },
    async summary(query: { from?: string; to?: string; site?: string[] } = {}): Promise<Summary> {
      return send('GET', `/api/summary${queryString(query)}`, SummaryResponse, '汇总');
    },
    async rulePack(): Promise<RulePack> {
      return send('GET', '/api/rule-pack', RulePack, '规则包');
    },
  };
}

export type SyncApi = ReturnType<typeof createApi>;
