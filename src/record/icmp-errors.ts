// ICMP errors about a TCP connection (RFC 792, RFC 4443 §2.4): the quoted packet's
// 4-tuple names the connection, its sequence number the segment the error is about,
// so the script can replay the error as `< icmp ... [start:end(len)]` (§4.9, §6.5).

import { IPPROTO_TCP, IPV6_HEADER_LEN } from '../linux/net.js';
import type { IpRepr } from '../runner/wire/frame.js';
import { type IcmpRepr, decodeQuoted } from '../runner/wire/icmp.js';
import { type Seq, seq } from '../runner/wire/seq.js';
import { type Endpoint, formatAddress } from './endpoint.js';

export interface IcmpError {
  readonly frame: number;
  readonly timeNs: bigint;
  /** Who sent the error: the peer, or a router on the way. */
  readonly from: string;
  readonly ip: IpRepr;
  readonly icmp: IcmpRepr;
  /** The segment the error quotes. */
  readonly quoted: { readonly src: Endpoint; readonly dst: Endpoint; readonly seq: Seq; readonly len: number };
}

/** Error types: unreachable, source quench, redirect, time exceeded, parameter problem; ICMPv6 1 to 4. */
const ERROR_TYPES = { 4: new Set([3, 4, 5, 11, 12]), 6: new Set([1, 2, 3, 4]) } as const;
const TCP_MIN_HEADER = 20;

/** The error, if `icmp` is an error quoting a TCP segment; undefined otherwise. */
export function icmpError(frame: number, timeNs: bigint, ip: IpRepr, icmp: IcmpRepr): IcmpError | undefined {
  if (!ERROR_TYPES[icmp.version].has(icmp.type)) return undefined;
  const q = decodeQuoted(icmp.payload, icmp.version);
  if (!q.ok || q.value.protocol !== IPPROTO_TCP) return undefined;
  const ipHeader = icmp.version === 4 ? (icmp.payload[0]! & 0xf) * 4 : IPV6_HEADER_LEN;
  // The TCP data offset is quoted only when more than the 8 required bytes are.
  const offsetByte = icmp.payload[ipHeader + 12];
  const tcpHeader = offsetByte === undefined ? TCP_MIN_HEADER : (offsetByte >> 4) * 4;
  const len = Math.max(0, q.value.ipLength - (icmp.version === 4 ? ipHeader : 0) - tcpHeader);
  return {
    frame,
    timeNs,
    from: formatAddress(ip.src),
    ip,
    icmp,
    quoted: {
      src: { addr: formatAddress(q.value.src), port: q.value.srcPort },
      dst: { addr: formatAddress(q.value.dst), port: q.value.dstPort },
      seq: seq(q.value.word1),
      len,
    },
  };
}

/**
 * Errors that abort a connection still in its handshake (Linux tcp_v4_err and
 * tcp_v6_err in SYN_SENT/SYN_RECV): destination unreachable, except "fragmentation
 * needed", which only lowers the path MTU.
 */
export function abortsHandshake(icmp: IcmpRepr): boolean {
  return icmp.version === 4 ? icmp.type === 3 && icmp.code !== 4 : icmp.type === 1;
}
