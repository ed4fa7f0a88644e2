import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database, DialectName } from './db';

/**
 * Schema migrations, in code so the server needs no files beside it. Append new ones; never edit one that
 * has shipped. Kysely's Migrator locks while it runs, so several instances starting on one PostgreSQL
 * database migrate once.
 */
function migrationsFor(dialect: DialectName): Record<string, Migration> {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    '0001_init': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('users')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .execute();

        await db.schema
          .createTable('sync_counter')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('seq', 'bigint', (c) => c.notNull())
          .execute();
        await sql`insert into sync_counter (id, seq) values (1, 0)`.execute(db);

        await db.schema
          .createTable('findings')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('inspector', 'text', (c) => c.notNull())
          .addColumn('site', 'text', (c) => c.notNull())
          .addColumn('rule', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('inspector_status', 'text', (c) => c.notNull())
          .addColumn('review_status', 'text')
          .addColumn('created_ms', 'bigint', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('inspector_rev', 'integer', (c) => c.notNull())
          .addColumn('review_rev', 'integer', (c) => c.notNull())
          .addColumn('seq', 'bigint', (c) => c.notNull().unique())
          .addColumn('stored_at', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .execute();
        // A pull walks one equality-filtered column in seq order (ORDER BY seq LIMIT n stops early). The
        // other filter columns ride along in the index so non-matching rows are rejected from the index
        // entry alone, without reading the row: a rare combination over a million rows stays cheap.
        const filterColumns = ['site', 'inspector', 'status', 'rule', 'severity', 'created_ms'] as const;
        for (const lead of ['site', 'inspector', 'status', 'rule'] as const) {
          await db.schema
            .createIndex(`findings_${lead}_seq`)
            .on('findings')
            .columns([lead, 'seq', ...filterColumns.filter((c) => c !== lead)])
            .execute();
        }

        await db.schema
          .createTable('evidence')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('mime', 'text', (c) => c.notNull())
          .addColumn('bytes', 'integer', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('data', blob, (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('rule_packs')
          .addColumn('version', 'integer', (c) => c.primaryKey())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .execute();
      },
    },
  };
}

export async function migrate(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(dialect) };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const message = error instanceof Error ? error.message : String(error);
    // No failed migration: the database could not be reached or read at all (refused, unknown database, …).
    throw new Error(failed ? `migration ${failed} failed: ${message}` : message);
  }
}
