// tcpdrill's `state` assertion (architecture.md): the socket under test's TCP
// state, read from sock_diag at the event's time.

import type { StateAction } from '../../../grammar/ast.js';
import { TCP_STATES } from '../../../linux/tcp.js';
import { EnvError } from '../../errors.js';
import type { EventResult } from '../../results.js';
import { listenerOn, queryAllSockets, stateOf, type DiagSocket } from '../../kernel/sockdiag.js';
import { formatAddress } from '../../wire/address.js';
import { failed, passed, type RunContext, type Scheduled } from './context.js';
import { fireAt } from './fire.js';

export const STATE_NAMES = new Map<number, string>(Object.entries(TCP_STATES).map(([name, value]) => [value, name]));

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
    return { ...failed(ctx, s, 'state', failure, fired.actualUsecs, fired.lateUsecs), observedState: actual };
  }
  return { ...passed(ctx, s, 'state', fired.actualUsecs, fired.lateUsecs), observedState: actual };
}

/**
 * The state of the socket under test: the connection's 4-tuple if there is one
 * (its local port is unknown until the kernel's SYN is seen, so a connecting
 * socket is found by its remote end), else the listener on the bind port;
 * nothing at all is TCP_CLOSE.
 */
export function currentState(ctx: RunContext, table: readonly DiagSocket[]): number {
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
