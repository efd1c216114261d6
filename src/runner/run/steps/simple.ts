// The events that need no packet logic: shell commands (§8.1), code blocks
// (§8.2) and tcpdrill's `state` assertions (architecture.md).

import { spawnSync } from 'node:child_process';
import type { CodeAction, CommandAction, StateAction } from '../../../grammar/ast.js';
import { TCP_STATES } from '../../../linux/tcp.js';
import { snapshotForCode } from '../../kernel/code.js';
import { EnvError } from '../../errors.js';
import type { EventResult } from '../../results.js';
import { formatAddress, listenerOn, queryAllSockets, stateOf, type DiagSocket } from '../../kernel/sockdiag.js';
import { failed, passed, type RunContext, type Scheduled } from './context.js';
import { fireAt } from './fire.js';

/** How many of a failing command's last stderr lines its failure quotes. */
const STDERR_LINES = 5;

/** A shell command that failed: the message (with its last lines of stderr), and what skip detection (skip.ts) needs. */
export interface ShellFailure {
  readonly message: string;
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
  const fail = (message: string): ShellFailure => ({ message, status: r.status, stderr });
  if (r.error) return fail(`error executing ${what}: ${r.error.message}`);
  // §8.1: only the exit status counts; a shell killed by a signal other than
  // SIGINT/SIGQUIT passes, as in packetdrill.
  if (r.signal === 'SIGINT' || r.signal === 'SIGQUIT') return fail(`error executing ${what}: killed by ${r.signal}${stderrTail(stderr)}`);
  if (r.status !== null && r.status !== 0) return fail(`error executing ${what}: non-zero status ${r.status}${stderrTail(stderr)}`);
  return undefined;
}

function stderrTail(stderr: string): string {
  const lines = stderr.trimEnd().split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return ' (nothing on stderr)';
  return `; its stderr ended with:\n${lines.slice(-STDERR_LINES).map((l) => `  ${l}`).join('\n')}`;
}

export async function command(ctx: RunContext, s: Scheduled, cmd: CommandAction): Promise<EventResult> {
  const fired = await fireAt(ctx, s, 'command');
  const err = runShell(cmd.text, `\`${cmd.text.trim()}\` command`);
  if (err !== undefined) return failed(ctx, s, 'command', { kind: 'command', message: err.message }, fired.actualUsecs, fired.lateUsecs);
  if (fired.timing) return failed(ctx, s, 'command', fired.timing, fired.actualUsecs, fired.lateUsecs);
  return passed(ctx, s, 'command', fired.actualUsecs, fired.lateUsecs);
}

export async function code(ctx: RunContext, s: Scheduled, block: CodeAction): Promise<EventResult> {
  const fired = await fireAt(ctx, s, 'code');
  const fd = ctx.sockets.currentScriptFd();
  if (fd === undefined || !ctx.syscalls.fds.has(fd)) {
    return failed(ctx, s, 'code', { kind: 'code', message: 'no socket under test with an open fd to collect TCP_INFO from' }, fired.actualUsecs);
  }
  const snapshot = snapshotForCode(ctx.libc, ctx.syscalls.fds.live(fd));
  if (snapshot.kind === 'error') return failed(ctx, s, 'code', { kind: 'code', message: snapshot.message }, fired.actualUsecs);
  ctx.codeBlocks.push({ text: block.text, line: s.event.pos.line, snapshot });
  if (fired.timing) return failed(ctx, s, 'code', fired.timing, fired.actualUsecs, fired.lateUsecs);
  return passed(ctx, s, 'code', fired.actualUsecs, fired.lateUsecs);
}

const STATE_NAMES = new Map<number, string>(Object.entries(TCP_STATES).map(([name, value]) => [value, name]));

export async function state(ctx: RunContext, s: Scheduled, assertion: StateAction): Promise<EventResult> {
  const fired = await fireAt(ctx, s, 'state');
  const table = queryAllSockets(ctx.libc);
  if (table instanceof EnvError) {
    return failed(ctx, s, 'state', { kind: 'runtime', message: `${table.message}; ${table.hint}` }, fired.actualUsecs);
  }
  const actual = STATE_NAMES.get(currentState(ctx, table)) ?? 'unknown';
  if (actual !== assertion.state) {
    const failure = {
      kind: 'state' as const,
      message: `expected ${assertion.state}, the connection is in ${actual}`,
      expected: assertion.state,
      actual,
    };
    return failed(ctx, s, 'state', failure, fired.actualUsecs, fired.lateUsecs);
  }
  return passed(ctx, s, 'state', fired.actualUsecs, fired.lateUsecs);
}

/**
 * The state of the socket under test: the connection's 4-tuple if there is one
 * (its local port is unknown until the kernel's SYN is seen, so a connecting
 * socket is found by its remote end), else the listener on the bind port;
 * nothing at all is TCP_CLOSE.
 */
function currentState(ctx: RunContext, table: readonly DiagSocket[]): number {
  const conn = ctx.sockets.current();
  if (conn === undefined) {
    return listenerOn(table, ctx.cfg.bindPort)?.state ?? TCP_STATES.TCP_CLOSE;
  }
  const remoteIp = formatAddress(conn.remote.addr);
  if (conn.local.port === 0) {
    const s = table.find((t) => t.remoteIp === remoteIp && t.remotePort === conn.remote.port && t.state !== TCP_STATES.TCP_LISTEN);
    return s?.state ?? TCP_STATES.TCP_CLOSE;
  }
  const tuple = { localIp: formatAddress(conn.local.addr), localPort: conn.local.port, remoteIp, remotePort: conn.remote.port };
  return stateOf(table, tuple) ?? TCP_STATES.TCP_CLOSE;
}
