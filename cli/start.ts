import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, ChromiumMissingError, launchInspector, type InspectorBrowser } from './browser';
import { PROJECT_ROOT, ensureBuilt } from './build';
import { runAudit } from './run-audit';
import { closeOnSignals, signalExitCode } from './signals';
import { serveFolders } from './static-server';
import { formatTable } from './table';

/**
 * `npm start`: builds the extension when needed and opens Chromium with it on the bundled demo page. Without
 * a display it says so and runs the same check headless through the CLI instead.
 */
const DEMO_DIR = join(PROJECT_ROOT, 'demo');
const log = (line: string) => process.stderr.write(`${line}\n`);

async function headed(): Promise<number> {
  await ensureBuilt(log);
  const server = await serveFolders({ demo: DEMO_DIR });
  let browser: InspectorBrowser | null = null;
  let closing: Promise<void> | null = null;
  const shutdown = () =>
    (closing ??= (async () => {
      await browser?.close().catch(() => undefined);
      await server.close();
    })());
  // Ctrl-C is the ordinary way to leave npm start: clean up and exit 0.
  const release = closeOnSignals(shutdown, () => 0);
  try {
    browser = await launchInspector({ headed: true, handleSignals: false });
    const windowClosed = new Promise<void>((done) => browser!.context.on('close', () => done()));
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const url = server.url('demo', 'index.html');
    await page.goto(url);
    log(`已在 Chromium 中打开演示页面：${url}`);
    log('页面上的彩色框是扩展发现的问题，点击工具栏中的扩展图标可查看统计。关闭浏览器窗口或按 Ctrl-C 退出。');
    log('(Chromium is showing the demo page with the extension loaded; close the window or press Ctrl-C to quit.)');
    await windowClosed;
  } finally {
    release();
    await shutdown();
  }
  return 0;
}

async function headless(): Promise<number> {
  log('没有检测到图形界面（未设置 DISPLAY 或 WAYLAND_DISPLAY），无法打开浏览器窗口。');
  log('改用命令行检查：以无界面方式检查演示页面并打印结果。以后也可以直接运行：');
  log('  npm run audit -- demo/index.html');
  log('(No display found: running the command-line audit on the demo page instead. See npm run audit -- --help.)\n');
  const { report, problems, interrupted } = await runAudit(
    { format: 'table', now: null, timeoutMs: 120_000, rulePack: null, emblems: [], help: false, targets: [{ kind: 'file', path: join(DEMO_DIR, 'index.html'), arg: 'demo/index.html' }] },
    log,
  );
  process.stdout.write(formatTable(report));
  // Interrupted: the pages checked so far are printed, and the exit code is the signal's, as before.
  if (interrupted) return signalExitCode(interrupted);
  for (const p of problems) log(`未能完整检查：${p}`);
  return problems.length ? 1 : 0;
}

async function main(): Promise<number> {
  try {
    if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return await headless();
    // Checked before the build so a missing browser is reported at once, not after a minute of building.
    if (!existsSync(CHROMIUM)) throw new ChromiumMissingError();
    return await headed();
  } catch (error) {
    log(`错误 (error): ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = await main();
