import type { Finding } from '@/lib/findings';
import { DEFAULT_RULE_PACK, type RulePack } from '@/lib/rule-pack/pack';

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const errorResponse = (status: number, code: string, message: string, extra: object = {}, headers: Record<string, string> = {}) =>
  json(status, { error: { code, message, ...extra } }, headers);

const INSPECTOR_SIDE = (f: Finding) => JSON.stringify({ ...f, version: 0, updatedAt: '', inspector: '', reviewer: '', reviewComment: '', reviewedAt: '', status: f.status === 'accepted' || f.status === 'rejected' ? '' : f.status });

/**
 * A small stand-in for server/ in unit tests: versions, conflicts and the change stream as API.md
 * describes them (the real server is exercised by the e2e test), plus a hook to break any request.
 */
export class FakeServer {
  rows = new Map<string, Finding>();
  /** Change sequence per id: the pull stream. */
  seq = new Map<string, number>();
  counter = 0;
  calls: Call[] = [];
  rulePack: RulePack = DEFAULT_RULE_PACK;
  user = '张三';
  /** Return a Response (or throw) to replace the normal answer. */
  intercept: ((call: Call) => Response | Promise<Response> | undefined) | undefined;
  /** Ids the server refuses by name (server/API.md: refused[] of a push), with the code and message it gives. */
  refuse = new Map<string, { code: string; message: string }>();
  /** Runs while a push is "on the wire", before it is stored. */
  duringPush: (() => Promise<void>) | undefined;

  review(id: string, decision: 'accepted' | 'rejected', comment = ''): Finding {
    const row = this.rows.get(id)!;
    const next: Finding = { ...row, status: decision, reviewer: '李审核', reviewComment: comment, reviewedAt: '2025-07-01T02:00:00.000Z', version: row.version + 1 };
    this.store(next);
    return next;
  }

  private store(f: Finding): void {
    this.rows.set(f.id, f);
    this.seq.set(f.id, ++this.counter);
  }

  fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input);
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
    const call: Call = { method: init.method ?? 'GET', path: url.pathname, query: url.searchParams, body };
    this.calls.push(call);
    const replaced = await this.intercept?.(call);
    if (replaced) return replaced;
    const auth = new Headers(init.headers).get('authorization');
    if (auth !== 'Bearer good-token') return errorResponse(401, 'unauthorized', '令牌无效 (invalid token)');
    if (call.path === '/api/me') return json(200, { name: this.user, role: 'inspector' });
    if (call.path === '/api/rule-pack') return json(200, this.rulePack);
    if (call.path.startsWith('/api/evidence/')) return json(201, { id: decodeURIComponent(call.path.slice(14)), owner: this.user, mime: 'image/png', bytes: 1, sha256: '0'.repeat(64), createdAt: '2025-07-01T00:00:00.000Z' });
    if (call.path === '/api/findings' && call.method === 'PUT') return this.push(body.findings as Finding[]);
    if (call.path === '/api/findings') return this.pull(call.query);
    return errorResponse(404, 'not-found', '没有这个地址');
  };

  private async push(findings: Finding[]): Promise<Response> {
    await this.duringPush?.();
    const stored: Finding[] = [];
    const conflicts: Array<{ reason: string; finding: Finding }> = [];
    const refused: Array<{ path: string; id: string; code: string; message: string }> = [];
    for (const [i, f] of findings.entries()) {
      const refusal = this.refuse.get(f.id);
      if (refusal) {
        refused.push({ path: `findings.${i}`, id: f.id, ...refusal });
        continue;
      }
      const row = this.rows.get(f.id);
      if (!row) {
        const next = { ...f, version: f.version + 1, inspector: this.user };
        this.store(next);
        stored.push(next);
      } else if (INSPECTOR_SIDE(row) === INSPECTOR_SIDE(f)) stored.push(row);
      else if (f.version > row.version) conflicts.push({ reason: 'unknown-version', finding: row });
      else if (f.version < row.version && !row.reviewedAt) conflicts.push({ reason: 'stale-version', finding: row });
      else if (row.reviewedAt && f.status !== row.status && f.status !== 'accepted' && f.status !== 'rejected') conflicts.push({ reason: 'reviewed', finding: row });
      else {
        const next: Finding = { ...f, version: row.version + 1, inspector: this.user, status: row.reviewedAt ? row.status : f.status };
        for (const k of ['reviewer', 'reviewComment', 'reviewedAt'] as const) if (row[k] !== undefined) next[k] = row[k] as string;
        this.store(next);
        stored.push(next);
      }
    }
    return json(200, { stored, conflicts, refused });
  }

  private pull(q: URLSearchParams): Response {
    const since = q.get('since') ? Number(q.get('since')) : 0;
    if (since > this.counter) return errorResponse(409, 'checkpoint-ahead', '检查点超前 (checkpoint ahead)');
    const limit = Number(q.get('limit') ?? 200);
    const changed = [...this.seq].filter(([, s]) => s > since).sort((a, b) => a[1] - b[1]).slice(0, limit);
    const next = changed.length ? changed.at(-1)![1] : since;
    return json(200, { findings: changed.map(([id]) => this.rows.get(id)), next: String(next) });
  }
}
