/** What went wrong talking to the sync server, sorted by what the sync loop does about it. */
export type SyncErrorKind =
  /** No answer: offline, server down, DNS, refused. Retried with backoff. */
  | 'network'
  /** 5xx. Retried with backoff. */
  | 'server'
  /** 429. Retried after the server's Retry-After. */
  | 'rate-limited'
  /** 401: the token is wrong or revoked. Sync stops until the settings change. */
  | 'unauthorized'
  /** 403: a role too low or another inspector's record. Kept, shown. */
  | 'forbidden'
  /** 400/404/409/413/415: this request can never succeed as it is. Shown with the server's issues. */
  | 'rejected'
  /** A 2xx whose body is not what the API promises (not JSON, wrong shape). Nothing is applied. */
  | 'garbage'
  /**
   * A 3xx: the endpoint sends requests elsewhere (a captive portal, http→https, a moved server). Not
   * followed, so no data leaves for another host; the settings need the new address, or the network a login.
   */
  | 'redirected'
  /** No endpoint or token saved yet. */
  | 'not-configured';

export interface ServerIssue {
  path: string;
  message: string;
}

export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    /** In words, Chinese first: what the popup and options page show. */
    message: string,
    readonly extra: { status?: number; code?: string; issues?: ServerIssue[]; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'SyncError';
  }

  get status(): number | undefined {
    return this.extra.status;
  }

  get code(): string | undefined {
    return this.extra.code;
  }

  /** Worth trying the same request again later in this run. */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.kind === 'rate-limited';
  }
}

/** A server's words cut to `max` characters: a hostile or broken server cannot flood the status line. */
export function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function describeIssues(issues: readonly ServerIssue[] | undefined, max = 5): string {
  if (!issues?.length) return '';
  const shown = issues.slice(0, max).map((i) => `${clip(i.path, 100) || '（整体）'}：${clip(i.message, 200)}`);
  if (issues.length > max) shown.push(`另有 ${issues.length - max} 处`);
  return shown.join('；');
}

/** Any thrown value as the words the status line shows. */
export function errorWords(error: unknown): string {
  if (error instanceof SyncError) return error.message;
  if (error instanceof Error) return `同步出错：${error.message}`;
  return `同步出错：${String(error)}`;
}
