// The run's packets in script notation after the timeline: the full trace,
// and a warning per outbound packet that no `>` line matched.

import type { TraceEntry } from '../results.js';
import type { Connection } from '../script/connection.js';
import { belongsTo } from '../script/match.js';
import { packetToScript } from '../script/to-script.js';
import type { Packet } from '../wire/frame.js';
import type { RunContext } from './steps/context.js';
import { formatSecs } from '../seconds.js';

/** The script connection an outbound packet belongs to, if any. */
export function ownerOf(connections: readonly Connection[], p: Packet): Connection | undefined {
  return connections.find((c) => belongsTo(p, c));
}

/** Every packet of the run, both directions, in time order, in script notation. */
export function fullTrace(ctx: RunContext): TraceEntry[] {
  const inbound = ctx.injected.map((i): TraceEntry => ({ direction: 'inbound', atUsecs: i.atUsecs, text: packetToScript(i.packet, i.numbering, 'inbound'), line: i.line }));
  const outbound = ctx.capture.frames.flatMap((f): TraceEntry[] => {
    const conn = ownerOf(ctx.sockets.connections, f.packet);
    if (conn === undefined) return [];
    return [{ direction: 'outbound', atUsecs: f.atUsecs, text: packetToScript(f.packet, conn, 'outbound'), line: f.line }];
  });
  return [...inbound, ...outbound].sort((a, b) => a.atUsecs - b.atUsecs);
}

/** One line per outbound packet of the script's connections that no `>` line matched. */
export function unmatchedWarnings(ctx: RunContext): string[] {
  const owned = (p: Packet): Connection | undefined => ownerOf(ctx.sockets.connections, p);
  return ctx.capture
    .unmatched((p) => owned(p) !== undefined)
    .map((f) => `unmatched outbound packet at ${formatSecs(f.atUsecs)} sec: ${packetToScript(f.packet, owned(f.packet) as Connection, 'outbound')}`);
}
