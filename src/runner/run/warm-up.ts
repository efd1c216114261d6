// The JIT warm-up before time zero.

import type { PacketAction } from '../../grammar/ast.js';
import { TCP_FLAG_SYN } from '../../linux/tcp.js';
import { buildInbound, withVnetHeader } from '../script/build.js';
import { Connection, bindOutbound, recordInjected, recordOutbound } from '../script/connection.js';
import { belongsTo, matchOutbound } from '../script/match.js';
import { packetToScript } from '../script/to-script.js';
import { decodeDatagram } from '../wire/frame.js';
import { seq } from '../wire/seq.js';

const WARM_POS = { line: 0, col: 0, offset: 0, length: 0 };
const WARM_SYN: PacketAction = {
  kind: 'packet',
  direction: 'inbound',
  outer: [],
  ip: undefined,
  pos: WARM_POS,
  body: {
    kind: 'tcp',
    psp: undefined,
    ports: undefined,
    flags: { text: 'S', bits: TCP_FLAG_SYN, ace: undefined, pos: WARM_POS },
    seq: { start: 0, end: 0, len: 0, pos: WARM_POS },
    ack: undefined,
    win: 65535,
    urg: undefined,
    options: {
      kind: 'list',
      pos: WARM_POS,
      options: [
        { kind: 'mss', value: 1460, pos: WARM_POS },
        { kind: 'sackOK', pos: WARM_POS },
        { kind: 'timestamp', val: 1, ecr: 0, pos: WARM_POS },
        { kind: 'nop', pos: WARM_POS },
        { kind: 'wscale', shift: 7, pos: WARM_POS },
      ],
    },
    pos: WARM_POS,
  },
};

const WARM_OUTBOUND_SYN: PacketAction = { ...WARM_SYN, direction: 'outbound' };
const WARM_MATCH = { strictSegments: false, tsTickUsecs: 0, tsToleranceUsecs: 4000 };

/** How many of a script's own packet lines are rehearsed, and how often each, before time zero (the whole warm-up stayed ~10 ms). */
const REHEARSED_LINES = 48;
const REHEARSALS = 3;
/** The rehearsal's kernel ISN: any known value makes non-SYN lines build and match as they will in the run. */
const REHEARSAL_ISN = { kind: 'known', live: seq(1_000_000), script: seq(0) } as const;

/** The IP versions whose packet paths this process has run already (warmUpPaths). */
const warmedVersions = new Set<4 | 6>();

/**
 * Runs the packet paths before time zero: the first build, decode, match and
 * rendering in a fresh process cost milliseconds of JIT compilation, which
 * would otherwise make the script's first packets late (the first `>` line's
 * match took 1.0–1.6 ms cold, 0.1–0.2 ms warm). First a generic SYN, once per
 * process and IP version: a child started ahead runs it for IPv4 before its job
 * comes (session.ts readyProcess), 8–14 ms taken off its run. Then the script's
 * own packet lines on a connection of their own: each shape (its options,
 * payload, flags) takes paths a SYN does not. A first inbound line's work
 * before its deadline went from 150 to 138 µs at the median: what is left is
 * the first pass through cold caches after the kernel's work, which more
 * rehearsals and other JIT tiers did not shorten (BENCHMARKS.md).
 */
export function warmUp(version: 4 | 6, lines: readonly PacketAction[] = [], cfg: RehearsalConfig = { tsEcrScaled: false, gsoSize: undefined }): number {
  warmUpPaths(version);
  const addr = new Uint8Array(version === 4 ? 4 : 16);
  const own = lines.slice(0, REHEARSED_LINES);
  let rehearsed = 0;
  for (let i = 0; i < REHEARSALS; i++) {
    const conn = new Connection({ addr, port: 1 }, { addr, port: 2 });
    conn.setKernelIsn(REHEARSAL_ISN);
    rehearsed = own.filter((line) => rehearse(line, conn, version, cfg)).length;
  }
  return rehearsed;
}

/** The generic part of warmUp: a SYN through every step, built, decoded, bound, matched and recorded. */
export function warmUpPaths(version: 4 | 6): void {
  if (warmedVersions.has(version)) return;
  warmedVersions.add(version);
  const addr = new Uint8Array(version === 4 ? 4 : 16);
  for (let i = 0; i < 50; i++) {
    const conn = new Connection({ addr, port: 1 }, { addr, port: 2 });
    const built = buildInbound(WARM_SYN, conn, { ipVersion: version, tsEcrScaled: false });
    if (!built.ok) return;
    withVnetHeader(built.bytes);
    const decoded = decodeDatagram(built.bytes);
    if (!decoded.ok) return;
    packetToScript(decoded.packet, conn, 'outbound');
    // As a connecting socket's SYN: belongs, binds the ISN and the port, matches.
    conn.setKernelIsn({ kind: 'awaiting', from: 'syn' });
    belongsTo(decoded.packet, conn);
    bindOutbound(conn, WARM_OUTBOUND_SYN, decoded.packet);
    matchOutbound(WARM_OUTBOUND_SYN, [{ packet: decoded.packet, captureNs: 0n }], conn, WARM_MATCH);
    recordOutbound(conn, WARM_OUTBOUND_SYN, decoded.packet);
  }
}

export interface RehearsalConfig {
  readonly tsEcrScaled: boolean;
  /** The GSO size inbound TCP frames carry (--mss), if any. */
  readonly gsoSize: number | undefined;
}

/**
 * One packet line through the steps the run will take for it, on a connection
 * of its own: an inbound line is built, framed, rendered and recorded; an
 * outbound line is built as if it came in, to stand for what the kernel will
 * send, and decoded, matched, recorded and rendered. A line that does not
 * build here (`<...>` options, say) is left cold. Whether the line went through.
 */
function rehearse(line: PacketAction, conn: Connection, version: 4 | 6, cfg: RehearsalConfig): boolean {
  const built = buildInbound(line.direction === 'inbound' ? line : { ...line, direction: 'inbound' }, conn, { ipVersion: version, tsEcrScaled: cfg.tsEcrScaled });
  if (!built.ok) return false;
  if (line.direction === 'inbound') {
    withVnetHeader(built.bytes, line.body.kind === 'tcp' ? cfg.gsoSize : undefined);
    if (built.packet.l4.kind === 'tcp') recordInjected(conn, built.packet.l4.tcp);
    packetToScript(built.packet, conn, 'inbound');
    return true;
  }
  const decoded = decodeDatagram(built.bytes);
  if (!decoded.ok) return false;
  belongsTo(decoded.packet, conn);
  const matched = matchOutbound(line, [{ packet: decoded.packet, captureNs: 0n }], conn, WARM_MATCH);
  recordOutbound(conn, line, matched.merged?.packet ?? decoded.packet);
  packetToScript(decoded.packet, conn, 'outbound');
  return true;
}
