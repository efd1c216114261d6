// Shell commands (§8.1): init, cleanup and `` `...` `` commands all run through
// here, the one place tcpdrill starts /bin/sh.

import { spawnSync } from 'node:child_process';

/** How many of a failing command's last stderr lines its failure quotes. */
const STDERR_LINES = 5;

/** A shell command that failed: the message, its last lines of stderr, and what skip detection (run/skip.ts) needs. */
export interface ShellFailure {
  /** One line; the stderr lines are in `detail`. */
  readonly message: string;
  readonly detail: readonly string[];
  /** Exit status; null when killed by a signal or not started. */
  readonly status: number | null;
  readonly stderr: string;
}

/**
 * Runs `/bin/sh -c text` in this namespace, from the script's directory (the
 * child's working directory), with packetdrill's environment: PACKETDRILL_PID is
 * the tester's pid, which is also the shell's $PPID (§8.1). The failure, or
 * undefined on success.
 */
export function runShell(text: string, what: string): ShellFailure | undefined {
  const r = spawnSync('/bin/sh', ['-c', text], {
    stdio: ['ignore', 'inherit', 'pipe'],
    env: { ...process.env, PACKETDRILL_PID: String(process.pid) },
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  // Still shown where it would have gone, and kept to explain a failure or a skip.
  const stderr = r.stderr ?? '';
  if (stderr !== '') process.stderr.write(stderr);
  const fail = (message: string): ShellFailure => ({ message, detail: stderrTail(stderr), status: r.status, stderr });
  if (r.error) return fail(`error executing ${what}: ${r.error.message}`);
  // §8.1: only the exit status counts; a shell killed by a signal other than
  // SIGINT/SIGQUIT passes, as in packetdrill.
  if (r.signal === 'SIGINT' || r.signal === 'SIGQUIT') return fail(`error executing ${what}: killed by ${r.signal}`);
  if (r.status !== null && r.status !== 0) return fail(`error executing ${what}: non-zero status ${r.status}`);
  return undefined;
}

/** A failing program's last lines of stderr, for a failure's `detail` (commands here, code blocks in code.ts). */
export function stderrTail(stderr: string): string[] {
  const lines = stderr.trimEnd().split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return ['(nothing on stderr)'];
  return ['its stderr ended with:', ...lines.slice(-STDERR_LINES).map((l) => `  ${l}`)];
}
