// What a report's ladder diagram needs from the kernel besides the events
// themselves (issue 13): the socket under test's state between events, and the
// connection's addresses. Reporters never touch the kernel (style.md (a)), so
// the session records these in the results.

import { EnvError } from '../../errors.js';
import type { EventResult, ScriptResult } from '../../results.js';
import { formatAddress } from '../../wire/address.js';
import type { Endpoint } from '../../script/connection.js';
import type { RunContext, Scheduled } from './context.js';
import { STATE_NAMES, currentState } from './state.js';

/**
 * Asking the kernel for the one socket under test costs 15 µs at the median,
 * 0.3 ms at worst (50 lookups in a fresh namespace; a dump of both families
 * cost 2–6 ms), and the clock wakes 2 ms before a deadline to spin: a gap this
 * long absorbs a query with room to spare, so shorter gaps go unobserved.
 */
export const SAMPLE_SLACK_USECS = 3_000;

/** The socket under test's state name, or undefined if sock_diag failed. */
export function observeState(ctx: RunContext): string | undefined {
  const found = currentState(ctx);
  if (found instanceof EnvError) return undefined;
  return STATE_NAMES.get(found) ?? 'unknown';
}

/**
 * Called once `next`'s time is resolved, so the query never moves the anchor
 * of a relative time (§1.5): if `next` is due at least SAMPLE_SLACK_USECS from
 * now, the event just finished gets the state it left the socket in.
 */
export function sampleBefore(ctx: RunContext, results: EventResult[], next: Scheduled): void {
  const last = results.at(-1);
  if (last === undefined || last.observedState !== undefined || next.when.any) return;
  if (next.when.usecs - ctx.clock.nowUsecs() < SAMPLE_SLACK_USECS) return;
  const observedState = observeState(ctx);
  if (observedState !== undefined) results[results.length - 1] = { ...last, observedState };
}

function formatEndpoint(e: Endpoint): string {
  const addr = formatAddress(e.addr);
  return addr.includes(':') ? `[${addr}]:${e.port}` : `${addr}:${e.port}`;
}

/** After the timeline (nothing is timed any more) and before teardown purges the connection. */
export function observeEnd(ctx: RunContext): Pick<ScriptResult, 'endpoints' | 'finalState'> {
  const conn = ctx.sockets.connections[0];
  const state = observeState(ctx);
  return {
    endpoints: conn && { local: formatEndpoint(conn.local), remote: formatEndpoint(conn.remote) },
    finalState: state === undefined ? undefined : { state, atUsecs: ctx.clock.nowUsecs() },
  };
}
