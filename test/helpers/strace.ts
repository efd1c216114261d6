// Runs `tcpdrill run` under strace -f and hands back what the child did: for
// tests of mechanisms that leave no trace in a result (a system call not made,
// the options a process started with).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './cli.js';

export const STRACE = spawnSync('strace', ['-V']).status === 0;

export interface Traced {
  readonly status: number | null;
  readonly output: string;
  /** Every line strace wrote, each led by the pid that made the call. */
  readonly lines: readonly string[];
  /** The pid of the child (the process that runs child-start.cjs: unshare execs Node in its own pid). */
  readonly child: string | undefined;
  /** The child's execve of Node, whole. */
  readonly childExec: string | undefined;
}

/** `tcpdrill run script` under `strace -f -e trace=<calls>` (execve is always traced). */
export function straceRun(script: string, calls: readonly string[]): Traced {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-strace-'));
  try {
    const log = join(dir, 'strace.log');
    const trace = ['execve', ...calls].join(',');
    const r = spawnSync('strace', ['-f', '-qq', '-s', '256', '-e', `trace=${trace}`, '-o', log, process.execPath, join(root, 'bin', 'tcpdrill'), 'run', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const lines = readFileSync(log, 'utf8').split('\n');
    const childExec = lines.find((l) => /execve\(".*node", \[.*child-start\.cjs/.test(l));
    return { status: r.status, output: r.stdout + r.stderr, lines, child: childExec?.split(/\s+/)[0], childExec };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
