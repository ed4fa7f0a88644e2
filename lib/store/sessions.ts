import { Session, SessionSite } from '../findings';
import { findByDomain, findSite, hostnameOf, normalizeHost, withoutWww } from '../sites/match';
import type { RegisteredSite } from '../rule-pack/pack';
import { getMeta, setMeta, writeTx, type InspectorStore } from './db';
import { newId } from '../uuid';

/** The quarter a date falls in, in China Standard Time: 2025-06-30T20:00Z is already 2025Q3. */
export function quarterOf(date: Date): string {
  const cst = new Date(date.getTime() + 8 * 3600_000);
  return `${cst.getUTCFullYear()}Q${Math.floor(cst.getUTCMonth() / 3) + 1}`;
}

export interface NewSession {
  name: string;
  quarter: string;
  inspector: string;
  sites?: Array<{ name: string; url: string }>;
}

/** Create a session and make it the active one. Invalid input throws the zod error (its message names the field). */
export async function createSession(db: InspectorStore, input: NewSession, now = new Date()): Promise<Session> {
  const time = now.toISOString();
  const session = Session.parse({
    id: newId(),
    name: input.name.trim(),
    quarter: input.quarter,
    inspector: input.inspector.trim(),
    sites: mergeSites([], input.sites ?? []),
    createdAt: time,
    updatedAt: time,
  });
  await writeTx(db, ['sessions', 'meta'], (tx) => Promise.all([tx.objectStore('sessions').put(session), tx.objectStore('meta').put(session.id, 'activeSessionId')]));
  return session;
}

/** Sessions, most recently changed first. */
export async function listSessions(db: InspectorStore): Promise<Session[]> {
  return (await db.getAllFromIndex('sessions', 'by-updatedAt')).reverse();
}

export async function getSession(db: InspectorStore, id: string): Promise<Session | undefined> {
  return db.get('sessions', id);
}

export async function getActiveSession(db: InspectorStore): Promise<Session | undefined> {
  const id = await getMeta<string>(db, 'activeSessionId');
  return id ? getSession(db, id) : undefined;
}

export async function setActiveSession(db: InspectorStore, id: string): Promise<Session> {
  const session = await getSession(db, id);
  if (!session) throw new Error(`没有这个检查任务：${id}`);
  await setMeta(db, 'activeSessionId', id);
  return session;
}

/** The host a session site is known by: `www.` dropped, as inspectors treat it. */
export function siteHost(url: string): string {
  return withoutWww(normalizeHost(url));
}

/**
 * The site a page is on, as a session lists it: its origin, its host without `www.`, and its name from the
 * rule pack's registry (longest match) or else the host. Null for what is not a web page.
 */
export function pageSite(pageUrl: string, registry: readonly RegisteredSite[] = []): { name: string; host: string; url: string } | null {
  let origin: string;
  try {
    const u = new URL(pageUrl);
    if (!/^https?:$/.test(u.protocol)) return null;
    origin = `${u.origin}/`;
  } catch {
    return null;
  }
  const host = siteHost(origin);
  return { name: findSite(registry, host)?.name ?? host, host, url: origin };
}

/** Add sites to a list, skipping ones already there (same host); order kept. */
export function mergeSites(existing: SessionSite[], added: Array<{ name: string; url: string }>): SessionSite[] {
  const out = [...existing];
  const hosts = new Set(existing.map((s) => siteHost(s.url)));
  for (const entry of added) {
    const host = siteHost(entry.url);
    if (!host || hosts.has(host)) continue;
    hosts.add(host);
    out.push(SessionSite.parse({ name: entry.name.trim() || host, url: entry.url.trim(), status: 'pending', pagesScanned: 0 }));
  }
  return out;
}

/** The session site a page belongs to: same host or a subdomain of it (`www.` ignored). */
export function siteOfPage(session: Session, pageUrl: string): SessionSite | undefined {
  const host = hostnameOf(pageUrl);
  return host ? findByDomain(session.sites, (site) => [site.url], host) : undefined;
}

/** Apply `change` to a session and store it (read and write in one transaction). */
export async function updateSession(db: InspectorStore, id: string, change: (s: Session) => Session, now = new Date()): Promise<Session> {
  return writeTx(db, ['sessions'], async (tx) => {
    const current = await tx.objectStore('sessions').get(id);
    if (!current) throw new Error(`没有这个检查任务：${id}`);
    const next = Session.parse({ ...change(current), id, updatedAt: now.toISOString() });
    await tx.objectStore('sessions').put(next);
    return next;
  });
}

export function addSites(db: InspectorStore, id: string, sites: Array<{ name: string; url: string }>): Promise<Session> {
  return updateSession(db, id, (s) => ({ ...s, sites: mergeSites(s.sites, sites) }));
}

export function setSiteStatus(db: InspectorStore, id: string, url: string, status: SessionSite['status']): Promise<Session> {
  const host = siteHost(url);
  return updateSession(db, id, (s) => ({ ...s, sites: s.sites.map((site) => (siteHost(site.url) === host ? { ...site, status } : site)) }));
}

export function removeSite(db: InspectorStore, id: string, url: string): Promise<Session> {
  const host = siteHost(url);
  return updateSession(db, id, (s) => ({ ...s, sites: s.sites.filter((site) => siteHost(site.url) !== host) }));
}

export interface SiteProgress {
  site: SessionSite;
  /** Distinct pages scanned in this session. */
  pages: number;
  findings: number;
  /** Findings nobody has decided yet. */
  open: number;
}

/** Pages and findings per site of the session, from the store's indexes (a host and its www. form). */
export async function siteProgress(db: InspectorStore, session: Session): Promise<SiteProgress[]> {
  const tx = db.transaction(['pages', 'findings']);
  const pages = tx.objectStore('pages').index('by-session-site');
  const findings = tx.objectStore('findings').index('by-session-site');
  const out = await Promise.all(
    session.sites.map(async (site) => {
      const host = siteHost(site.url);
      const hosts = [host, `www.${host}`];
      let pageCount = 0;
      let findingCount = 0;
      let open = 0;
      for (const h of hosts) {
        pageCount += await pages.count([session.id, h]);
        for (let c = await findings.openCursor([session.id, h]); c; c = await c.continue()) {
          findingCount++;
          if (c.value.status === 'open') open++;
        }
      }
      return { site, pages: pageCount, findings: findingCount, open };
    }),
  );
  await tx.done;
  return out;
}

/** Delete a session with its findings, pages and screenshots (findings already synced stay on the server). */
export async function deleteSession(db: InspectorStore, id: string): Promise<void> {
  await writeTx(db, ['sessions', 'findings', 'pages', 'evidence', 'outbox', 'meta'], async (tx) => {
  const range = IDBKeyRange.only(id);
  for (let c = await tx.objectStore('findings').index('by-session').openCursor(range); c; c = await c.continue()) {
    await tx.objectStore('outbox').delete(`finding:${c.value.id}`);
    await c.delete();
  }
  for (let c = await tx.objectStore('evidence').index('by-session').openCursor(range); c; c = await c.continue()) {
    await tx.objectStore('outbox').delete(`evidence:${c.value.id}`);
    await c.delete();
  }
  await tx.objectStore('pages').delete(IDBKeyRange.bound([id, ''], [id, '\uffff']));
  await tx.objectStore('sessions').delete(id);
  if ((await tx.objectStore('meta').get('activeSessionId')) === id) await tx.objectStore('meta').delete('activeSessionId');
  });
}
