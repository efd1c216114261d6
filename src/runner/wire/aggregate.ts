// Segment aggregation (§5.3): by default several consecutive captured TCP segments may
// satisfy one `>` line whose length exceeds each piece (TSO off, or small MSS).
// `--strict_segments` disables it: the session then never asks for a second piece.

import { TCP_FLAG_ACK, TCP_FLAG_AE, TCP_FLAG_CWR, TCP_FLAG_ECE, TCP_FLAG_RST, TCP_FLAG_SYN, TCP_FLAG_URG } from '../../linux/tcp.js';
import type { IpRepr, Packet } from './frame.js';
import { seqAdd } from './seq.js';
import { type TcpRepr, tcpHeaderLength } from './tcp.js';
import { concat } from './wire.js';

/** One captured frame of the connection, with its kernel capture time. */
export interface CapturedPacket {
  readonly packet: Packet;
  readonly captureNs: bigint;
}

/** Flags that must agree between pieces; FIN, PSH and CWR may differ (§5.3). */
const RELAXED_FLAGS = TCP_FLAG_SYN | TCP_FLAG_RST | TCP_FLAG_ACK | TCP_FLAG_URG | TCP_FLAG_ECE | TCP_FLAG_AE;

export function tcpPayloadLength(p: Packet): number {
  return p.l4.kind === 'tcp' ? p.l4.tcp.payload.length : 0;
}

/** §5.3: read another piece while the collected payload is below the line's length. */
export function needsMore(expectedLen: number, pieces: readonly CapturedPacket[], strictSegments: boolean): boolean {
  if (strictSegments || pieces.length === 0 || pieces[0]!.packet.l4.kind !== 'tcp') return false;
  return pieces.reduce((n, c) => n + tcpPayloadLength(c.packet), 0) < expectedLen;
}

function ipMismatch(a: IpRepr, b: IpRepr): string | undefined {
  if (a.version !== b.version) return 'ip_version';
  if (a.version === 4 && b.version === 4) {
    if (a.protocol !== b.protocol) return 'ipv4_protocol';
    if (a.headerLength !== b.headerLength) return 'ipv4_header_length';
    return a.ttl !== b.ttl ? 'ttl' : undefined;
  }
  if (a.version === 6 && b.version === 6) {
    if (a.nextHeader !== b.nextHeader) return 'ipv6_next_header';
    return a.hopLimit !== b.hopLimit ? 'ttl' : undefined;
  }
  return undefined;
}

function tcpMismatch(a: TcpRepr, b: TcpRepr): string | undefined {
  if (a.dataOffset !== b.dataOffset) return 'tcp_data_offset';
  if ((a.flags & RELAXED_FLAGS) !== (b.flags & RELAXED_FLAGS)) return 'tcp_flags';
  if (a.reserved !== b.reserved) return 'tcp_reserved_bits';
  if (a.ack !== b.ack) return 'tcp_ack_seq';
  if (a.window !== b.window) return 'tcp_window';
  if (a.urgent !== b.urgent) return 'tcp_urg_ptr';
  return b.seq !== seqAdd(a.seq, a.payload.length) ? 'tcp_seq' : undefined;
}

export type Aggregated = { readonly ok: true; readonly captured: CapturedPacket } | { readonly ok: false; readonly reason: string };

/** Relaxed check of piece i against piece i−1; undefined when it fits. */
function pieceMismatch(prev: Packet, next: Packet, nextIsLast: boolean, index: number): string | undefined {
  if (prev.l4.kind !== 'tcp' || next.l4.kind !== 'tcp') return `aggregate candidate header mismatch in piece ${index}: not TCP`;
  const field = ipMismatch(prev.ip, next.ip) ?? tcpMismatch(prev.l4.tcp, next.l4.tcp);
  if (field !== undefined) return `aggregate candidate header mismatch in piece ${index}: ${field}`;
  const prevLen = prev.l4.tcp.payload.length;
  const nextLen = next.l4.tcp.payload.length;
  if (!nextIsLast && nextLen !== prevLen) {
    return `fragment payload of piece ${index}: ${nextLen} bytes vs ${prevLen} bytes in the previous piece`;
  }
  return undefined;
}

/**
 * Checks the pieces (§5.3) and merges them: headers of the last piece, sequence number
 * and CWR of the first, concatenated payload, the last capture time; IP lengths are
 * recomputed for the merged segment.
 */
export function aggregate(pieces: readonly CapturedPacket[]): Aggregated {
  if (pieces.length === 0) return { ok: false, reason: 'no captured packet' };
  if (pieces.length === 1) return { ok: true, captured: pieces[0]! };
  for (let i = 1; i < pieces.length; i++) {
    const why = pieceMismatch(pieces[i - 1]!.packet, pieces[i]!.packet, i === pieces.length - 1, i);
    if (why !== undefined) return { ok: false, reason: why };
  }
  const first = pieces[0]!.packet.l4 as { kind: 'tcp'; tcp: TcpRepr };
  const lastPiece = pieces[pieces.length - 1]!;
  const last = lastPiece.packet.l4 as { kind: 'tcp'; tcp: TcpRepr };
  const payload = concat(pieces.map((c) => (c.packet.l4 as { tcp: TcpRepr }).tcp.payload));
  const flags = (last.tcp.flags & ~TCP_FLAG_CWR) | (first.tcp.flags & TCP_FLAG_CWR);
  const tcp: TcpRepr = { ...last.tcp, seq: first.tcp.seq, flags, payload };
  const l4Len = tcpHeaderLength(tcp) + payload.length;
  const ip0 = lastPiece.packet.ip;
  const ip: IpRepr = ip0.version === 4 ? { ...ip0, totalLength: ip0.headerLength + l4Len } : { ...ip0, payloadLength: l4Len };
  return { ok: true, captured: { packet: { ip, l4: { kind: 'tcp', tcp } }, captureNs: lastPiece.captureNs } };
}
