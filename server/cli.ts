import { parseArgs } from 'node:util';
import type { Db } from './db';
import { Role, UserName } from '../lib/sync/wire';
import { UserError, addUser, listUsers, revokeUser } from './users';

const USAGE = `用法 (usage):
  npm run server -- user add <name> --role inspector|supervisor|admin   新建用户，最后一行是令牌 (prints the token on its last line)
  npm run server -- user list                                           列出用户 (list users)
  npm run server -- user revoke <name>                                  吊销令牌 (revoke the user's token)`;

/** `user …` subcommands on the database named by DATABASE_URL; returns the exit code. */
export async function runUserCommand(db: Db, args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, options: { role: { type: 'string' } }, allowPositionals: true });
  const [action, name] = positionals;
  try {
    if (action === 'add' && name && positionals.length === 2) {
      const role = Role.safeParse(values.role);
      const user = UserName.safeParse(name);
      if (!role.success) return fail('--role 须为 inspector、supervisor 或 admin (--role must be inspector, supervisor or admin)');
      if (!user.success) return fail(user.error.issues[0].message);
      const token = await addUser(db.kysely, user.data, role.data);
      console.log(`已创建用户 ${user.data}（${role.data}），令牌只显示这一次 (created; the token is shown once):`);
      console.log(token);
      return 0;
    }
    if (action === 'list' && positionals.length === 1) {
      for (const u of await listUsers(db.kysely)) {
        console.log([u.name, u.role, u.created_at, u.revoked_at ? `revoked ${u.revoked_at}` : 'active'].join('\t'));
      }
      return 0;
    }
    if (action === 'revoke' && name && positionals.length === 2) {
      if (!(await revokeUser(db.kysely, name))) return fail(`没有有效用户 ${name} (no active user ${name})`);
      console.log(`已吊销 ${name} 的令牌 (revoked)`);
      return 0;
    }
  } catch (e) {
    if (e instanceof UserError) return fail(e.message);
    throw e;
  }
  return fail(USAGE);
}

function fail(message: string): number {
  console.error(message);
  return 2;
}
