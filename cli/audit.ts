import { USAGE, UsageError, parseAuditArgs } from './args';
import { runAudit } from './run-audit';
import { signalExitCode } from './signals';
import { formatTable } from './table';
import { SweepInputError, runSweep } from './sweep';
import { runAccounts } from './accounts';

/**
 * `npm run audit -- [--format json|table] [--now YYYY-MM-DD] <url-or-file>...`
 * stdout carries the report only; progress and errors go to stderr.
 */
async function main(argv: string[]): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let args;
  try {
    args = parseAuditArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`错误 (error): ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.accounts) {
    try {
      return await runAccounts(args, log);
    } catch (error) {
      log(`错误 (error): ${error instanceof Error ? error.message : String(error)}`);
      return error instanceof SweepInputError ? 2 : 1;
    }
  }
  if (args.sweep) {
    try {
      return await runSweep(args, log);
    } catch (error) {
      log(`错误 (error): ${error instanceof Error ? error.message : String(error)}`);
      return error instanceof SweepInputError ? 2 : 1;
    }
  }
  try {
    const { report, problems, interrupted } = await runAudit(args, log);
    process.stdout.write(args.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatTable(report));
    if (interrupted) {
      log(`\n检查被中断：以上是中断前检查完的 ${report.pages.length} 个页面 (interrupted: the pages checked before it are reported)`);
      return signalExitCode(interrupted);
    }
    if (problems.length) {
      log(`\n有 ${problems.length} 个页面未能完整检查 (${problems.length} page(s) could not be audited fully):`);
      for (const p of problems) log(`  - ${p}`);
      return 1;
    }
    return 0;
  } catch (error) {
    log(`错误 (error): ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
