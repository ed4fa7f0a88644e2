import type { Kysely } from 'kysely';
import { DEFAULT_RULE_PACK, RulePack } from '../lib/rule-pack/pack';
import type { Database } from './db';
import { ApiError } from './errors';
import type { User } from './users';

/** The newest pack an admin stored, or the default shipped with the extension until one is. */
export async function currentRulePack(db: Kysely<Database>): Promise<RulePack> {
  const row = await db.selectFrom('rule_packs').select('data').orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row ? RulePack.parse(JSON.parse(row.data)) : DEFAULT_RULE_PACK;
}

/** Every stored version is kept; the version must go up so clients can tell newer from older. */
export async function putRulePack(db: Kysely<Database>, admin: User, pack: RulePack, now = new Date()): Promise<RulePack> {
  return db.transaction().execute(async (trx) => {
    const top = await trx.selectFrom('rule_packs').select('version').orderBy('version', 'desc').limit(1).executeTakeFirst();
    const current = top ? top.version : DEFAULT_RULE_PACK.version;
    if (pack.version <= current) {
      throw new ApiError(409, 'version-not-newer', `规则包版本必须大于当前的 ${current} (version must be greater than ${current})`);
    }
    // Two admins racing to the same version: the primary key lets exactly one of them in.
    const r = await trx
      .insertInto('rule_packs')
      .values({ version: pack.version, data: JSON.stringify(pack), created_at: now.toISOString(), created_by: admin.name })
      .onConflict((oc) => oc.column('version').doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) {
      throw new ApiError(409, 'version-not-newer', `规则包版本 ${pack.version} 已存在 (version ${pack.version} exists)`);
    }
    return pack;
  });
}
