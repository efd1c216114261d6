// Outbound matching (script-language.md §5.1, §5.3, §5.5–§5.7).
//
// Read this first. For each `>` line the session:
//   1. reads captured frames, decodes them (wire/frame.ts) and keeps those for which
//      `belongsTo(packet, conn)` holds; while `needsMore(line len, pieces, strict)` it
//      reads more pieces (§5.3);
//   2. (a) calls `bindOutbound(conn, line, pieces[0].packet)` (connection.ts) so a SYN or
//      SYN-ACK line learns the kernel ISN (and the local port when connecting);
//   3. (b) calls `matchOutbound(line, pieces, conn, opts)`: it aggregates, then returns
//      every differing field as data, in script space; `fatal` is set for failures that
//      abort the run even under `--non_fatal=packet` (payload length, unwalkable options,
//      aggregation mismatch);
//   4. (c) calls `recordOutbound(conn, line, result.merged.packet)` to store TS val and
//      flow label pairs, whether or not the match passed.
// Nothing here mutates the Connection.

import type { IpAttrs, PacketAction, TcpPacket } from '../../grammar/ast.js';
import {
  INET_ECN_ECT_0,
  INET_ECN_ECT_1,
  INET_ECN_MASK,
  IPPROTO_ICMP,
  IPPROTO_ICMPV6,
  IPPROTO_TCP,
  IPPROTO_UDP,
  IPV4_HEADER_LEN,
  TCP_HEADER_LEN,
  UDP_HEADER_LEN,
} from '../../linux/net.js';
import * as f from '../../linux/tcp.js';
import { type Connection, awaitingSyn, checkFlowLabel, outboundAck, outboundSeq } from './connection.js';
import { optionFromAst } from './ast-options.js';
import { ECN_BITS } from './ecn.js';
import { type CapturedPacket, aggregate } from '../wire/aggregate.js';
import { type IpRepr, type Packet, ipProtocol } from '../wire/frame.js';
import { icmpCodeValue, icmpTypeValue } from '../wire/icmp-names.js';
import { type FieldDiff, compareOptions } from './option-compare.js';
import { optionsLength } from '../wire/tcp-options.js';
import type { TcpRepr } from '../wire/tcp.js';
import { bytesEqual } from '../wire/wire.js';

export type { CapturedPacket } from '../wire/aggregate.js';
export { aggregate, needsMore } from '../wire/aggregate.js';
export type { FieldDiff } from './option-compare.js';

export interface MatchOptions {
  readonly strictSegments: boolean;
  /** `--tcp_ts_tick_usecs`; 0 (default) leaves TS val unchecked (§5.6). */
  readonly tsTickUsecs: number;
  /** §1.7 tolerance from the script time since zero, for the TS val check. */
  readonly tsToleranceUsecs: number;
}

export interface MatchResult {
  readonly ok: boolean;
  readonly diffs: readonly FieldDiff[];
  /** Set when the run must stop regardless of `--non_fatal` (§5.5 item 0, §5.3). */
  readonly fatal?: string;
  /** The (aggregated) candidate that was compared; absent only if aggregation failed. */
  readonly merged?: CapturedPacket;
}

/** Option kinds packetdrill can walk (§5.6); any other kind aborts the run. */
const KNOWN_OPTION_KINDS = new Set([
  f.TCPOPT_EOL,
  f.TCPOPT_NOP,
  f.TCPOPT_MSS,
  f.TCPOPT_WINDOW,
  f.TCPOPT_SACK_PERM,
  f.TCPOPT_SACK,
  f.TCPOPT_TIMESTAMP,
  f.TCPOPT_MD5SIG,
  f.TCPOPT_FASTOPEN,
  f.TCPOPT_ACCECN0,
  f.TCPOPT_ACCECN1,
  f.TCPOPT_EXP,
]);

function sameAddr(a: Uint8Array, b: Uint8Array): boolean {
  return bytesEqual(a, b);
}

/** §5.1: the live outbound 4-tuple, or a connecting socket's SYN to remote addr + port. */
export function belongsTo(packet: Packet, conn: Connection): boolean {
  const l4 = packet.l4;
  if (!sameAddr(packet.ip.src, conn.local.addr) && !awaitingSyn(conn)) return false;
  if (!sameAddr(packet.ip.dst, conn.remote.addr)) return false;
  switch (l4.kind) {
    case 'tcp': {
      const t = l4.tcp;
      if (t.dstPort !== conn.remote.port) return false;
      const connectingSyn = awaitingSyn(conn) && (t.flags & (f.TCP_FLAG_SYN | f.TCP_FLAG_ACK)) === f.TCP_FLAG_SYN;
      return connectingSyn || (t.srcPort === conn.local.port && sameAddr(packet.ip.src, conn.local.addr));
    }
    // A connected UDP socket's port is learned from its first datagram (bindOutbound).
    case 'udp': return l4.udp.dstPort === conn.remote.port && (conn.local.port === 0 || l4.udp.srcPort === conn.local.port);
    // Ping sockets are matched by addresses only (§5.1).
    case 'icmp': return sameAddr(packet.ip.src, conn.local.addr);
    case 'other': return false;
  }
}

function num(field: string, expected: number, actual: number, live?: { expected?: number; actual?: number }): FieldDiff[] {
  if (expected === actual) return [];
  const d: FieldDiff = { field, expected: String(expected), actual: String(actual) };
  if (live === undefined) return [d];
  return [{ ...d, ...(live.expected !== undefined ? { liveExpected: String(live.expected) } : {}), ...(live.actual !== undefined ? { liveActual: String(live.actual) } : {}) }];
}

/** §4.6 outbound column: ECN bits, whole TOS byte, TTL/hop limit. */
function ipAttrDiffs(attrs: IpAttrs | undefined, ip: IpRepr): FieldDiff[] {
  if (attrs === undefined) return [];
  const tos = ip.version === 4 ? ip.tos : ip.trafficClass;
  const ttl = ip.version === 4 ? ip.ttl : ip.hopLimit;
  const out: FieldDiff[] = [];
  if (attrs.ecn === 'ect01') {
    const ecn = tos & INET_ECN_MASK;
    if (ecn !== INET_ECN_ECT_0 && ecn !== INET_ECN_ECT_1) out.push({ field: 'ip_ecn', expected: 'ect0 or ect1', actual: String(ecn) });
  } else if (attrs.ecn !== undefined) out.push(...num('ip_ecn', ECN_BITS[attrs.ecn], tos & INET_ECN_MASK));
  if (attrs.tos !== undefined) out.push(...num('tos', attrs.tos, tos));
  // 0 and 255 both mean "don't check" (§4.6).
  const want = (attrs.ttl ?? 0) & 0xff;
  if (want !== 0 && want !== 255) out.push(...num('ttl', want, ttl));
  return out;
}

function expectedProtocol(line: PacketAction, version: 4 | 6): number {
  switch (line.body.kind) {
    case 'tcp': return IPPROTO_TCP;
    case 'udp': return IPPROTO_UDP;
    case 'icmp': return version === 4 ? IPPROTO_ICMP : IPPROTO_ICMPV6;
  }
}

/** Transport length the line implies; `<...>` borrows the live option length (§5.5). */
function expectedL4Length(line: PacketAction, packet: Packet): number | undefined {
  const b = line.body;
  switch (b.kind) {
    case 'tcp': {
      const live = packet.l4.kind === 'tcp' ? packet.l4.tcp : undefined;
      return TCP_HEADER_LEN + scriptOptionsLength(b, live) + b.seq.len;
    }
    case 'udp': return UDP_HEADER_LEN + b.len;
    // ICMP payloads are not compared, so neither is the length they imply (§4.9).
    case 'icmp': return undefined;
  }
}

function scriptOptionsLength(b: TcpPacket, live: TcpRepr | undefined): number {
  if (b.options === undefined) return 0;
  if (b.options.kind === 'any') return live === undefined ? 0 : live.dataOffset * 4 - TCP_HEADER_LEN;
  return optionsLength(b.options.options.map((o) => optionFromAst(o)));
}

function ipDiffs(line: PacketAction, packet: Packet, conn: Connection): FieldDiff[] {
  const ip = packet.ip;
  const l4Len = expectedL4Length(line, packet);
  const out: FieldDiff[] = [];
  if (ip.version === 4) {
    out.push(...num('ipv4_protocol', expectedProtocol(line, 4), ip.protocol));
    out.push(...num('ipv4_header_length', IPV4_HEADER_LEN, ip.headerLength));
    if (l4Len !== undefined) out.push(...num('ipv4_total_length', IPV4_HEADER_LEN + l4Len, ip.totalLength));
  } else {
    out.push(...num('ipv6_next_header', expectedProtocol(line, 6), ip.nextHeader));
    if (l4Len !== undefined) out.push(...num('ipv6_payload_len', l4Len, ip.payloadLength));
  }
  out.push(...ipAttrDiffs(line.ip, ip));
  const label = line.ip?.flowLabel;
  if (label !== undefined && ip.version === 6) {
    const c = checkFlowLabel(conn, label, ip.flowLabel);
    if (!c.ok) out.push({ field: 'ipv6_flow_label', expected: `0x${label.toString(16)}`, actual: `0x${ip.flowLabel.toString(16)}`, message: c.reason });
  }
  return out;
}

const FLAG_FIELDS: readonly [string, number][] = [
  ['tcp_fin', f.TCP_FLAG_FIN], ['tcp_syn', f.TCP_FLAG_SYN], ['tcp_rst', f.TCP_FLAG_RST],
  ['tcp_psh', f.TCP_FLAG_PSH], ['tcp_ack', f.TCP_FLAG_ACK], ['tcp_urg', f.TCP_FLAG_URG],
];
const ECN_FLAG_FIELDS: readonly [string, number][] = [['tcp_ece', f.TCP_FLAG_ECE], ['tcp_cwr', f.TCP_FLAG_CWR], ['tcp_ae', f.TCP_FLAG_AE]];

/** AE·CWR·ECE as the 3-bit ACE value (AE = 4, CWR = 2, ECE = 1), §4.2. */
function ace(flags: number): number {
  return ((flags & f.TCP_FLAG_AE) !== 0 ? 4 : 0) | ((flags & f.TCP_FLAG_CWR) !== 0 ? 2 : 0) | ((flags & f.TCP_FLAG_ECE) !== 0 ? 1 : 0);
}

function flagDiffs(b: TcpPacket, t: TcpRepr): FieldDiff[] {
  const bit = (flags: number, m: number): number => ((flags & m) !== 0 ? 1 : 0);
  const out = FLAG_FIELDS.flatMap(([name, m]) => num(name, bit(b.flags.bits, m), bit(t.flags, m)));
  if (b.flags.ace !== undefined && b.flags.ace !== 0) out.push(...num('tcp_ace', b.flags.ace, ace(t.flags)));
  else out.push(...ECN_FLAG_FIELDS.flatMap(([name, m]) => num(name, bit(b.flags.bits, m), bit(t.flags, m))));
  return out;
}

function tcpDiffs(b: TcpPacket, t: TcpRepr, conn: Connection, opts: MatchOptions): FieldDiff[] {
  const syn = (t.flags & f.TCP_FLAG_SYN) !== 0;
  const out = num('tcp_data_offset', (TCP_HEADER_LEN + scriptOptionsLength(b, t)) / 4, t.dataOffset);
  out.push(...flagDiffs(b, t), ...num('tcp_reserved_bits', 0, t.reserved));
  out.push(...num('tcp_seq', b.seq.start, outboundSeq(conn, syn, t.seq), { actual: t.seq }));
  // §4.4: ack always compared; translated only when the live ACK flag is set (§5.4).
  const ackActual = (t.flags & f.TCP_FLAG_ACK) !== 0 ? outboundAck(conn, syn, t.ack) : t.ack;
  out.push(...num('tcp_ack_seq', b.ack ?? 0, ackActual, { actual: t.ack }));
  if (b.win !== undefined) out.push(...num('tcp_window', b.win, t.window));
  out.push(...num('tcp_urg_ptr', b.urg ?? 0, t.urgent));
  if (b.options?.kind !== 'any') out.push(...compareOptions(b.options?.options ?? [], t, conn, opts));
  return out;
}

function payloadDiffs(payload: Uint8Array): FieldDiff[] {
  const at = payload.findIndex((x) => x !== 0);
  return at < 0 ? [] : [{ field: 'payload', expected: 'zeros', actual: `byte 0x${payload[at]!.toString(16)} at offset ${at}`, message: 'incorrect outbound data payload' }];
}

function l4Diffs(line: PacketAction, packet: Packet, conn: Connection, opts: MatchOptions): FieldDiff[] {
  const b = line.body;
  const l4 = packet.l4;
  if (b.kind === 'tcp' && l4.kind === 'tcp') return [...tcpDiffs(b, l4.tcp, conn, opts), ...payloadDiffs(l4.tcp.payload)];
  if (b.kind === 'udp' && l4.kind === 'udp') return [...num('udp_len', UDP_HEADER_LEN + b.len, l4.udp.length), ...payloadDiffs(l4.udp.payload)];
  if (b.kind === 'icmp' && l4.kind === 'icmp') {
    const family = l4.icmp.version;
    const type = icmpTypeValue(family, b.type) ?? -1;
    return [...num('icmp_type', type, l4.icmp.type), ...num('icmp_code', icmpCodeValue(family, type, b.code) ?? -1, l4.icmp.code)];
  }
  return [{ field: 'header_layer', expected: `${b.kind} header`, actual: `${l4.kind} header` }];
}

/** §5.5 item 0 and the §5.6 option walk: failures that stop the run. */
function fatalCheck(line: PacketAction, packet: Packet): string | undefined {
  const l4 = packet.l4;
  const expectedLen = line.body.kind === 'tcp' ? line.body.seq.len : line.body.kind === 'udp' ? line.body.len : undefined;
  const actualLen = l4.kind === 'tcp' ? l4.tcp.payload.length : l4.kind === 'udp' ? l4.udp.payload.length : undefined;
  if (expectedLen !== undefined && actualLen !== undefined && expectedLen !== actualLen) {
    return `live packet payload: expected ${expectedLen} bytes vs actual ${actualLen} bytes`;
  }
  const unknown = l4.kind === 'tcp' ? l4.tcp.options.find((o) => o.kind === 'raw' && !KNOWN_OPTION_KINDS.has(o.code)) : undefined;
  return unknown?.kind === 'raw' ? `unknown TCP option kind ${unknown.code} in the live packet` : undefined;
}

/** Compares one `>` line with its captured piece(s); every differing field is reported. */
export function matchOutbound(line: PacketAction, captured: readonly CapturedPacket[], conn: Connection, opts: MatchOptions): MatchResult {
  const agg = aggregate(opts.strictSegments ? captured.slice(0, 1) : captured);
  if (!agg.ok) return { ok: false, diffs: [], fatal: agg.reason };
  const packet = agg.captured.packet;
  const fatal = fatalCheck(line, packet);
  if (fatal !== undefined) return { ok: false, diffs: [], fatal, merged: agg.captured };
  const ipd = ipDiffs(line, packet, conn);
  const protoMismatch = ipProtocol(packet.ip) !== expectedProtocol(line, packet.ip.version);
  const diffs = protoMismatch ? ipd : [...ipd, ...l4Diffs(line, packet, conn, opts)];
  return { ok: diffs.length === 0, diffs, merged: agg.captured };
}
