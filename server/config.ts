import { resolve } from 'node:path';

/** The extension's id, pinned by the manifest key: the one origin allowed without configuration. */
export const EXTENSION_ORIGIN = 'chrome-extension://mmcmafakagdiefbcljdlemiialmpkenc';

export interface ServerConfig {
  databaseUrl: string;
  port: number;
  host: string;
  /** Origins allowed to call the API from a browser (CORS); requests from any other Origin get 403. */
  allowedOrigins: string[];
  /** Requests per minute per token; the bucket holds as many, so a burst of that size passes. */
  rateLimitPerMinute: number;
  /** The folder of extension packages served under /extension/ (npm run package writes dist/). */
  extensionDir: string;
  /** The server's address as browsers reach it, for the .crx links in updates.xml; null: the request's own. */
  publicUrl: string | null;
  /**
   * Failed token checks per minute per client address (a bucket of as many): past it the address gets 429
   * with Retry-After for every request until the bucket refills, so tokens cannot be guessed at speed.
   */
  authFailuresPerMinute: number;
}

/**
 * Everything comes from the environment so that `npm run server` needs none of it:
 * DATABASE_URL (sqlite:<path> or postgres://…; default a SQLite file under server/data/), PORT (8787),
 * HOST (127.0.0.1), GSI_CORS_ORIGINS (comma-separated extra origins, e.g. moz-extension://<uuid>),
 * GSI_RATE_LIMIT (requests per minute per token, 600), GSI_AUTH_FAIL_LIMIT (failed token checks per minute
 * per client address, 10), GSI_EXTENSION_DIR (extension packages served under /extension/, default dist/),
 * GSI_PUBLIC_URL (this server's address as browsers reach it, e.g. behind a reverse proxy; default: the
 * address each request was sent to).
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const extra = (env.GSI_CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return {
    databaseUrl: env.DATABASE_URL || `sqlite:${resolve(import.meta.dirname, 'data/gsi.sqlite')}`,
    port: intFromEnv(env.PORT, 8787, 'PORT', 65535),
    host: env.HOST || '127.0.0.1',
    allowedOrigins: [EXTENSION_ORIGIN, ...extra],
    rateLimitPerMinute: intFromEnv(env.GSI_RATE_LIMIT, 600, 'GSI_RATE_LIMIT'),
    extensionDir: resolve(env.GSI_EXTENSION_DIR || resolve(import.meta.dirname, '..', 'dist')),
    publicUrl: publicUrlFromEnv(env.GSI_PUBLIC_URL),
    authFailuresPerMinute: intFromEnv(env.GSI_AUTH_FAIL_LIMIT, 10, 'GSI_AUTH_FAIL_LIMIT'),
  };
}

function intFromEnv(value: string | undefined, fallback: number, name: string, max?: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || (max !== undefined && n > max)) {
    const [zh, en] = max === undefined ? ['非负整数', 'a non-negative integer'] : [` 0–${max} 的整数`, `an integer from 0 to ${max}`];
    throw new Error(`${name} 须为${zh} (${name} must be ${en}), got "${value}"`);
  }
  return n;
}

function publicUrlFromEnv(value: string | undefined): string | null {
  if (!value) return null;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new Error(`GSI_PUBLIC_URL 须为 http(s) 地址 (GSI_PUBLIC_URL must be an http(s) URL), got "${value}"`);
  }
  return value.replace(/\/+$/, '');
}
