// Runs `tcpdrill record` from a tap test.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './cli.js';

export interface CliResult { status: number | null; stdout: string; stderr: string }

export function recordCli(args: readonly string[]): CliResult {
  const r = spawnSync('/usr/bin/env', ['-u', 'NODE_OPTIONS', process.execPath, join(root, 'bin', 'tcpdrill'), 'record', ...args], { cwd: root, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The capture's connection under test: the only one, or the one to tcpdrill's first passive port. */
export function flowOf(capture: string): string | undefined {
  const rows = recordCli(['--list', capture]).stdout.trim().split('\n').slice(1);
  if (rows.length <= 1) return undefined;
  return rows.find((r) => r.includes(':40000 '))?.split(/\s+/)[0];
}
