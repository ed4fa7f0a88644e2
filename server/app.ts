import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { IncomingMessage } from 'node:http';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { sql } from 'kysely';
import { z } from 'zod';
import { RulePack } from '../lib/rule-pack/pack';
import type { ServerConfig } from './config';
import type { Db, Role } from './db';
import { ApiError, ErrorBody, invalid, isDatabaseUnavailable } from './errors';
import { mountExtension } from './extension';
import { MAX_EVIDENCE_BYTES, getEvidence, putEvidence } from './evidence';
import { applyReviews, pullFindings, pushFindings } from './findings';
import { RateLimiter } from './rate-limit';
import { currentRulePack, putRulePack } from './rule-pack-store';
import {
  EvidenceId,
  EvidenceInfo,
  EvidenceMime,
  Health,
  MAX_BATCH,
  MAX_REVIEW_COMMENT,
  Me,
  NewUser,
  PullQuery,
  PullResponse,
  PushRequest,
  PushResponse,
  ReviewRequest,
  ReviewResponse,
  SummaryQuery,
  SummaryResponse,
  UserCreated,
  UserInfo,
  UserList,
  UserName,
} from '../lib/sync/wire';
import { summarize } from './summary';
import { UserError, addUser, hasRole, hashToken, listUsers, revokeUser, userForToken, type User } from './users';

export const MAX_FINDINGS_BODY = 10 * 1024 * 1024;
const MAX_JSON_BODY = 5 * 1024 * 1024;
/**
 * The largest review batch the schema allows must fit: the review page sends one comment with every item of
 * a bulk decision (500 items, a 4000-character comment; JSON can take up to 6 bytes per character).
 */
const MAX_REVIEWS_BODY = MAX_BATCH * (MAX_REVIEW_COMMENT * 6 + 256);

type Env = { Variables: { user: User } };

const tooLarge = (limit: number) => () => {
  throw new ApiError(413, 'body-too-large', `请求体超过 ${Math.round((limit / 1024 / 1024) * 10) / 10} MB (request body larger than ${limit} bytes)`);
};

/** Every response body goes through its schema: a server bug shows up as a 500 here, not as bad data downstream. */
function send<T>(c: Context<Env>, schema: z.ZodType<T>, value: T, status: ContentfulStatusCode = 200) {
  return c.json(schema.parse(value) as object, status);
}

async function jsonBody<T>(c: Context<Env>, schema: z.ZodType<T>, where: string, maxItems?: { key: string; max: number }): Promise<T> {
  // application/json, optionally with parameters; not application/json-seq or other types that merely start so.
  if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
    throw new ApiError(415, 'unsupported-media-type', '请求体须为 JSON，Content-Type: application/json (expected application/json)');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError(400, 'malformed-json', '请求体不是合法的 JSON (malformed JSON)');
  }
  if (maxItems && raw && typeof raw === 'object') {
    const items = (raw as Record<string, unknown>)[maxItems.key];
    if (Array.isArray(items) && items.length > maxItems.max) {
      throw new ApiError(413, 'batch-too-large', `每批最多 ${maxItems.max} 条 (at most ${maxItems.max} ${maxItems.key} per request)`);
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error, where);
  return parsed.data;
}

/** Query string → object for zod: repeated keys become arrays, `list` keys are always arrays. */
function queryObject(c: Context<Env>, list: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, values] of Object.entries(c.req.queries())) {
    out[k] = list.includes(k) || values.length > 1 ? values : values[0];
  }
  return out;
}

function parseQuery<T>(c: Context<Env>, schema: z.ZodType<T>, list: string[]): T {
  const parsed = schema.safeParse(queryObject(c, list));
  if (!parsed.success) throw invalid(parsed.error, 'query');
  return parsed.data;
}

function requireRole(c: Context<Env>, role: Role): User {
  const user = c.get('user');
  if (!hasRole(user, role)) {
    const zh = { inspector: '检查员', supervisor: '审核员', admin: '管理员' }[role];
    throw new ApiError(403, 'forbidden', `需要${zh}权限 (requires role ${role})`);
  }
  return user;
}

/**
 * The peer address of the connection (@hono/node-server passes the Node request as `incoming`). Behind a
 * reverse proxy this is the proxy's, so the failed-authentication limit then applies to it as a whole.
 */
function clientAddress(c: Context<Env>): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

export function createApp(db: Db, config: ServerConfig): Hono<Env> {
  const app = new Hono<Env>();
  const { kysely } = db;
  const limiter = new RateLimiter(config.rateLimitPerMinute);
  const authFailures = new RateLimiter(config.authFailuresPerMinute);
  const allowed = new Set(config.allowedOrigins);

  app.onError((err, c) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
      const body: ErrorBody = { error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } };
      return c.json(body, err.status);
    }
    if (err instanceof HTTPException) {
      return c.json({ error: { code: 'http-error', message: err.message || `HTTP ${err.status}` } } satisfies ErrorBody, err.status as ContentfulStatusCode);
    }
    if (isDatabaseUnavailable(err)) {
      console.error(`数据库暂时不可用 (database unavailable): ${err.message}`);
      c.header('Retry-After', '5');
      return c.json({ error: { code: 'database-unavailable', message: '数据库暂时不可用，请稍后重试 (database unavailable, try again later)' } } satisfies ErrorBody, 503);
    }
    console.error(err);
    return c.json({ error: { code: 'internal', message: '服务器内部错误 (internal error)' } } satisfies ErrorBody, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'not-found', message: `没有这个接口 (no route ${c.req.method} ${c.req.path})` } } satisfies ErrorBody, 404));

  app.use('*', async (c, next) => {
    await next();
    // Responses are data for a program, never a page: no sniffing into HTML, no caching of tokens or findings.
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    c.header('Cache-Control', 'no-store');
  });

  // Browsers send Origin; only the extension's pages may call in. Tools without Origin (CLI, curl) pass.
  app.use('*', async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !allowed.has(origin)) {
      throw new ApiError(403, 'origin-not-allowed', `不允许来自 ${origin} 的请求 (origin not allowed)`);
    }
    await next();
  });
  app.use(
    '*',
    cors({
      origin: (origin) => (allowed.has(origin) ? origin : null),
      allowMethods: ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type'],
      exposeHeaders: ['Retry-After'],
      maxAge: 600,
    }),
  );

  app.get('/healthz', async (c) => {
    await sql`select 1`.execute(kysely);
    return send(c, Health, { ok: true, database: db.dialect });
  });

  mountExtension(app, config);

  app.use('/api/*', async (c, next) => {
    const m = /^Bearer ([A-Za-z0-9_-]{16,200})$/.exec(c.req.header('authorization') ?? '');
    const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message, undefined, { 'WWW-Authenticate': 'Bearer' });
    if (!m) throw unauthorized('缺少令牌：请发送 Authorization: Bearer <令牌> (missing bearer token)');
    // Checked before the token is looked up: an address that guessed wrong too often waits, whatever it sends.
    const address = clientAddress(c);
    const penalty = authFailures.peek(address);
    if (penalty > 0) {
      throw new ApiError(429, 'rate-limited', `令牌验证失败次数过多，请 ${penalty} 秒后重试 (too many failed authentications)`, undefined, { 'Retry-After': String(penalty) });
    }
    const user = await userForToken(kysely, m[1]);
    if (!user) {
      authFailures.take(address);
      throw unauthorized('令牌无效或已吊销 (invalid or revoked token)');
    }
    const wait = limiter.take(hashToken(m[1]));
    if (wait > 0) {
      throw new ApiError(429, 'rate-limited', `请求过于频繁，请 ${wait} 秒后重试 (too many requests)`, undefined, { 'Retry-After': String(wait) });
    }
    c.set('user', user);
    await next();
  });

  app.get('/api/me', (c) => send(c, Me, c.get('user')));

  app.put('/api/findings', bodyLimit({ maxSize: MAX_FINDINGS_BODY, onError: tooLarge(MAX_FINDINGS_BODY) }), async (c) => {
    const body = await jsonBody(c, PushRequest, 'findings', { key: 'findings', max: MAX_BATCH });
    return send(c, PushResponse, await pushFindings(kysely, c.get('user'), body.findings));
  });

  app.get('/api/findings', async (c) => {
    const q = parseQuery(c, PullQuery, ['site', 'rule', 'severity', 'inspector', 'status']);
    return send(c, PullResponse, await pullFindings(kysely, c.get('user'), q));
  });

  app.post('/api/reviews', bodyLimit({ maxSize: MAX_REVIEWS_BODY, onError: tooLarge(MAX_REVIEWS_BODY) }), async (c) => {
    const user = requireRole(c, 'supervisor');
    const body = await jsonBody(c, ReviewRequest, 'reviews', { key: 'reviews', max: MAX_BATCH });
    return send(c, ReviewResponse, await applyReviews(kysely, user, body.reviews));
  });

  const evidenceId = (c: Context<Env>) => {
    const parsed = EvidenceId.safeParse(c.req.param('id'));
    if (!parsed.success) throw invalid(parsed.error, 'evidence id');
    return parsed.data;
  };
  app.put('/api/evidence/:id', bodyLimit({ maxSize: MAX_EVIDENCE_BYTES, onError: tooLarge(MAX_EVIDENCE_BYTES) }), async (c) => {
    const id = evidenceId(c);
    const mime = EvidenceMime.safeParse((c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase());
    if (!mime.success) {
      throw new ApiError(415, 'unsupported-media-type', '截图只接受 image/png、image/jpeg、image/webp (only PNG, JPEG or WebP)');
    }
    const data = new Uint8Array(await c.req.arrayBuffer());
    const { created, info } = await putEvidence(kysely, c.get('user'), id, mime.data, data);
    return send(c, EvidenceInfo, info, created ? 201 : 200);
  });
  app.get('/api/evidence/:id', async (c) => {
    const { mime, data } = await getEvidence(kysely, c.get('user'), evidenceId(c));
    return c.body(new Uint8Array(data), 200, { 'Content-Type': mime, 'Content-Length': String(data.length) });
  });

  app.get('/api/rule-pack', async (c) => send(c, RulePack, await currentRulePack(kysely)));
  app.put('/api/rule-pack', bodyLimit({ maxSize: MAX_JSON_BODY, onError: tooLarge(MAX_JSON_BODY) }), async (c) => {
    const admin = requireRole(c, 'admin');
    const pack = await jsonBody(c, RulePack, 'rule pack');
    return send(c, RulePack, await putRulePack(kysely, admin, pack));
  });

  app.get('/api/summary', async (c) => {
    requireRole(c, 'supervisor');
    const q = parseQuery(c, SummaryQuery, ['site']);
    return send(c, SummaryResponse, await summarize(kysely, q));
  });

  app.get('/api/users', async (c) => {
    requireRole(c, 'admin');
    const users = await listUsers(kysely);
    return send(c, UserList, {
      users: users.map((u) => ({ name: u.name, role: u.role, createdAt: u.created_at, revokedAt: u.revoked_at })),
    });
  });
  app.post('/api/users', bodyLimit({ maxSize: 64 * 1024, onError: tooLarge(64 * 1024) }), async (c) => {
    requireRole(c, 'admin');
    const { name, role } = await jsonBody(c, NewUser, 'user');
    try {
      const token = await addUser(kysely, name, role);
      return send(c, UserCreated, { name, role, token }, 201);
    } catch (e) {
      if (e instanceof UserError) throw new ApiError(409, 'user-exists', e.message);
      throw e;
    }
  });
  app.delete('/api/users/:name', async (c) => {
    requireRole(c, 'admin');
    const name = UserName.safeParse(c.req.param('name'));
    if (!name.success) throw invalid(name.error, 'user name');
    if (!(await revokeUser(kysely, name.data))) throw new ApiError(404, 'not-found', `没有有效用户 ${name.data} (no active user)`);
    const user = (await listUsers(kysely)).find((u) => u.name === name.data)!;
    return send(c, UserInfo, { name: user.name, role: user.role, createdAt: user.created_at, revokedAt: user.revoked_at });
  });

  return app;
}
