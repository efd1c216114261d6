// tcpdrill's --strict check after the timeline: an outbound packet no `>` line consumed fails the run.

import type { EventResult } from '../results.js';
import type { Connection } from '../script/connection.js';
import { packetToScript } from '../script/to-script.js';
import type { RunContext } from './steps/context.js';
import { formatSecs } from '../seconds.js';
import { ownerOf } from './trace.js';

/** How long --strict keeps listening after the last event for late packets. */
export const STRICT_GRACE_MS = 200;

/**
 * --strict (architecture.md): after a grace period, any outbound packet of the
 * script's connections that no `>` line consumed fails the run, named with the
 * line it followed.
 */
export async function strictCheck(ctx: RunContext, results: readonly EventResult[]): Promise<EventResult | undefined> {
  await ctx.capture.listen(process.hrtime.bigint() + BigInt(STRICT_GRACE_MS) * 1_000_000n);
  const stray = ctx.capture.unmatched((p) => ownerOf(ctx.sockets.connections, p) !== undefined)[0];
  if (stray === undefined) return undefined;
  const conn = ownerOf(ctx.sockets.connections, stray.packet) as Connection;
  const text = packetToScript(stray.packet, conn, 'outbound');
  const after = [...results].reverse().find((r) => (r.actualUsecs ?? r.scheduledUsecs ?? 0) <= stray.atUsecs);
  const where = after ? `after line ${after.line}` : 'before the first event';
  return {
    line: after?.line ?? 0,
    kind: 'outbound',
    source: after?.source ?? '',
    scheduledUsecs: undefined,
    actualUsecs: stray.atUsecs,
    testerLateUsecs: undefined,
    verdict: 'fail',
    failure: {
      kind: 'unexpected',
      message: `--strict: unexpected outbound packet at ${formatSecs(stray.atUsecs)} sec, ${where}, matched by no script line`,
      packet: text,
      atUsecs: stray.atUsecs,
    },
  };
}
