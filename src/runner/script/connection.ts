// Script space ↔ live space for one connection (script-language.md §5.4, §5.6, §5.7,
// §6.3, §6.4). Pure: no kernel, no I/O.
//
// Read this first. The session owns one `Connection` per socket under test and drives it
// in this order:
//   * on connect():                 conn.setKernelIsn({ kind: 'awaiting', from: 'syn' })
//   * on a new passive child:       learnRemoteIsn(conn, line seq); conn.setKernelIsn({ kind: 'awaiting', from: 'synAck' })
//   * inbound SYN-ACK in SYN sent:  learnRemoteIsn(conn, line seq)
//   * after injecting a TCP packet: recordInjected(conn, tcp)
//   * for each `>` line: (a) bindOutbound(conn, line, first captured piece) learns the
//     kernel ISN (and, when connecting, the local address and port); (b) matchOutbound in
//     match.ts compares; (c) recordOutbound(conn, line, merged packet) stores the TS val
//     pair, the flow label pair and the last captured header, whether or not (b) passed.
// All sequence arithmetic is modulo 2^32 (Seq).

import type { PacketAction } from '../../grammar/ast.js';
import { TCP_FLAG_ACK, TCP_FLAG_FIN, TCP_FLAG_SYN } from '../../linux/tcp.js';
import type { Packet } from '../wire/frame.js';
import { type Seq, seq, seqAdd, seqSub } from '../wire/seq.js';
import type { TcpRepr } from '../wire/tcp.js';

export interface Endpoint {
  /** Wire address: 4 bytes for IPv4 (also in ipv4-mapped-ipv6 mode), 16 for IPv6. */
  readonly addr: Uint8Array;
  readonly port: number;
}

/**
 * The kernel's ISN (§5.1 step 1): not expected, awaited from the SYN (connecting)
 * or SYN-ACK (passive child) the kernel will send, or known: Kl as captured and Ks,
 * the alias the script wrote in that line.
 */
export type KernelIsn =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'awaiting'; readonly from: 'syn' | 'synAck' }
  | { readonly kind: 'known'; readonly live: Seq; readonly script: Seq };

export interface TsPair {
  readonly scriptVal: number;
  readonly liveVal: number;
}

export class Connection {
  /** Rs: remote ISN, identical in script and live space (§6.3). */
  remoteIsn: Seq = seq(0);
  private isn: KernelIsn = { kind: 'unknown' };
  /** Script TS val → latest live TS val (§5.6). */
  readonly tsVals = new Map<number, number>();
  /** The first recorded pair: base of `--tcp_ts_ecr_scaled` and of TS val translation. */
  tsBaseline: TsPair | undefined = undefined;
  /** Script flow label → live flow label, the latest labelled line (§5.7). */
  flowLabel: { readonly script: number; readonly live: number } | undefined = undefined;
  /** Live header of the last injected TCP packet, for teardown (§6.6). */
  lastInjected: TcpRepr | undefined = undefined;
  /** Live header of the last captured TCP packet of this connection (§6.6). */
  lastCaptured: TcpRepr | undefined = undefined;

  constructor(
    /** Kernel side; port 0 until learned from the kernel's SYN for active opens. */
    public local: Endpoint,
    public remote: Endpoint,
  ) {}

  get kernelIsn(): KernelIsn {
    return this.isn;
  }

  setKernelIsn(isn: KernelIsn): void {
    this.isn = isn;
  }
}

/** Kl and Ks; before the kernel's ISN is known, script and live numbers coincide (both 0). */
function kernelIsnPair(conn: Connection): { readonly live: Seq; readonly script: Seq } {
  const isn = conn.kernelIsn;
  return isn.kind === 'known' ? isn : { live: seq(0), script: seq(0) };
}

/** Kl: the kernel's ISN as captured, 0 before. */
export function kernelIsnLive(conn: Connection): Seq {
  return kernelIsnPair(conn).live;
}

/** Kl − Ks: how far the kernel's live sequence space is from the script's. */
function kernelIsnOffset(conn: Connection): Seq {
  const { live, script } = kernelIsnPair(conn);
  return seqSub(live, script) as Seq;
}

/** A connecting socket waiting for its SYN: its local address and port are not known yet. */
export function awaitingSyn(conn: Connection): boolean {
  const isn = conn.kernelIsn;
  return isn.kind === 'awaiting' && isn.from === 'syn';
}

const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** ipv4-mapped-ipv6 sockets put IPv4 on the wire (§1.3): `::ffff:a.b.c.d` → a.b.c.d. */
export function wireAddress(addr: Uint8Array): Uint8Array {
  const mapped = addr.length === 16 && V4_MAPPED_PREFIX.every((b, i) => addr[i] === b);
  return mapped ? addr.slice(12) : addr;
}

/** A copy of what maps the connection's sequence numbers between script and live space, as they are now (inbound.ts). */
export function numberingOf(conn: Connection): Connection {
  const copy = new Connection(conn.local, conn.remote);
  copy.remoteIsn = conn.remoteIsn;
  copy.setKernelIsn(conn.kernelIsn);
  return copy;
}

export function learnRemoteIsn(conn: Connection, scriptSeq: number): void {
  conn.remoteIsn = seq(scriptSeq);
}

// ---------------------------------------------------------------- §6.3 arithmetic

/** Inbound seq: `s` with SYN, else `s + Rs`. */
export function inboundSeq(conn: Connection, syn: boolean, scriptSeq: number): Seq {
  return syn ? seq(scriptSeq) : seqAdd(conn.remoteIsn, scriptSeq);
}

/** Inbound ack and SACK edges: `a + (Kl − Ks)` with SYN, else `a + Kl`. */
export function inboundAck(conn: Connection, syn: boolean, scriptAck: number): Seq {
  return syn ? seqAdd(seq(scriptAck), kernelIsnOffset(conn)) : seqAdd(kernelIsnLive(conn), scriptAck);
}

/** Outbound seq into script space: `s − (Kl − Ks)` with SYN, else `s − Kl`. */
export function outboundSeq(conn: Connection, syn: boolean, liveSeq: Seq): number {
  return syn ? seqSub(liveSeq, kernelIsnOffset(conn)) : seqSub(liveSeq, kernelIsnLive(conn));
}

/** Outbound ack and SACK edges into script space: `a` with SYN, else `a − Rs`. */
export function outboundAck(conn: Connection, syn: boolean, liveAck: Seq): number {
  return syn ? liveAck : seqSub(liveAck, conn.remoteIsn);
}

/** Inverse of inboundSeq, for dumping injected packets in script space. */
export function inboundSeqToScript(conn: Connection, syn: boolean, liveSeq: Seq): number {
  return syn ? liveSeq : seqSub(liveSeq, conn.remoteIsn);
}

/** Inverse of inboundAck. */
export function inboundAckToScript(conn: Connection, syn: boolean, liveAck: Seq): number {
  return syn ? seqSub(liveAck, kernelIsnOffset(conn)) : seqSub(liveAck, kernelIsnLive(conn));
}

// ---------------------------------------------------------------- timestamps §5.6, §6.4

/** Live TS val into script space through the baseline; undefined before the first pair. */
export function outboundTsVal(conn: Connection, liveVal: number): number | undefined {
  const b = conn.tsBaseline;
  return b === undefined ? undefined : seqAdd(seq(b.scriptVal), seqSub(seq(liveVal), seq(b.liveVal)));
}

export function recordTsPair(conn: Connection, pair: TsPair): void {
  conn.tsVals.set(pair.scriptVal, pair.liveVal);
  conn.tsBaseline ??= pair;
}

export type EcrInference = { readonly ok: true; readonly liveEcr: number } | { readonly ok: false; readonly reason: string };

/** §6.4: exact table hit, else linear from the baseline if `ecrScaled`, else failure. */
export function inferTsEcr(conn: Connection, scriptEcr: number, ecrScaled: boolean): EcrInference {
  const hit = conn.tsVals.get(scriptEcr);
  if (hit !== undefined) return { ok: true, liveEcr: hit };
  const b = conn.tsBaseline;
  if (ecrScaled && b !== undefined) {
    return { ok: true, liveEcr: seqAdd(seq(b.liveVal), seqSub(seq(scriptEcr), seq(b.scriptVal))) };
  }
  return {
    ok: false,
    reason: `unable to infer live TS ecr for script TS ecr ${scriptEcr};  no matching or preceding outbound TS val`,
  };
}

// ---------------------------------------------------------------- flow labels §5.7

export type FlowLabelCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function checkFlowLabel(conn: Connection, scriptLabel: number, liveLabel: number): FlowLabelCheck {
  if (liveLabel === 0) return { ok: false, reason: 'flowlabel unmarked in the live packet' };
  const rec = conn.flowLabel;
  if (rec === undefined) return { ok: true };
  if (rec.script === scriptLabel && rec.live !== liveLabel) {
    const hex = (n: number): string => `0x${n.toString(16)}`;
    return {
      ok: false,
      reason: `inconsistent flowlabels: script ${hex(scriptLabel)} was live ${hex(rec.live)}, now live ${hex(liveLabel)}`,
    };
  }
  if (rec.script !== scriptLabel && rec.live === liveLabel) return { ok: false, reason: 'expected a different flowlabel but got the same' };
  return { ok: true };
}

// ---------------------------------------------------------------- binding and recording

function tcpOf(packet: Packet): TcpRepr | undefined {
  return packet.l4.kind === 'tcp' ? packet.l4.tcp : undefined;
}

/**
 * Step (a), before matching a `>` line: if the line is the SYN (connecting) or SYN-ACK
 * (new passive child) the connection is waiting for, learn Ks from the line and Kl from
 * the captured packet; a connecting socket also learns its local address and port (§5.1).
 */
export function bindOutbound(conn: Connection, line: PacketAction, captured: Packet): void {
  if (captured.l4.kind === 'udp' && conn.local.port === 0) {
    // As packetdrill does for a connecting UDP socket: its first datagram tells
    // the kernel's address and (ephemeral or bound) port.
    conn.local = { addr: captured.ip.src, port: captured.l4.udp.srcPort };
    conn.setKernelIsn({ kind: 'unknown' });
    return;
  }
  const tcp = tcpOf(captured);
  if (line.body.kind !== 'tcp' || tcp === undefined) return;
  const bits = line.body.flags.bits;
  if ((bits & TCP_FLAG_SYN) === 0) return;
  const isSynAck = (bits & TCP_FLAG_ACK) !== 0;
  const isn = conn.kernelIsn;
  if (isn.kind !== 'awaiting' || isn.from !== (isSynAck ? 'synAck' : 'syn')) return;
  conn.setKernelIsn({ kind: 'known', live: tcp.seq, script: seq(line.body.seq.start) });
  if (!isSynAck) conn.local = { addr: captured.ip.src, port: tcp.srcPort };
}

/**
 * Step (c), after matching: record the TS pair when both the line and the packet carry a
 * TS option (a `<...>` line records nothing, §5.6), the flow label pair (§5.7), and the
 * last captured header (§6.6).
 */
export function recordOutbound(conn: Connection, line: PacketAction, captured: Packet): void {
  const label = line.ip?.flowLabel;
  if (label !== undefined && captured.ip.version === 6) conn.flowLabel = { script: label, live: captured.ip.flowLabel };
  const tcp = tcpOf(captured);
  if (tcp === undefined || line.body.kind !== 'tcp') return;
  conn.lastCaptured = tcp;
  const opts = line.body.options;
  const scriptTs = opts?.kind === 'list' ? opts.options.find((o) => o.kind === 'timestamp') : undefined;
  const liveTs = tcp.options.find((o) => o.kind === 'timestamp');
  if (scriptTs?.kind === 'timestamp' && liveTs?.kind === 'timestamp') {
    recordTsPair(conn, { scriptVal: scriptTs.val, liveVal: liveTs.val });
  }
}

export function recordInjected(conn: Connection, tcp: TcpRepr): void {
  conn.lastInjected = tcp;
}

/** Sequence space a segment occupies: payload plus one for each of SYN and FIN. */
export function segmentLength(tcp: TcpRepr): number {
  return tcp.payload.length + ((tcp.flags & TCP_FLAG_SYN) !== 0 ? 1 : 0) + ((tcp.flags & TCP_FLAG_FIN) !== 0 ? 1 : 0);
}
