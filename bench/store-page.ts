/**
 * Runs inside an extension page (same origin as the background, so the same IndexedDB) for bench/store.ts:
 * fills the store, measures what it takes on disk, and times exports through the sessions page's code.
 */
import { openStore, writeTx } from '../lib/store/db';
import { createSession } from '../lib/store/sessions';
import { findingsForPage, findingsOfSession } from '../lib/store/recording';
import { saveEvidence } from '../lib/store/evidence';
import { buildExport, type ExportFormat } from '../lib/export/files';
import { getSession } from '../lib/store/sessions';
import type { Finding, RuleId, ScannedPage, Severity } from '../lib/findings';

const db = openStore();
const RULES: Array<[RuleId, Severity, string]> = [
  ['link-dead', 'deduct', '链接无法访问（HTTP 404 未找到）'],
  ['link-empty', 'review', '空链接：点击后不会跳转到任何页面（href="#"）'],
  ['column-stale', 'deduct', '栏目“通知公告”最近一次更新为 2024-03-18，已超过 2 周未更新'],
  ['wording-error', 'veto', '严重表述错误：“中华人民共和国”误写为“中华人民共合国”'],
  ['link-hidden', 'veto', '隐藏的链接指向与本站无关的博彩网站（display:none 的容器中）'],
];

async function usage(): Promise<number> {
  return (await navigator.storage.estimate()).usage ?? 0;
}

/** The active session: `extraSite` (the served corpus) and `sites` synthetic sites. */
async function newSession(extraSite: string, sites: number): Promise<string> {
  const siteList = Array.from({ length: sites }, (_, i) => ({ name: `测试县人民政府${i}`, url: `https://www.county${i}.example.gov.cn/` }));
  return (await createSession(await db, { name: '基准测试任务', quarter: '2025Q2', inspector: '王检查', sites: [{ name: '本机站点', url: extraSite }, ...siteList] })).id;
}

/** `total` findings over pages of `perPage` on the synthetic sites, written 2,000 to a transaction. */
async function seed(sessionId: string, sites: number, total: number, perPage: number): Promise<number> {
  const store = await db;
  const session = { id: sessionId };
  const time = new Date().toISOString();
  const started = performance.now();
  const pages = Math.ceil(total / perPage);
  const CHUNK_PAGES = 40;
  for (let p0 = 0; p0 < pages; p0 += CHUNK_PAGES) {
    const findings: Finding[] = [];
    const scanned: ScannedPage[] = [];
    for (let p = p0; p < Math.min(pages, p0 + CHUNK_PAGES); p++) {
      const site = `www.county${p % sites}.example.gov.cn`;
      const pageUrl = `https://${site}/col/col${1000 + p}/index.html`;
      const pageTitle = `通知公告 第 ${p} 页 - 测试县人民政府`;
      scanned.push({ sessionId: session.id, pageUrl, pageTitle, site, scannedAt: time, findings: perPage });
      for (let j = 0; j < perPage && p * perPage + j < total; j++) {
        const [rule, severity, message] = RULES[j % RULES.length];
        const selector = `#content > div.list-box > ul > li:nth-of-type(${j + 1}) > a`;
        findings.push({
          id: crypto.randomUUID(),
          key: `${rule}|${selector}|/art/2024/5/${p}_${j}.html`,
          rule,
          severity,
          status: 'open',
          pageUrl,
          pageTitle,
          site,
          selector,
          snippet: `<a href="/art/2024/5/${p}_${j}.html" target="_blank" title="关于做好2024年度政府信息公开工作的通知">关于做好2024年度政府信息公开工作的通知</a>`,
          label: '关于做好2024年度政府信息公开工作的通知',
          href: `https://${site}/art/2024/5/${p}_${j}.html`,
          detail: rule === 'link-dead' ? { status: 404 } : {},
          message,
          createdAt: time,
          updatedAt: time,
          inspector: '王检查',
          sessionId: session.id,
          version: 0,
        });
      }
    }
    await writeTx(store, ['findings', 'pages'], (tx) =>
      Promise.all([...findings.map((f) => tx.objectStore('findings').put(f)), ...scanned.map((s) => tx.objectStore('pages').put(s))]),
    );
  }
  return performance.now() - started;
}

async function pageFindings(sessionId: string, pageUrl: string): Promise<number> {
  return (await findingsForPage(await db, sessionId, pageUrl)).length;
}

/** Store `n` copies of a screenshot (base64 PNG) as evidence of the session; returns the PNG's size. */
async function saveShots(sessionId: string, base64: string, n: number): Promise<number> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  for (let i = 0; i < n; i++) {
    await saveEvidence(await db, { sessionId, findingIds: [], pageUrl: 'https://www.county0.example.gov.cn/', pageTitle: '截图', blob: new Blob([bytes], { type: 'image/png' }), width: 1280, height: 900 });
  }
  return bytes.length;
}

/** Median seconds of `runs` exports of `count` of the session's findings, as the sessions page builds them. */
async function exportTimes(sessionId: string, format: ExportFormat, count: number, runs: number): Promise<{ times: number[]; bytes: number }> {
  const store = await db;
  const session = (await getSession(store, sessionId))!;
  const findings = (await findingsOfSession(store, sessionId)).slice(0, count);
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const file = await buildExport(format, { session, findings });
    times.push((performance.now() - started) / 1000);
    bytes = file.blob.size;
    if (file.count !== count) throw new Error(`exported ${file.count} of ${count}`);
  }
  return { times, bytes };
}

(globalThis as Record<string, unknown>).storeBench = { usage, newSession, seed, pageFindings, saveShots, exportTimes };
