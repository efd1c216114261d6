// `<` lines (script-language.md §6): choose the connection, build the live
// packet before the deadline (nothing is allocated after it), inject on time.

import type { PacketAction } from '../../../grammar/ast.js';
import { TCP_FLAG_ACK, TCP_FLAG_SYN } from '../../../linux/tcp.js';
import { wireVersion } from '../../config.js';
import { learnRemoteIsn, numberingOf, recordInjected } from '../../script/connection.js';
import { buildInbound, withVnetHeader } from '../../script/build.js';
import type { EventResult } from '../../results.js';
import { failed, passed, type RunContext, type Scheduled } from './context.js';
import { actionEnd, fireAt, workDone } from './fire.js';

export async function inbound(ctx: RunContext, s: Scheduled, pkt: PacketAction): Promise<EventResult> {
  const body = pkt.body;
  const conn = body.kind === 'tcp' ? ctx.sockets.forInbound(body.seq.start) : ctx.sockets.current();
  if (conn === undefined) {
    return failed(ctx, s, 'inbound', { kind: 'runtime', message: 'no socket under test for this inbound packet' });
  }
  // A SYN-ACK to a socket in SYN sent carries the remote ISN (§6.1).
  if (body.kind === 'tcp' && (body.flags.bits & (TCP_FLAG_SYN | TCP_FLAG_ACK)) === (TCP_FLAG_SYN | TCP_FLAG_ACK)) {
    learnRemoteIsn(conn, body.seq.start);
  }
  const built = buildInbound(pkt, conn, { ipVersion: wireVersion(ctx.cfg.ipVersion), tsEcrScaled: ctx.cfg.tcpTsEcrScaled });
  if (!built.ok) return failed(ctx, s, 'inbound', { kind: 'runtime', message: `error building inbound packet: ${built.reason}` });
  const gso = ctx.cfg.mss > 0 && body.kind === 'tcp' ? ctx.cfg.mss : undefined;
  const frame = withVnetHeader(built.bytes, gso);

  const fired = await fireAt(ctx, s, 'inbound');
  ctx.tun.write(frame);
  // One clock read ends the work for both: the next anchor and the answer window.
  ctx.actionEndUsecs = actionEnd(ctx, fired, workDone(ctx, s, fired, 'injection'));
  ctx.injected.push({ line: s.event.pos.line, atUsecs: fired.actualUsecs, bytes: built.bytes, packet: built.packet, numbering: numberingOf(conn) });
  if (built.packet.l4.kind === 'tcp') recordInjected(conn, built.packet.l4.tcp);
  if (fired.timing) return failed(ctx, s, 'inbound', fired.timing, fired.actualUsecs, fired.lateUsecs);
  return passed(ctx, s, 'inbound', fired.actualUsecs, fired.lateUsecs);
}
