import { z } from 'zod';
import type { Finding } from '../findings';
import { RulePack } from '../rule-pack';
import { EvidenceInfo as EvidenceInfoSchema, Health, Me, PullResponse, PushResponse, SummaryResponse, type ReviewItem } from '../../server/schemas';
import { SyncError, describeIssues, type ServerIssue } from './errors';

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
export type PullPage = z.infer<typeof PullResponse>;
export type PushResult = z.infer<typeof PushResponse>;
export type Summary = z.infer<typeof SummaryResponse>;
export type EvidenceInfo = z.infer<typeof EvidenceInfoSchema>;

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; a default when absent or unreadable. */
export function retryAfterMs(header: string | null, fallbackMs = 5_000): number {
  if (!header) return fallbackMs;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? fallbackMs : Math.max(0, at - Date.now());
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

async function errorFrom(res: Response): Promise<SyncError> {
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
  const said = serverMessage || `HTTP ${status}${res.statusText ? ` ${res.statusText}` : ''}`;
  const extra = { status, code, issues };
  if (status === 401) return new SyncError('unauthorized', `令牌无效或已被撤销，请在设置页填写新的令牌（${said}）`, extra);
  if (status === 403) return new SyncError('forbidden', `服务器拒绝了请求：${said}`, extra);
  if (status === 429) {
    const wait = retryAfterMs(res.headers.get('retry-after'));
    return new SyncError('rate-limited', `请求过于频繁，服务器要求 ${Math.ceil(wait / 1000)} 秒后再试`, { ...extra, retryAfterMs: wait });
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
export function createApi(conn: Connection, fetchImpl: FetchLike = (input, init) => fetch(input, init)) {
  const auth = { authorization: `Bearer ${conn.token}` };

  async function send(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string>; token?: boolean } = {}): Promise<Response> {
    const url = joinUrl(conn.endpoint, path);
    let res: Response;
    try {
      res = await fetchImpl(url, { method, headers: { ...(init.token === false ? {} : auth), ...init.headers }, body: init.body });
    } catch (error) {
      throw new SyncError('network', `无法连接同步服务器 ${conn.endpoint}：${(error as Error)?.message ?? String(error)}`);
    }
    if (!res.ok) throw await errorFrom(res);
    return res;
  }

  const json = (value: unknown) => ({ body: JSON.stringify(value), headers: { 'content-type': 'application/json' } });

  return {
    endpoint: conn.endpoint,
    async health() {
      return bodyOf(await send('GET', '/healthz', { token: false }), Health, '健康检查结果');
    },
    async me(): Promise<Me> {
      return bodyOf(await send('GET', '/api/me'), Me, '用户信息');
    },
    async pushFindings(findings: readonly Finding[]): Promise<PushResult> {
      return bodyOf(await send('PUT', '/api/findings', json({ findings })), PushResponse, '提交结果');
    },
    async pullFindings(query: FindingFilters & { since?: string; limit?: number } = {}): Promise<PullPage> {
      return bodyOf(await send('GET', `/api/findings${queryString(query)}`), PullResponse, '问题记录');
    },
    async putEvidence(id: string, mime: string, data: ArrayBuffer | Blob): Promise<EvidenceInfo> {
      return bodyOf(await send('PUT', `/api/evidence/${encodeURIComponent(id)}`, { body: data, headers: { 'content-type': mime } }), EvidenceInfoSchema, '截图上传结果');
    },
    async getEvidence(id: string): Promise<Blob> {
      const res = await send('GET', `/api/evidence/${encodeURIComponent(id)}`);
      const type = res.headers.get('content-type') ?? '';
      if (!/^image\/(png|jpeg|webp)/.test(type)) throw new SyncError('garbage', `服务器返回的截图类型不对（${type || '未知'}）`);
      return new Blob([await res.arrayBuffer()], { type });
    },
    async review(reviews: readonly ReviewItem[]): Promise<PushResult> {
      return bodyOf(await send('POST', '/api/reviews', json({ reviews })), PushResponse, '审核结果');
    },
    async summary(query: { from?: string; to?: string; site?: string[] } = {}): Promise<Summary> {
      return bodyOf(await send('GET', `/api/summary${queryString(query)}`), SummaryResponse, '汇总');
    },
    async rulePack(): Promise<RulePack> {
      return bodyOf(await send('GET', '/api/rule-pack'), RulePack, '规则包');
    },
  };
}

export type SyncApi = ReturnType<typeof createApi>;
