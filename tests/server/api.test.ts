import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Finding } from '../../lib/findings';
import { EXTENSION_ORIGIN } from '../../server/config';
import { encodeCheckpoint } from '../../server/findings';
import { addUser, client, createDatabase, finding, startServer, type Client, type ServerProcess, type TestDatabase } from './harness';

/** The smallest valid PNG (1×1), and the same image one byte different. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf00000301010018dd8db40000000049454e44ae426082', 'hex');
const PNG2 = Buffer.concat([PNG, Buffer.from([0])]);

describe.each(['sqlite', 'postgres'] as const)('sync server on %s', (kind) => {
  let db: TestDatabase;
  let server: ServerProcess;
  let admin: Client;
  let supervisor: Client;
  let zhang: Client;
  let wang: Client;
  let anonymous: Client;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createDatabase(kind);
    tokens.admin = await addUser(db.url, 'admin1', 'admin');
    server = await startServer(db.url, { GSI_CORS_ORIGINS: 'moz-extension://5f1c1b5e-0d1a-4c1e-9d5e-0a6f2b7d8e90' });
    admin = client(server.url, tokens.admin);
    for (const [name, role] of [['李四', 'supervisor'], ['张三', 'inspector'], ['王五', 'inspector']]) {
      const r = await admin('POST', '/api/users', { name, role });
      expect(r.status).toBe(201);
      tokens[name] = r.json.token;
    }
    supervisor = client(server.url, tokens['李四']);
    zhang = client(server.url, tokens['张三']);
    wang = client(server.url, tokens['王五']);
    anonymous = client(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  /** Every stored row as the admin pulls it, page by page: equal snapshots mean nothing changed. */
  async function snapshot(): Promise<{ findings: Finding[]; next: string }> {
    const all: Finding[] = [];
    let since = '';
    for (;;) {
      const r = await admin('GET', `/api/findings?limit=1000&since=${since}`);
      expect(r.status).toBe(200);
      all.push(...r.json.findings);
      if (r.json.findings.length === 0) return { findings: all, next: r.json.next };
      since = r.json.next;
    }
  }

  async function pullAll(c: Client, query: string): Promise<Finding[]> {
    const all: Finding[] = [];
    let since = '';
    for (;;) {
      const r = await c('GET', `/api/findings?limit=1000&since=${since}${query ? `&${query}` : ''}`);
      expect(r.status, r.text).toBe(200);
      if (r.json.findings.length === 0) return all;
      all.push(...r.json.findings);
      since = r.json.next;
    }
  }

  test('healthz answers without a token and names the database', async () => {
    const r = await anonymous('GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ ok: true, database: kind });
  });

  test('the same batch twice changes nothing: same rows, same versions, no new change sequence', async () => {
    const batch = [finding(), finding({ rule: 'link-hidden', severity: 'veto' }), finding({ note: '首页' })];
    const first = await zhang('PUT', '/api/findings', { findings: batch });
    expect(first.status).toBe(200);
    expect(first.json.conflicts).toEqual([]);
    expect(first.json.stored.map((f: Finding) => [f.id, f.version, f.inspector])).toEqual(batch.map((f) => [f.id, 1, '张三']));
    const before = await snapshot();

    const second = await zhang('PUT', '/api/findings', { findings: batch });
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    const after = await snapshot();
    expect(after).toEqual(before);
    const since = await admin('GET', `/api/findings?since=${before.next}`);
    expect(since.json.findings).toEqual([]);
  });

  test('an edit based on an old version gets the server row back instead of overwriting', async () => {
    const f = finding();
    const v1 = (await zhang('PUT', '/api/findings', { findings: [f] })).json.stored[0] as Finding;
    const v2 = await zhang('PUT', '/api/findings', { findings: [{ ...v1, note: '第一次修改', updatedAt: '2025-07-01T08:00:00Z' }] });
    expect(v2.json.stored[0]).toMatchObject({ version: 2, note: '第一次修改' });
    const before = await snapshot();

    const stale = await zhang('PUT', '/api/findings', { findings: [{ ...v1, note: '另一台电脑上的修改' }] });
    expect(stale.status).toBe(200);
    expect(stale.json.stored).toEqual([]);
    expect(stale.json.conflicts).toEqual([{ reason: 'stale-version', finding: v2.json.stored[0] }]);
    expect(await snapshot()).toEqual(before);
  });

  test("inspector and supervisor fields merge separately; a reviewed status is the supervisor's", async () => {
    const f = finding({ status: 'confirmed' });
    const v1 = (await zhang('PUT', '/api/findings', { findings: [f] })).json.stored[0] as Finding;
    const review = await supervisor('POST', '/api/reviews', { reviews: [{ id: f.id, version: 1, decision: 'accepted', comment: '属实，限期整改' }] });
    expect(review.status).toBe(200);
    expect(review.json.stored[0]).toMatchObject({ status: 'accepted', reviewer: '李四', reviewComment: '属实，限期整改', version: 2 });

    // The inspector's client has not pulled the review yet; its note lands and the review stays.
    const note = await zhang('PUT', '/api/findings', { findings: [{ ...v1, note: '已通知网站运维', reviewer: '张三', reviewComment: '伪造' }] });
    expect(note.json.conflicts).toEqual([]);
    expect(note.json.stored[0]).toMatchObject({
      version: 3,
      note: '已通知网站运维',
      status: 'accepted',
      reviewer: '李四',
      reviewComment: '属实，限期整改',
    });

    const dismiss = await zhang('PUT', '/api/findings', { findings: [{ ...note.json.stored[0], status: 'dismissed' }] });
    expect(dismiss.json.conflicts).toEqual([{ reason: 'reviewed', finding: note.json.stored[0] }]);

    // A supervisor who decided on content that has since changed gets the current row back.
    const late = await supervisor('POST', '/api/reviews', { reviews: [{ id: f.id, version: 2, decision: 'rejected' }] });
    expect(late.json).toEqual({ stored: [], conflicts: [{ reason: 'stale-version', finding: note.json.stored[0] }] });
  });

  test('pulling in small pages never misses or repeats rows stored in the same instant, even while pushes go on', async () => {
    const site = `paging-${kind}.gov.cn`;
    const batch = Array.from({ length: 25 }, () => finding({ site }));
    await zhang('PUT', '/api/findings', { findings: batch });
    const seen: string[] = [];
    let since = '';
    for (let page = 0; page < 2; page++) {
      const r = await supervisor('GET', `/api/findings?site=${site}&limit=7&since=${since}`);
      expect(r.json.findings).toHaveLength(7);
      seen.push(...r.json.findings.map((f: Finding) => f.id));
      since = r.json.next;
    }
    const more = Array.from({ length: 5 }, () => finding({ site }));
    await zhang('PUT', '/api/findings', { findings: more });
    for (;;) {
      const r = await supervisor('GET', `/api/findings?site=${site}&limit=7&since=${since}`);
      expect(r.status).toBe(200);
      if (r.json.findings.length === 0) {
        expect(r.json.next).toBe(since);
        break;
      }
      seen.push(...r.json.findings.map((f: Finding) => f.id));
      since = r.json.next;
    }
    expect(seen).toEqual([...batch, ...more].map((f) => f.id));
  });

  test('filters: site, rule, severity, status, inspector and a date range in China Standard Time', async () => {
    const site = `filters-${kind}.gov.cn`;
    const a = finding({ site, rule: 'column-blank', severity: 'veto', status: 'confirmed', createdAt: '2025-06-30T23:30:00+08:00' });
    const b = finding({ site, rule: 'column-blank', severity: 'review', createdAt: '2025-07-01T00:10:00+08:00' });
    const c = finding({ site, rule: 'link-dead', severity: 'deduct', createdAt: '2025-06-29T16:00:00Z' });
    const d = finding({ site, rule: 'link-dead', severity: 'deduct', status: 'dismissed', createdAt: '2025-06-15T12:00:00+08:00' });
    await zhang('PUT', '/api/findings', { findings: [a, b, c] });
    await wang('PUT', '/api/findings', { findings: [d] });
    const ids = async (q: string) => (await pullAll(supervisor, `site=${site}&${q}`)).map((f) => f.id).sort();
    const sorted = (...fs: Finding[]) => fs.map((f) => f.id).sort();
    expect(await ids('')).toEqual(sorted(a, b, c, d));
    expect(await ids('rule=column-blank')).toEqual(sorted(a, b));
    expect(await ids('severity=veto&severity=review')).toEqual(sorted(a, b));
    expect(await ids('status=confirmed')).toEqual(sorted(a));
    expect(await ids('status=open&rule=link-dead')).toEqual(sorted(c));
    expect(await ids('inspector=王五')).toEqual(sorted(d));
    // 2025-06-30 in +08:00 runs from 06-29T16:00Z (inclusive) to 06-30T16:00Z (exclusive).
    expect(await ids('from=2025-06-30&to=2025-07-01')).toEqual(sorted(a, c));
    expect(await ids('from=2025-06-30T16:00:00Z')).toEqual(sorted(b));
    expect(await ids(`site=other.gov.cn`)).toEqual(sorted(a, b, c, d));
    expect((await pullAll(supervisor, `site=${encodeURIComponent("' OR 1=1 --")}`)).length).toBe(0);
  });

  test("an inspector's token cannot touch another inspector's findings, read them, or review anything", async () => {
    const mine = finding({ site: `roles-${kind}.gov.cn` });
    const stored = (await zhang('PUT', '/api/findings', { findings: [mine] })).json.stored[0] as Finding;
    await zhang('PUT', `/api/evidence/${mine.id}`, PNG, { 'content-type': 'image/png' });
    const before = await snapshot();

    const cases: [string, Promise<{ status: number; json: any }>][] = [
      ["pull 张三's findings", wang('GET', '/api/findings?inspector=张三')],
      ['review', wang('POST', '/api/reviews', { reviews: [{ id: mine.id, version: 1, decision: 'rejected' }] })],
      ['read the summary', wang('GET', '/api/summary')],
      ['change the rule pack', wang('PUT', '/api/rule-pack', { version: 99 })],
      ['manage users', wang('POST', '/api/users', { name: 'eve', role: 'admin' })],
      ["read 张三's screenshot", wang('GET', `/api/evidence/${mine.id}`)],
      ["replace 张三's screenshot", wang('PUT', `/api/evidence/${mine.id}`, PNG, { 'content-type': 'image/png' })],
      ['supervisor changes the rule pack', supervisor('PUT', '/api/rule-pack', { version: 99 })],
    ];
    for (const [what, pending] of cases) {
      const r = await pending;
      expect(r.status, what).toBe(403);
      expect(r.json.error.code, what).toMatch(/^(forbidden|not-owner)$/);
    }
    // Pushes naming or touching 张三's findings: each such record is refused by its place, nothing of 张三's changes.
    const pushes: [string, Finding[]][] = [
      ['push as someone else', [finding({ inspector: '张三' })]],
      ["overwrite 张三's finding", [{ ...stored, inspector: undefined, note: '王五改的' }]],
      ["a batch hiding 张三's finding", [{ ...stored, inspector: '王五', label: 'x' }]],
    ];
    for (const [what, findings] of pushes) {
      const r = await wang('PUT', '/api/findings', { findings });
      expect(r.status, what).toBe(200);
      expect(r.json, what).toEqual({ stored: [], conflicts: [], refused: [expect.objectContaining({ path: 'findings.0', id: findings[0].id, code: 'not-owner' })] });
    }
    const own = await pullAll(wang, '');
    expect(own.every((f) => f.inspector === '王五')).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  test('a push names each record it refuses and stores the rest of the batch', async () => {
    const theirs = (await zhang('PUT', '/api/findings', { findings: [finding({ site: `refuse-${kind}.gov.cn` })] })).json.stored[0] as Finding;
    const own = Array.from({ length: 6 }, () => finding({ site: `refuse-${kind}.gov.cn` }));
    const batch = [
      own[0],
      { ...theirs, inspector: undefined, note: '王五加的备注' },
      own[1],
      finding({ status: 'accepted', reviewer: '王五', reviewComment: '自己批的' }),
      own[2],
      { ...own[0], note: 'again' },
      own[3],
      finding({ inspector: '张三' }),
      own[4],
      own[5],
    ];
    const r = await wang('PUT', '/api/findings', { findings: batch });
    expect(r.status, r.text).toBe(200);
    expect(r.json.refused).toEqual([
      { path: 'findings.1', id: theirs.id, code: 'not-owner', message: expect.stringContaining('其他检查员') },
      { path: 'findings.3', id: batch[3].id, code: 'invalid-status', message: expect.stringContaining('accepted') },
      { path: 'findings.5', id: own[0].id, code: 'duplicate-id', message: expect.stringContaining('多次') },
      { path: 'findings.7', id: batch[7].id, code: 'not-owner', message: expect.stringContaining('张三') },
    ]);
    expect(r.json.stored.map((f: Finding) => f.id)).toEqual(own.map((f) => f.id));
    expect(r.json.conflicts).toEqual([]);
    const onServer = await pullAll(wang, `site=refuse-${kind}.gov.cn`);
    expect(onServer.map((f) => f.id).sort()).toEqual(own.map((f) => f.id).sort());
    expect(onServer.find((f) => f.id === own[0].id)?.note).toBe(own[0].note);
    const zhangs = await pullAll(zhang, `site=refuse-${kind}.gov.cn`);
    expect(zhangs).toEqual([theirs]);
  });

  test('garbage, oversized, wrongly typed and unauthorised requests get the right 4xx and change nothing', async () => {
    const existing = (await zhang('PUT', '/api/findings', { findings: [finding()] })).json.stored[0] as Finding;
    const before = await snapshot();
    const valid = finding();
    const huge = JSON.stringify({ findings: [finding({ note: 'x'.repeat(4000) })], pad: 'y'.repeat(10 * 1024 * 1024) });
    const revoked = (await admin('POST', '/api/users', { name: `gone-${kind}`, role: 'inspector' })).json.token;
    expect((await admin('DELETE', `/api/users/gone-${kind}`)).status).toBe(200);

    const cases: [string, number, string, Promise<{ status: number; json: any; headers: Headers }>][] = [
      ['malformed JSON', 400, 'malformed-json', zhang('PUT', '/api/findings', '{"findings": [', { 'content-type': 'application/json' })],
      ['not JSON at all', 415, 'unsupported-media-type', zhang('PUT', '/api/findings', 'findings=1', { 'content-type': 'application/x-www-form-urlencoded' })],
      ['wrongly typed field', 400, 'invalid', zhang('PUT', '/api/findings', { findings: [valid, { ...finding(), severity: 'fatal', version: '1' }] })],
      ['empty batch', 400, 'invalid', zhang('PUT', '/api/findings', { findings: [] })],
      ['501 findings', 413, 'batch-too-large', zhang('PUT', '/api/findings', { findings: Array.from({ length: 501 }, () => finding()) })],
      ['body over 10 MB', 413, 'body-too-large', zhang('PUT', '/api/findings', huge, { 'content-type': 'application/json' })],
      ['no token', 401, 'unauthorized', anonymous('PUT', '/api/findings', { findings: [valid] })],
      ['wrong token', 401, 'unauthorized', client(server.url, 'A'.repeat(43))('PUT', '/api/findings', { findings: [valid] })],
      ['revoked token', 401, 'unauthorized', client(server.url, revoked)('PUT', '/api/findings', { findings: [valid] })],
      ['bad checkpoint', 400, 'invalid-checkpoint', admin('GET', '/api/findings?since=bm90LWEtY2hlY2twb2ludA')],
      ['checkpoint from another database', 409, 'checkpoint-ahead', admin('GET', `/api/findings?since=${encodeCheckpoint(10 ** 12)}`)],
      ['unknown filter', 400, 'invalid', admin('GET', '/api/findings?colour=red')],
      ['limit too large', 400, 'invalid', admin('GET', '/api/findings?limit=100000')],
      ['review of an unknown finding', 404, 'not-found', supervisor('POST', '/api/reviews', { reviews: [{ id: existing.id, version: 1, decision: 'accepted' }, { id: randomUUID(), version: 1, decision: 'accepted' }] })],
      ['review decision not allowed', 400, 'invalid', supervisor('POST', '/api/reviews', { reviews: [{ id: existing.id, version: 1, decision: 'confirmed' }] })],
      ['unknown route', 404, 'not-found', admin('GET', '/api/nothing-here')],
      ['a web page calling in', 403, 'origin-not-allowed', zhang('PUT', '/api/findings', { findings: [valid] }, { origin: 'https://evil.example' })],
    ];
    for (const [what, status, code, pending] of cases) {
      const r = await pending;
      expect(r.status, what).toBe(status);
      expect(r.json?.error?.code, what).toBe(code);
      expect(typeof r.json.error.message, what).toBe('string');
      expect(r.headers.get('content-type'), what).toMatch(/^application\/json/);
    }
    const typed = await zhang('PUT', '/api/findings', { findings: [valid, { ...finding(), severity: 'fatal' }] });
    expect(typed.json.error.issues).toEqual([expect.objectContaining({ path: 'findings.1.severity' })]);
    expect((await zhang('PUT', '/api/findings', {})).json.error.issues[0].path).toBe('findings');
    expect(await snapshot()).toEqual(before);
  });

  test('script and markup in finding text are stored as data and returned verbatim as JSON', async () => {
    const nasty = finding({
      label: '<script>alert("x")</script>',
      snippet: '<img src=x onerror="alert(1)"><a href="javascript:alert(2)">链接</a>',
      message: "</textarea><svg onload=alert(3)> '; DROP TABLE findings; --",
      pageTitle: '\u202e<b>标题</b>\u0000',
      note: '{{constructor.constructor("alert(4)")()}}',
      detail: { html: '<iframe src="//evil">', list: ['<b>', '"\'`'] },
    });
    const r = await zhang('PUT', '/api/findings', { findings: [nasty] });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const back = (await pullAll(supervisor, `site=${nasty.site}`)).find((f) => f.id === nasty.id)!;
    for (const k of ['label', 'snippet', 'message', 'pageTitle', 'note', 'detail'] as const) expect(back[k]).toEqual(nasty[k]);
    expect((await snapshot()).findings.length).toBeGreaterThan(0);
  });

  test('evidence: PNG/JPEG/WebP only, 5 MB at most, immutable, readable by its uploader and supervisors', async () => {
    const id = randomUUID();
    const put = (c: Client, body: Uint8Array, type: string, eid: string = id) => c('PUT', `/api/evidence/${eid}`, body, { 'content-type': type });
    const created = await put(zhang, PNG, 'image/png');
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id, owner: '张三', mime: 'image/png', bytes: PNG.length });
    expect((await put(zhang, PNG, 'image/png')).status).toBe(200);
    expect((await put(zhang, PNG2, 'image/png')).json.error.code).toBe('evidence-exists');
    expect((await put(zhang, PNG2, 'image/png')).status).toBe(409);
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    expect((await put(zhang, html, 'image/png', randomUUID())).status).toBe(415);
    expect((await put(zhang, html, 'text/html', randomUUID())).status).toBe(415);
    expect((await put(zhang, PNG, 'image/jpeg', randomUUID())).status).toBe(415);
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await put(zhang, big, 'image/png', randomUUID());
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.error.code).toBe('body-too-large');
    expect((await put(zhang, PNG, 'image/png', '../../etc/passwd')).status).toBe(404);
    expect((await put(zhang, PNG, 'image/png', 'a b')).status).toBe(400);

    for (const reader of [zhang, supervisor]) {
      const res = await fetch(`${server.url}/api/evidence/${id}`, { headers: { authorization: `Bearer ${reader === zhang ? tokens['张三'] : tokens['李四']}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
    }
    expect((await wang('GET', `/api/evidence/${id}`)).status).toBe(403);
    expect((await zhang('GET', `/api/evidence/${randomUUID()}`)).status).toBe(404);
  });

  test('rule pack: everyone reads it, admins replace it with a newer valid version', async () => {
    const current = await zhang('GET', '/api/rule-pack');
    expect(current.status).toBe(200);
    const pack = current.json;
    expect((await admin('PUT', '/api/rule-pack', { ...pack, version: pack.version })).status).toBe(409);
    const broken = await admin('PUT', '/api/rule-pack', { ...pack, version: pack.version + 1, links: { ...pack.links, illegalThreshold: 'high' } });
    expect(broken.status).toBe(400);
    expect(broken.json.error.issues[0].path).toBe('links.illegalThreshold');
    const newer = { ...pack, version: pack.version + 1, name: '济南市 2025 年第二季度规则包' };
    const put = await admin('PUT', '/api/rule-pack', newer);
    expect(put.status).toBe(200);
    expect((await wang('GET', '/api/rule-pack')).json).toEqual(newer);
    expect((await admin('PUT', '/api/rule-pack', newer)).status).toBe(409);
  });

  test('summary: per-site verdicts on confirmed or accepted findings against the veto lines, and the pass rate', async () => {
    // A database of its own: the other tests' findings would change the pass rate.
    const own = await createDatabase(kind);
    const adminToken = await addUser(own.url, 'boss', 'admin');
    const s = await startServer(own.url);
    try {
      const boss = client(s.url, adminToken);
      const ins = client(s.url, (await boss('POST', '/api/users', { name: 'ins', role: 'inspector' })).json.token);
      const blank = Array.from({ length: 5 }, (_, i) =>
        finding({ site: 'a.gov.cn', rule: 'column-blank', severity: 'deduct', status: i < 4 ? 'confirmed' : 'open', label: `栏目${i}`, detail: { kind: 'other' } }),
      );
      const wording = finding({ site: 'b.gov.cn', rule: 'wording-error', severity: 'veto', status: 'open', label: '中华人民共合国' });
      const dismissed = finding({ site: 'c.gov.cn', rule: 'link-hidden', severity: 'veto', status: 'dismissed' });
      await ins('PUT', '/api/findings', { findings: [...blank, wording, dismissed] });

      const first = (await boss('GET', '/api/summary?site=d.gov.cn')).json;
      expect(first).toMatchObject({ sitesChecked: 4, sitesPassed: 4, passRate: 1 });
      expect(first.sites.map((x: any) => [x.site, x.verdict, x.total, x.open])).toEqual([
        ['a.gov.cn', 'pass', 4, 1],
        ['b.gov.cn', 'pass', 0, 1],
        ['c.gov.cn', 'pass', 0, 0],
        ['d.gov.cn', 'pass', 0, 0],
      ]);

      // The fifth blank column confirmed, the wording error accepted: both sites now fail.
      await ins('PUT', '/api/findings', { findings: [{ ...blank[4], status: 'confirmed', version: 1 }] });
      await boss('POST', '/api/reviews', { reviews: [{ id: wording.id, version: 1, decision: 'accepted' }] });
      const second = (await boss('GET', '/api/summary?site=d.gov.cn')).json;
      expect(second).toMatchObject({ sitesChecked: 4, sitesPassed: 2, passRate: 0.5 });
      const a = second.sites.find((x: any) => x.site === 'a.gov.cn');
      expect(a).toMatchObject({ verdict: 'fail', total: 5, open: 0, counts: { 'column-blank': 5 } });
      expect(a.reasons.join()).toContain('空白栏目 5 个');
      expect(second.sites.find((x: any) => x.site === 'b.gov.cn')).toMatchObject({ verdict: 'fail', total: 1 });
      expect(second.byIndicator).toEqual({ 空白栏目: 5, 文字表述不规范: 1 });
      expect((await boss('GET', '/api/summary?from=2025-07-01')).json.sitesChecked).toBe(0);
    } finally {
      await s.stop();
      await own.drop();
    }
  });

  test('CORS: the extension origins are allowed, any other origin is refused', async () => {
    const moz = 'moz-extension://5f1c1b5e-0d1a-4c1e-9d5e-0a6f2b7d8e90';
    for (const origin of [EXTENSION_ORIGIN, moz]) {
      const pre = await fetch(`${server.url}/api/findings`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type' },
      });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
      expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      const get = await zhang('GET', '/api/me', undefined, { origin });
      expect(get.status).toBe(200);
      expect(get.headers.get('access-control-allow-origin')).toBe(origin);
    }
    const evil = await fetch(`${server.url}/api/findings`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect((await zhang('GET', '/api/me', undefined, { origin: 'chrome-extension://someotherextensionid' })).status).toBe(403);
  });

  test('users: admins add and revoke through the API; a revoked token stops working at once', async () => {
    const created = await admin('POST', '/api/users', { name: `新人-${kind}`, role: 'inspector' });
    expect(created.status).toBe(201);
    const newcomer = client(server.url, created.json.token);
    expect((await newcomer('GET', '/api/me')).json).toEqual({ name: `新人-${kind}`, role: 'inspector' });
    expect((await admin('POST', '/api/users', { name: `新人-${kind}`, role: 'admin' })).status).toBe(409);
    expect((await admin('POST', '/api/users', { name: 'has space', role: 'inspector' })).status).toBe(400);
    const list = (await admin('GET', '/api/users')).json.users;
    expect(list.find((u: any) => u.name === `新人-${kind}`)).toMatchObject({ role: 'inspector', revokedAt: null });
    expect(JSON.stringify(list)).not.toContain(created.json.token);
    expect((await admin('DELETE', `/api/users/新人-${kind}`)).status).toBe(200);
    expect((await newcomer('GET', '/api/me')).status).toBe(401);
    expect((await admin('DELETE', `/api/users/新人-${kind}`)).status).toBe(404);
  });
});
