// Inbound ICMP messages (§6.5): type/code/MTU/identifier as written, and a quoted
// packet built as if the kernel had sent it, so the kernel can match the error to the
// connection (and, for TCP, to in-flight data via the quoted sequence number).

import type { IcmpPacket } from '../../grammar/ast.js';
import { IPPROTO_TCP, IPPROTO_UDP, TCP_HEADER_LEN, UDP_HEADER_LEN } from '../../linux/net.js';
import { type Connection, kernelIsnLive } from './connection.js';
import { icmpCodeValue, icmpTypeValue } from '../wire/icmp-names.js';
import { ICMP_HEADER_LEN, type IcmpRepr, restWithEchoId, restWithMtu } from '../wire/icmp.js';
import { emitIpv4 } from '../wire/ipv4.js';
import { emitIpv6 } from '../wire/ipv6.js';
import { seqAdd } from '../wire/seq.js';
import { view } from '../wire/wire.js';

const RAW_OPTS = { fixLengths: false, computeChecksum: false } as const;

/** Quoted IP header + 8 transport bytes, local → remote, IPv4 checksum left 0 (§6.5). */
function quoted(conn: Connection, version: 4 | 6, proto: number, len: number, tcpStart: number): Uint8Array {
  const transportLen = (proto === IPPROTO_TCP ? TCP_HEADER_LEN : UDP_HEADER_LEN) + len;
  const ipHl = version === 4 ? 20 : 40;
  const out = new Uint8Array(ipHl + 8);
  const src = conn.local.addr;
  const dst = conn.remote.addr;
  if (version === 4) {
    const ip = { version: 4, tos: 0, headerLength: 20, totalLength: ipHl + transportLen, id: 0, fragOff: 0, ttl: 255, protocol: proto, checksum: 0, src, dst, options: new Uint8Array(0) } as const;
    emitIpv4(ip, out, transportLen, RAW_OPTS);
  } else {
    const ip = { version: 6, trafficClass: 0, flowLabel: 0, payloadLength: transportLen, nextHeader: proto, hopLimit: 255, src, dst } as const;
    emitIpv6(ip, out, transportLen, RAW_OPTS);
  }
  const dv = view(out.subarray(ipHl));
  dv.setUint16(0, conn.local.port);
  dv.setUint16(2, conn.remote.port);
  // TCP: the sequence number, kernel ISN (live) + start; UDP: length, checksum 0.
  if (proto === IPPROTO_TCP) dv.setUint32(4, seqAdd(kernelIsnLive(conn), tcpStart));
  else dv.setUint16(4, UDP_HEADER_LEN + len);
  return out;
}

function body(pkt: IcmpPacket, conn: Connection, version: 4 | 6): Uint8Array | string {
  const e = pkt.echoed;
  if (e === undefined) return quoted(conn, version, IPPROTO_TCP, 0, 0);
  switch (e.kind) {
    case 'tcp': return quoted(conn, version, IPPROTO_TCP, e.seq.len, e.seq.start);
    case 'udp': return quoted(conn, version, IPPROTO_UDP, e.len, 0);
    // `[raw (N)]`: the whole ICMP message is N bytes, zero-filled after the header.
    case 'raw': return e.len < ICMP_HEADER_LEN ? `raw ICMP length ${e.len} < ${ICMP_HEADER_LEN}` : new Uint8Array(e.len - ICMP_HEADER_LEN);
  }
}

/** The ICMP Repr for an inbound line; checksum computed later by the encoder. */
export function buildIcmp(pkt: IcmpPacket, conn: Connection, version: 4 | 6): IcmpRepr | string {
  const type = icmpTypeValue(version, pkt.type);
  if (type === undefined) return `unknown ICMPv${version === 4 ? 4 : 6} type ${pkt.type}`;
  const code = icmpCodeValue(version, type, pkt.code);
  if (code === undefined) return `unknown ICMP code ${pkt.code ?? ''} for type ${pkt.type}`;
  const payload = body(pkt, conn, version);
  if (typeof payload === 'string') return payload;
  const rest = ((pkt.id !== undefined ? restWithEchoId(pkt.id) : 0) | (pkt.mtu !== undefined ? restWithMtu(version, pkt.mtu) : 0)) >>> 0;
  return { version, type, code, checksum: 0, rest, payload };
}
