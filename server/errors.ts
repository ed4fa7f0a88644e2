import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';

export const ErrorIssue = z.object({ path: z.string(), message: z.string() });
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** For 400 validation errors: where in the request each problem is (dotted path, e.g. findings.3.severity). */
    issues: z.array(ErrorIssue).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Thrown anywhere while handling a request; app.onError turns it into `{ error: { code, message } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues?: z.infer<typeof ErrorIssue>[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function invalid(error: z.ZodError, where: string): ApiError {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
  return new ApiError(400, 'invalid', `请求内容不符合格式：${where} (invalid ${where})`, issues);
}

/**
 * The database is out of reach or busy for now, not the request at fault: SQLite still locked by another
 * writer after its busy timeout, PostgreSQL refusing or dropping connections, shutting down, or out of
 * connections. Answered 503 with Retry-After so a client keeps its batch and tries again.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = String((err as { code?: unknown }).code ?? '');
  return (
    code.startsWith('SQLITE_BUSY') ||
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE'].includes(code) ||
    /^(08|57P|53300)/.test(code) ||
    /^Connection terminated/.test(err.message)
  );
}
