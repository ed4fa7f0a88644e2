import { createServer, type Server } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { check } from 'linkinator';
import { launchInspector, scanStateOf, type InspectorBrowser } from '../cli/browser';
import { ensureBuilt } from '../cli/build';

/**
 * `npm run bench -- links`: 2,000 unique links over 20 loopback hosts that behave like a real network — each
 * answer after 150–250 ms, 2% 404, 1% 429 with `Retry-After: 1` (answered 200 once that second has passed),
 * 1% redirected elsewhere on the host — checked in one run by the product (Chromium opens a page listing them,
 * the content script has the extension's background probe them, as users run it), by linkinator 6.3 and by a
 * bare fetch loop in the extension's service worker (six at a time per host, no prober). Then the same at
 * 20 ms latency. Links are seeded (the same behaviour per index every run) and fresh per tool and round, so
 * nothing is answered from a cache.
 *
 * span: first request any host received → last response any host sent. bound: the politeness bound with 6
 * requests per host, (links per host / 6) × mean latency + the one Retry-After second.
 */

const HOSTS = 20;
const PER_HOST = 100;
const CONNECTIONS = 6;
const ROUNDS = 3;
const POLL_MS = 250;
/** A government article page is tens of kilobytes; a probe that reads less than all of it saves the rest. */
const PAGE_BYTES = 24 * 1024;

type Kind = 'ok' | 'missing' | 'busy' | 'moved';

/** Same behaviour per link index every run: a tiny LCG, seeded. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const random = seeded(20261208);
const KINDS: Kind[] = Array.from({ length: HOSTS * PER_HOST }, () => {
  const r = random();
  return r < 0.02 ? 'missing' : r < 0.03 ? 'busy' : r < 0.04 ? 'moved' : 'ok';
});
const LATENCY_FRACTION = Array.from({ length: HOSTS * PER_HOST }, () => random());

interface Host {
  origin: string;
  server: Server;
  firstRequestAt: number;
  lastResponseAt: number;
  requests: number;
  methods: Record<string, number>;
  bytes: number;
  /** When each busy path was first asked for: 429 until a second later. */
  busySince: Map<string, number>;
}

const BODY = `<!doctype html><html><head><meta charset="utf-8"><title>关于做好重点工作的通知</title></head><body><h1>关于做好重点工作的通知</h1>${'<p>各乡镇人民政府、县政府各部门：现将有关事项通知如下，请认真贯彻落实。</p>'.repeat(
  Math.ceil(PAGE_BYTES / 120),
)}</body></html>`;

async function startHost(latency: { min: number; max: number }): Promise<Host> {
  const host: Host = { origin: '', server: null as unknown as Server, firstRequestAt: Infinity, lastResponseAt: 0, requests: 0, methods: {}, bytes: 0, busySince: new Map() };
  host.server = createServer((req, res) => {
    const now = Date.now();
    host.firstRequestAt = Math.min(host.firstRequestAt, now);
    host.requests++;
    host.methods[req.method ?? '?'] = (host.methods[req.method ?? '?'] ?? 0) + 1;
    const url = new URL(req.url ?? '/', 'http://x');
    const index = Number(url.searchParams.get('i'));
    const kind: Kind = url.pathname.startsWith('/final/') ? 'ok' : (KINDS[index] ?? 'ok');
    const wait = latency.min + (latency.max - latency.min) * (LATENCY_FRACTION[index] ?? 0.5);
    const before = req.socket.bytesWritten;
    res.on('close', () => {
      host.lastResponseAt = Math.max(host.lastResponseAt, Date.now());
      host.bytes += req.socket.bytesWritten - before;
    });
    setTimeout(() => {
      if (kind === 'missing') {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<title>404 页面不存在</title>');
      } else if (kind === 'busy' && now - (host.busySince.get(url.pathname) ?? (host.busySince.set(url.pathname, now), now)) < 1000) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' });
        res.end('too many requests');
      } else if (kind === 'moved') {
        res.writeHead(301, { location: `/final${url.pathname}?i=${index}` });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(BODY) });
        if (req.method === 'HEAD') res.end();
        else res.end(BODY);
      }
    }, wait);
  });
  await new Promise<void>((ok) => host.server.listen(0, '127.0.0.1', ok));
  host.origin = `http://127.0.0.1:${(host.server.address() as { port: number }).port}`;
  return host;
}

function reset(hosts: Host[]): void {
  for (const h of hosts) {
    h.firstRequestAt = Infinity;
    h.lastResponseAt = 0;
    h.requests = 0;
    h.methods = {};
    h.bytes = 0;
    h.busySince.clear();
  }
}

interface Tally {
  spanMs: number;
  requests: number;
  methods: string;
  bytes: number;
  /** Per host: last response, ms after the first request of the run. */
  hostEndsMs: number[];
}

function tally(hosts: Host[]): Tally {
  const first = Math.min(...hosts.map((h) => h.firstRequestAt));
  const last = Math.max(...hosts.map((h) => h.lastResponseAt));
  const methods: Record<string, number> = {};
  for (const h of hosts) for (const [m, n] of Object.entries(h.methods)) methods[m] = (methods[m] ?? 0) + n;
  return {
    spanMs: last - first,
    requests: hosts.reduce((a, h) => a + h.requests, 0),
    methods: Object.entries(methods).map(([m, n]) => `${n} ${m}`).join(' + '),
    bytes: hosts.reduce((a, h) => a + h.bytes, 0),
    hostEndsMs: hosts.map((h) => h.lastResponseAt - first),
  };
}

/** The links of one tool's round: index i of host h is link h×100+i, with that link's seeded behaviour. */
function linksOf(hosts: Host[], tag: string): { url: string; kind: Kind }[] {
  return hosts.flatMap((h, hi) => Array.from({ length: PER_HOST }, (_, i) => ({ url: `${h.origin}/${tag}/${hi}/${i}.html?i=${hi * PER_HOST + i}`, kind: KINDS[hi * PER_HOST + i]! })));
}

async function throughExtension(browser: InspectorBrowser, pageOrigin: string, pages: Map<string, string>, links: { url: string; kind: Kind }[], tag: string) {
  const path = `/${tag}.html`;
  pages.set(path, `<!doctype html><meta charset="utf-8"><title>链接基准 ${tag}</title><ul>${links.map((l, i) => `<li><a href="${l.url}">信息 ${i}</a></li>`).join('')}</ul>`);
  const page = await browser.context.newPage();
  try {
    await page.goto(pageOrigin + path);
    for (;;) {
      const state = await scanStateOf(browser, page).catch(() => null);
      if (state?.phase === 'done') {
        const dead = new Map(state.findings.filter((f) => f.rule === 'link-dead').map((f) => [f.href ?? '', f]));
        // Right: a 404 is reported broken (扣分); every other link (a passed 429, a redirect within the host
        // to a page that works, a 200) gets no link-dead finding at all, not even one left to review.
        const correct = links.filter((l) => (l.kind === 'missing' ? dead.get(l.url)?.severity === 'deduct' : !dead.has(l.url))).length;
        return { correct, probed: state.linksProbed };
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    await page.close();
  }
}

async function throughLinkinator(pageOrigin: string, pages: Map<string, string>, links: { url: string; kind: Kind }[], tag: string) {
  const path = `/${tag}.html`;
  pages.set(path, `<!doctype html><meta charset="utf-8"><title>${tag}</title><ul>${links.map((l, i) => `<li><a href="${l.url}">${i}</a></li>`).join('')}</ul>`);
  const report = await check({ path: pageOrigin + path });
  const byUrl = new Map(report.links.map((l) => [l.url, l]));
  return links.filter((l) => (l.kind === 'missing' ? byUrl.get(l.url)?.state === 'BROKEN' : byUrl.get(l.url)?.state === 'OK')).length;
}

/** The extension's service worker fetching the links itself, six at a time per host: the floor the product stands on. */
async function bareFetchLoop(browser: InspectorBrowser, urls: string[]): Promise<void> {
  // A string, not a function: tsx's keepNames helpers do not exist in the service worker.
  await browser.worker.evaluate(`(async () => {
    const byHost = new Map();
    for (const u of ${JSON.stringify(urls)}) {
      const host = new URL(u).host;
      if (!byHost.has(host)) byHost.set(host, []);
      byHost.get(host).push(u);
    }
    await Promise.all([...byHost.values()].flatMap((list) => Array.from({ length: ${CONNECTIONS} }, async () => {
      while (list.length) {
        const response = await fetch(list.shift(), { credentials: 'omit', cache: 'no-store' });
        await response.arrayBuffer();
      }
    })));
  })()`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const s = (ms: number) => (ms / 1000).toFixed(2);

async function workload(label: string, latency: { min: number; max: number }, browser: InspectorBrowser, pageOrigin: string, pages: Map<string, string>) {
  const hosts = await Promise.all(Array.from({ length: HOSTS }, () => startHost(latency)));
  const n = HOSTS * PER_HOST;
  const spans = { product: [] as number[], linkinator: [] as number[], bare: [] as number[] };
  let correct = n;
  let bytesPerProbe = 0;
  let linkinatorCorrect = n;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const tag = `${label}-r${round}`;
      reset(hosts);
      const ours = await throughExtension(browser, pageOrigin, pages, linksOf(hosts, `p-${tag}`), `p-${tag}`);
      const product = tally(hosts);
      spans.product.push(product.spanMs);
      correct = Math.min(correct, ours.correct);
      bytesPerProbe = product.bytes / n;
      console.log(
        `${label} round ${round + 1} product: span ${s(product.spanMs)} s, ${product.requests} requests (${product.methods}), ${Math.round(product.bytes / n)} bytes per link, ` +
          `correct ${ours.correct}/${n}; hosts done after ${s(Math.min(...product.hostEndsMs))}–${s(Math.max(...product.hostEndsMs))} s`,
      );

      reset(hosts);
      const theirCorrect = await throughLinkinator(pageOrigin, pages, linksOf(hosts, `l-${tag}`), `l-${tag}`);
      const linkinator = tally(hosts);
      spans.linkinator.push(linkinator.spanMs);
      linkinatorCorrect = Math.min(linkinatorCorrect, theirCorrect);
      console.log(`${label} round ${round + 1} linkinator: span ${s(linkinator.spanMs)} s, ${linkinator.requests} requests (${linkinator.methods}), correct ${theirCorrect}/${n}`);

      reset(hosts);
      await bareFetchLoop(browser, linksOf(hosts, `b-${tag}`).map((l) => l.url));
      const bare = tally(hosts);
      spans.bare.push(bare.spanMs);
      console.log(`${label} round ${round + 1} bare fetch loop: span ${s(bare.spanMs)} s, ${bare.requests} requests`);
    }
  } finally {
    await Promise.all(hosts.map((h) => new Promise((ok) => h.server.close(ok))));
  }
  const meanLatencyS = (latency.min + latency.max) / 2 / 1000;
  const bound = (PER_HOST / CONNECTIONS) * meanLatencyS + 1;
  return { product: median(spans.product), linkinator: median(spans.linkinator), bare: median(spans.bare), bound, correct, linkinatorCorrect, bytesPerProbe, n };
}

export default async function bench(): Promise<void> {
  // Playwright records every request of a service worker it is attached to (CDP Network events): that alone
  // slowed the bare loop by half. A user's browser has no such recorder attached to the extension.
  process.env.PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK ??= '1';
  await ensureBuilt((line) => process.stderr.write(`${line}\n`));
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  const pages = new Map<string, string>();
  const pageServer = createServer((req, res) => {
    const html = pages.get(req.url ?? '');
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? '');
  });
  await new Promise<void>((ok) => pageServer.listen(0, '127.0.0.1', ok));
  const pageOrigin = `http://127.0.0.1:${(pageServer.address() as { port: number }).port}`;
  const browser = await launchInspector();
  try {
    const real = await workload('150-250ms', { min: 150, max: 250 }, browser, pageOrigin, pages);
    console.log(
      `bench links: span=${s(real.product)} bound=${real.bound.toFixed(2)} ratio_bound=${(real.product / 1000 / real.bound).toFixed(2)} ` +
        `linkinator_span=${s(real.linkinator)} ratio_linkinator=${(real.product / real.linkinator).toFixed(2)} bytes_per_probe=${Math.round(real.bytesPerProbe)} correct=${real.correct}/${real.n}`,
    );
    console.log(`  linkinator correct ${real.linkinatorCorrect}/${real.n}; bare fetch loop span ${s(real.bare)} s`);
    const fast = await workload('20ms', { min: 20, max: 20 }, browser, pageOrigin, pages);
    console.log(
      `bench links 20ms: span=${s(fast.product)} bare_span=${s(fast.bare)} ratio_bare=${(fast.product / fast.bare).toFixed(2)} ` +
        `linkinator_span=${s(fast.linkinator)} bytes_per_probe=${Math.round(fast.bytesPerProbe)} correct=${fast.correct}/${fast.n}`,
    );
  } finally {
    await browser.close();
    pageServer.close();
  }
}
