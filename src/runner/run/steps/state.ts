// tcpdrill's `state` assertion (architecture.md): the socket under test's TCP
// state, read from sock_diag at the event's time.

import type { StateAction } from '../../../grammar/ast.js';
import { TCP_STATES } from '../../../linux/tcp.js';
import { EnvError } from '../../errors.js';
import type { EventResult } from '../../results.js';
import { lookupSocket, queryAllSockets } from '../../kernel/sockdiag.js';
import { wireVersion } from '../../config.js';
import { formatAddress } from '../../wire/address.js';
import { failed, passed, type RunContext, type Scheduled } from './context.js';
import { actionEnd, fireAt } from './fire.js';

export const STATE_NAMES = new Map<number, string>(Object.entries(TCP_STATES).map(([name, value]) => [value, name]));

export async function state(ctx: RunContext, s: Scheduled, assertion: StateAction): Promise<EventResult> {
  const fired = await fireAt(ctx, s, 'state');
  const found = currentState(ctx);
  ctx.actionEndUsecs = actionEnd(ctx, fired);
  if (found instanceof EnvError) {
    return failed(ctx, s, 'state', { kind: 'runtime', message: `${found.message}; ${found.hint}` }, fired.actualUsecs);
  }
  const actual = STATE_NAMES.get(found) ?? 'unknown';
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
 * The state of the socket under test: the connection's 4-tuple if there is one,
 * else the listener on the bind port, each asked of the kernel directly; a
 * connecting socket whose port is not known yet (its SYN not seen) is found in
 * a dump by its remote end. Nothing at all is TCP_CLOSE.
 */
export function currentState(ctx: RunContext): number | EnvError {
  const conn = ctx.sockets.current();
  const family = wireVersion(ctx.cfg.ipVersion);
  const anywhere = family === 4 ? '0.0.0.0' : '::';
  if (conn === undefined) {
    const listener = lookupSocket(ctx.libc, family, { localIp: ctx.cfg.localIp, localPort: ctx.cfg.bindPort, remoteIp: anywhere, remotePort: 0 });
    return listener instanceof EnvError ? listener : (listener?.state ?? TCP_STATES.TCP_CLOSE);
  }
  const remoteIp = formatAddress(conn.remote.addr);
  if (conn.local.port === 0) {
    const table = queryAllSockets(ctx.libc);
    if (table instanceof EnvError) return table;
    const s = table.find((t) => t.remoteIp === remoteIp && t.remotePort === conn.remote.port && t.state !== TCP_STATES.TCP_LISTEN);
    return s?.state ?? TCP_STATES.TCP_CLOSE;
  }
  const tuple = { localIp: formatAddress(conn.local.addr), localPort: conn.local.port, remoteIp, remotePort: conn.remote.port };
  const found = lookupSocket(ctx.libc, family, tuple);
  if (found instanceof EnvError) return found;
  // A listener answers for a tuple with no connection of its own: that connection is closed.
  return found === undefined || found.state === TCP_STATES.TCP_LISTEN ? TCP_STATES.TCP_CLOSE : found.state;
}
