import type { InspectorBrowser } from '../../cli/browser';
import type { Finding } from '../../lib/findings';
import { client } from '../server/harness';

/** Sync settings as the options page saves them: this profile talks to `endpoint` with `token`. */
export async function connect(b: InspectorBrowser, endpoint: string, token: string): Promise<void> {
  await b.worker.evaluate(async (s) => chrome.storage.local.set({ syncSettings: s }), { endpoint, token });
}

/** Every finding on the server matching `query` (e.g. `inspector=张三`), paged by checkpoint. */
export async function pullAll(endpoint: string, token: string, query = ''): Promise<Finding[]> {
  const api = client(endpoint, token);
  const out: Finding[] = [];
  let since: string | undefined;
  for (;;) {
    const r = await api('GET', `/api/findings?limit=1000${query ? `&${query}` : ''}${since ? `&since=${since}` : ''}`);
    if (r.status !== 200) throw new Error(`GET /api/findings: HTTP ${r.status} ${r.text}`);
    out.push(...r.json.findings);
    if (!r.json.findings.length) return out;
    since = r.json.next;
  }
}
