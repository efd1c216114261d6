// Runs the tcpdrill CLI from a tap test and reads its JSON report.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'bin', 'tcpdrill');

export interface Diff { field: string; expected: string; actual: string }
export interface Failure { kind: string; message: string; diffs?: Diff[]; detail?: string[]; actualUsecs?: number }
export interface ScriptResult {
  file: string;
  ipVersion: string;
  verdict: 'pass' | 'fail' | 'error';
  failure?: { line: number; failure: Failure };
  events: { line: number; kind: string; testerLateUsecs?: number; verdict: string }[];
  wallMs: number;
}
export interface Report { wallMs: number; results: ScriptResult[] }

/** `tcpdrill run --reporter json <args>`; throws unless it exits 0 or 1. */
export function runJson(args: readonly string[]): Report {
  // tap's hooks (NODE_OPTIONS imports, which @tapjs/processinfo re-adds to every child
  // it sees spawned) must not reach the CLI's own child processes. `env -u` drops
  // them after tap's last look.
  const r = spawnSync('/usr/bin/env', ['-u', 'NODE_OPTIONS', process.execPath, cli, 'run', '--reporter', 'json', ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  if (r.error) throw r.error;
  if (r.status !== 0 && r.status !== 1) {
    throw new Error(`tcpdrill exited with ${r.status}:\n${r.stderr}${r.stdout.slice(0, 4000)}`);
  }
  return JSON.parse(r.stdout) as Report;
}
