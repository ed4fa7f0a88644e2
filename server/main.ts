import { serve } from '@hono/node-server';
import { createApp } from './app';
import { runUserCommand } from './cli';
import { configFromEnv } from './config';
import { openDatabase } from './db';
import { migrate } from './migrations';

/**
 * `npm run server` starts the sync endpoint; `npm run server -- user …` manages users. Both use the
 * database named by DATABASE_URL and migrate it to the current schema first.
 */
const config = configFromEnv();
const db = openDatabase(config.databaseUrl);
await migrate(db.kysely, db.dialect);

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
