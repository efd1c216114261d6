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

