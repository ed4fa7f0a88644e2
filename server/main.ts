import { serve } from '@hono/node-server';
import { createApp } from './app';
import { runUserCommand } from './cli';
import { configFromEnv, type ServerConfig } from './config';
import { openDatabase, type Db } from './db';
import { migrate } from './migrations';

/** A start-up failure (bad setting, database out of reach, port taken): one clear line, no stack trace. */
function fatal(what: string, err: unknown): never {
  console.error(`无法启动同步服务 (cannot start the sync server): ${what}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

/**
 * `npm run server` starts the sync endpoint; `npm run server -- user …` manages users. Both use the
 * database named by DATABASE_URL and migrate it to the current schema first.
 */
let config: ServerConfig;
try {
  config = configFromEnv();
} catch (e) {
  fatal('配置有误 (bad configuration)', e);
}
let db: Db;
try {
  db = openDatabase(config.databaseUrl);
} catch (e) {
  fatal('无法打开数据库 (cannot open the database)', e);
}
try {
  await migrate(db.kysely, db.dialect);
} catch (e) {
  fatal(`无法连接或升级数据库 (cannot reach or migrate the database) ${db.describe}`, e);
}

const args = process.argv.slice(2);
if (args[0] === 'user') {
  const code = await runUserCommand(db, args.slice(1));
  await db.close();
  process.exit(code);
} else if (args.length > 0) {
  console.error(`未知参数 (unknown arguments): ${args.join(' ')}\n用法: npm run server [-- user add|list|revoke …]`);
  await db.close();
  process.exit(2);
}

db.optimize();
const optimizer = setInterval(() => db.optimize(), 60 * 60 * 1000);
optimizer.unref();

const app = createApp(db, config);
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
  console.log(`政府网站检查助手同步服务 (Gov Site Inspector sync server), ${db.describe}`);
  console.log(`listening on http://${host}:${info.port}`);
});
server.once('error', (err: NodeJS.ErrnoException) => {
  const where = `${config.host}:${config.port}`;
  const reason: Record<string, string> = {
    EADDRINUSE: `端口已被占用，请换一个 PORT (${where} is already in use; choose another PORT)`,
    EACCES: `没有权限监听 ${where}（1024 以下的端口需要特权）(no permission to listen on ${where})`,
    EADDRNOTAVAIL: `本机没有地址 ${config.host}，请检查 HOST (${config.host} is not an address of this machine; check HOST)`,
    ENOTFOUND: `无法解析主机名 ${config.host}，请检查 HOST (cannot resolve ${config.host}; check HOST)`,
  };
  fatal(`无法监听 (cannot listen)`, reason[err.code ?? ""] ?? err.message);
});

let closing = false;
/** Finish requests in flight (a batch being stored completes and is answered), then close the database. */
function shutdown() {
  if (closing) return;
  closing = true;
  server.close(() => void db.close().then(() => process.exit(0)));
  if ('closeIdleConnections' in server) server.closeIdleConnections();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
