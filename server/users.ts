import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Role } from './db';

export interface User {
  name: string;
  role: Role;
}

const RANK: Record<Role, number> = { inspector: 0, supervisor: 1, admin: 2 };

/** Roles are nested: a supervisor can do what an inspector can, an admin what a supervisor can. */
export function hasRole(user: User, role: Role): boolean {
  return RANK[user.role] >= RANK[role];
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export class UserError extends Error {}

/**
 * Creates a user, or re-activates a revoked one with a new token and role (how a leaked token is replaced
 * while the user's findings keep their name). Returns the token, which is shown once and stored hashed.
 */
export async function addUser(db: Kysely<Database>, name: string, role: Role, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const token_hash = hashToken(token);
  const created_at = now.toISOString();
  // Two admins (or one double click) adding the same name at once: the primary key lets one insert in,
  // and only one re-activation can match a row that is still revoked. Every other caller is told the user
  // exists, never handed a token that was overwritten a moment later.
  const inserted = await db
    .insertInto('users')
    .values({ name, role, token_hash, created_at, revoked_at: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return token;
  const reactivated = await db
    .updateTable('users')
    .set({ role, token_hash, created_at, revoked_at: null })
    .where('name', '=', name)
    .where('revoked_at', 'is not', null)
    .executeTakeFirst();
  if (Number(reactivated.numUpdatedRows) === 1) return token;
  throw new UserError(`用户 ${name} 已存在；如需换发令牌，先吊销 (user ${name} exists; revoke it first to issue a new token)`);
}

export async function listUsers(db: Kysely<Database>) {
  return db.selectFrom('users').select(['name', 'role', 'created_at', 'revoked_at']).orderBy('name').execute();
}

/** Returns false when there is no such active user. */
export async function revokeUser(db: Kysely<Database>, name: string, now = new Date()): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ revoked_at: now.toISOString() })
    .where('name', '=', name)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function userForToken(db: Kysely<Database>, token: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .select(['name', 'role'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}
