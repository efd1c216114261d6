// `>` lines (script-language.md §5): take the first unconsumed captured frame of
// the socket under test (waiting for it if need be), aggregate segments unless
// --strict_segments, compare, then check the capture time.

import type { PacketAction } from '../../../grammar/ast.js';
import type { CapturedFrame } from '../capture.js';
import { Connection, awaitingSyn, bindOutbound, recordOutbound } from '../../script/connection.js';
import { belongsTo, matchOutbound, needsMore } from '../../script/match.js';
import type { Packet } from '../../wire/frame.js';
import { actionToScript, packetToScript } from '../../script/to-script.js';
import type { EventResult } from '../../results.js';
import { formatSecs } from '../../seconds.js';
import { captureTimeoutUsecs, checkPoint, checkWindow, toleranceUsecs } from '../timing.js';
import { failed, passed, type RunContext, type Scheduled } from './context.js';
import { answerNote, tickNote, timingFailure } from './fire.js';

/** `*` lines wait without packetdrill's timeout; the run's own --timeout still applies. */
const ANY_TIME_WAIT_USECS = 300e6;

export async function outbound(ctx: RunContext, s: Scheduled, pkt: PacketAction): Promise<EventResult> {
  const conn = ctx.sockets.current();
  if (conn === undefined) return failed(ctx, s, 'outbound', { kind: 'runtime', message: 'no matching socket for script packet' });
  const waitUsecs = s.when.any ? ANY_TIME_WAIT_USECS : captureTimeoutUsecs(s.when.usecs, s.when.endUsecs, ctx.previousUsecs);
  const deadlineNs = process.hrtime.bigint() + BigInt(waitUsecs) * 1000n;
  const belongs = (p: Packet): boolean => belongsTo(p, conn);
  const first = await ctx.capture.next(belongs, deadlineNs);
  if (first === undefined) {
    return failed(ctx, s, 'outbound', {
      kind: 'packet',
      message: `timed out waiting for packet (waited ${formatSecs(waitUsecs)} sec)`,
      diffs: [],
      scriptPacket: actionToScript(pkt),
      livePacket: undefined,
    });
  }
  // Taken before binding: while connecting, any SYN to the remote may be this socket's.
  const anotherSyn = connectingSynFilter(conn);
  bindOutbound(conn, pkt, first.frame.packet);
  const pieces = await collectPieces(ctx, s, pkt, first, { conn, belongs, anotherSyn }, deadlineNs);
  for (const p of pieces) p.line = s.event.pos.line;
  const last = pieces[pieces.length - 1] as CapturedFrame;
  const result = matchOutbound(
    pkt,
    pieces.map((p) => ({ packet: p.packet, captureNs: BigInt(Math.round(p.atUsecs * 1000)) })),
    conn,
    {
      strictSegments: ctx.cfg.strictSegments,
      tsTickUsecs: ctx.cfg.tcpTsTickUsecs,
      // §1.7: for TS values the percentage applies to the time since script zero.
      tsToleranceUsecs: toleranceUsecs(ctx.tolerance, last.atUsecs, 0),
    },
  );
  recordOutbound(conn, pkt, result.merged?.packet ?? last.packet);
  if (!result.ok) return mismatch(ctx, s, pkt, conn, result, last);
  return timing(ctx, s, last.atUsecs);
}

/**
 * While the socket connects, packetdrill takes any SYN to the remote as the socket's
 * (run_packet.c find_connect_for_live_packet): a probe in that state says which.
 */
function connectingSynFilter(conn: Connection): ((p: Packet) => boolean) | undefined {
  if (!awaitingSyn(conn)) return undefined;
  const probe = new Connection({ addr: conn.local.addr, port: 0 }, conn.remote);
  probe.setKernelIsn(AWAITING_SYN);
  return (p) => belongsTo(p, probe);
}

const AWAITING_SYN = { kind: 'awaiting', from: 'syn' } as const;

interface PieceFilters {
  readonly conn: Connection;
  readonly belongs: (p: Packet) => boolean;
  /** Set while connecting: a SYN from another port that packetdrill would also take. */
  readonly anotherSyn: ((p: Packet) => boolean) | undefined;
}

/**
 * §5.3: while the payload so far is shorter than the line's, the next frame of the
 * connection joins in. A SYN from another port while connecting (say, an older
 * socket's retransmitted SYN taken first) restarts the collection from it, as
 * packetdrill's do_outbound_script_packet discards what it sniffed when the tuple
 * changes; the connection learns its port and ISN again from the new SYN.
 */
async function collectPieces(
  ctx: RunContext,
  s: Scheduled,
  pkt: PacketAction,
  first: { frame: CapturedFrame; index: number },
  f: PieceFilters,
  deadlineNs: bigint,
): Promise<CapturedFrame[]> {
  let pieces = [first.frame];
  const want = pkt.body.kind === 'tcp' ? pkt.body.seq.len : 0;
  const candidate = (p: Packet): boolean => f.belongs(p) || (f.anotherSyn?.(p) ?? false);
  let index = first.index;
  while (needsMore(want, pieces.map((p) => ({ packet: p.packet, captureNs: 0n })), ctx.cfg.strictSegments)) {
    const more = await ctx.capture.next(candidate, deadlineNs, index + 1);
    if (more === undefined) break;
    index = more.index;
    if (f.belongs(more.frame.packet)) {
      pieces.push(more.frame);
      continue;
    }
    for (const p of pieces) p.line = s.event.pos.line;
    f.conn.setKernelIsn(AWAITING_SYN);
    bindOutbound(f.conn, pkt, more.frame.packet);
    pieces = [more.frame];
  }
  return pieces;
}

function mismatch(
  ctx: RunContext,
  s: Scheduled,
  pkt: PacketAction,
  conn: Connection,
  result: ReturnType<typeof matchOutbound>,
  last: CapturedFrame,
): EventResult {
  const expectedAt = s.when.any ? '*' : formatSecs(s.when.usecs);
  const failure = {
    kind: 'packet' as const,
    message: result.fatal ?? 'outbound packet differs from the script',
    diffs: result.diffs.map((d) => ({ field: d.field, expected: d.expected, actual: d.actual })),
    scriptPacket: `${expectedAt} > ${actionToScript(pkt)}`,
    livePacket: `${formatSecs(last.atUsecs)} > ${packetToScript(result.merged?.packet ?? last.packet, conn, 'outbound')}`,
  };
  const verdict = failed(ctx, s, 'outbound', failure, last.atUsecs);
  return ctx.cfg.nonFatalPacket && result.fatal === undefined ? { ...verdict, verdict: 'warn' } : verdict;
}

function timing(ctx: RunContext, s: Scheduled, atUsecs: number): EventResult {
  if (s.when.any) return passed(ctx, s, 'outbound', atUsecs, undefined);
  const check =
    s.when.endUsecs === s.when.usecs
      ? checkPoint(ctx.tolerance, s.when.usecs, ctx.previousUsecs, atUsecs)
      : checkWindow(ctx.tolerance, s.when.usecs, s.when.endUsecs, ctx.previousUsecs, atUsecs);
  if (check.ok) return passed(ctx, s, 'outbound', atUsecs, undefined);
  const failure = timingFailure('outbound', s.when.usecs, atUsecs, check.toleranceUsecs, ctx.previousLateUsecs);
  const note = answerNote(ctx.lastWork, atUsecs) ?? tickNote(ctx.clock.sinceTickUsecs(atUsecs), ctx.clock.jiffy);
  const verdict = failed(ctx, s, 'outbound', note ? { ...failure, message: `${failure.message}; ${note}` } : failure, atUsecs);
  return ctx.cfg.nonFatalPacket ? { ...verdict, verdict: 'warn' } : verdict;
}
