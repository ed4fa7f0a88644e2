import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';

export type Role = 'inspector' | 'supervisor' | 'admin';

export interface UsersTable {
  name: string;
  role: Role;
  /** SHA-256 (hex) of the bearer token; the token itself is shown once and never stored. */
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

/**
 * One row per finding. `data` is the Finding as the API returns it (JSON); the other columns are copies
 * for filtering and for the merge rule (see server/API.md, "Versions and conflicts").
 */
export interface FindingsTable {
  id: string;
  inspector: string;
  site: string;
  rule: string;
  severity: string;
  /** What the API shows: review_status when reviewed, else inspector_status. */
  status: string;
  inspector_status: string;
  review_status: string | null;
  /** createdAt of the finding as epoch milliseconds, for date filters independent of the UTC offset. */
  created_ms: number;
  version: number;
  /** The version at which the inspector-owned fields last changed. */
  inspector_rev: number;
  /** The version at which the supervisor-owned fields last changed (0: never reviewed). */
  review_rev: number;
  /** Server change sequence: unique, assigned in commit order; the pull checkpoint. */
  seq: number;
  /** Server clock when the row last changed. */
  stored_at: string;
  data: string;
}

/** A single row holding the last assigned change sequence; its row lock orders concurrent writers. */
export interface SyncCounterTable {
  id: number;
  seq: number;
}

export interface EvidenceTable {
  id: string;
  owner: string;
  mime: string;
  bytes: number;
  sha256: string;
  data: Buffer;
  created_at: string;
}

export interface RulePacksTable {
  version: number;
  data: string;
  created_at: string;
  created_by: string;
}

export interface Database {
  users: UsersTable;
  findings: FindingsTable;
  sync_counter: SyncCounterTable;
  evidence: EvidenceTable;
  rule_packs: RulePacksTable;
}

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, for the start-up line (no password). */
  describe: string;
  /**
   * Keeps the query planner's statistics current so filtered pulls pick the selective index. SQLite
   * gathers them only when asked; PostgreSQL's autovacuum does it by itself.
   */
  optimize(): void;
  close(): Promise<void>;
}

/** DATABASE_URL → Kysely: `sqlite:<path>` (or `sqlite::memory:`) or `postgres://…` / `postgresql://…`. */
export function openDatabase(url: string): Db {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return openPostgres(url);
  // Only the scheme is echoed: the rest of a URL may hold a password.
  throw new Error(`DATABASE_URL 须以 sqlite: 或 postgres:// 开头 (DATABASE_URL must start with sqlite: or postgres://), got "${url.split(':')[0]}:…"`);
}

function openSqlite(path: string): Db {
  const file = path === ':memory:' ? path : resolve(path);
  let database: SQLite.Database;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    database = new SQLite(file);
    database.pragma('journal_mode = WAL');
    // FULL: a batch the server acknowledged survives a power cut, so the client may drop it from its outbox.
    database.pragma('synchronous = FULL');
    database.pragma('busy_timeout = 5000');
  } catch (e) {
    // better-sqlite3 does not name the file ("unable to open database file"): say which one.
    throw new Error(`SQLite ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return {
    kysely,
    dialect: 'sqlite',
    describe: `SQLite ${file}`,
    // 0x10002: look at every table, as SQLite advises for a long-running process (analysis_limit keeps it quick).
    optimize: () => {
      database.pragma('analysis_limit = 1000');
      database.pragma('optimize = 0x10002');
    },
    close: () => kysely.destroy(),
  };
}

const INT8_OID = 20;

function openPostgres(url: string): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // bigint columns (seq, created_ms) stay below 2^53: read them as numbers, not strings.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  const where = new URL(url);
  const describe = `PostgreSQL ${where.hostname}:${where.port || 5432}${where.pathname}`;
  // An idle connection the database drops (a restart, a failover, an administrator ending sessions) is
  // reported here; without a listener the pool's 'error' event would end the whole process. The pool has
  // already discarded that connection and opens a new one for the next request.
  pool.on('error', (err) => console.error(`与 ${describe} 的空闲连接已断开，将重新连接 (idle database connection lost; reconnecting): ${err.message}`));
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    dialect: 'postgres',
    describe,
    optimize: () => {},
    close: () => kysely.destroy(),
  };
}
