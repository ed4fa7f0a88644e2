const CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** The shell's 128+n exit code for a signal. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return CODES[signal] ?? 1;
}

/**
 * Until the returned function is called, Ctrl-C, SIGTERM and SIGHUP run `cleanup` (close Chromium, delete its
 * temporary profile, stop the local server) and then end the process, by default with the shell's 128+n
 * code. With `exitCode` null the process is not ended: the caller's own flow, cut short by the cleanup,
 * reports what it has and ends it. Another Ctrl-C while cleaning up ends the process at once.
 */
export function closeOnSignals(cleanup: (signal: NodeJS.Signals) => Promise<void>, exitCode: ((signal: NodeJS.Signals) => number) | null = signalExitCode): () => void {
  let first = 0;
  const handler = (signal: NodeJS.Signals) => {
    // A terminal's Ctrl-C reaches npm, tsx and this process at once and they relay it to each other: a
    // repeat within a second is the same Ctrl-C.
    if (first) {
      if (Date.now() - first > 1000) process.exit((exitCode ?? signalExitCode)(signal));
      return;
    }
    first = Date.now();
    // Left to end on its own, an interrupted run still does not end with 0.
    if (!exitCode) process.exitCode = signalExitCode(signal);
    process.stderr.write('\n正在关闭浏览器… (closing the browser)\n');
    void cleanup(signal)
      .catch(() => undefined)
      .finally(() => exitCode && process.exit(exitCode(signal)));
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}
