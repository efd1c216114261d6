// Inbound packets: script line → live IP datagram (script-language.md §6.2–§6.6).
//
// Read this first: `buildInbound` returns the datagram and its Repr; the session
// prepends the virtio header with `withVnetHeader` (GSO size from `--mss`, §1.2), writes
// it to the TUN device, then calls `recordInjected(conn, tcp)` so teardown can
// `buildRst(conn)`. Nothing here mutates the Connection.

import type { IpAttrs, PacketAction, TcpPacket } from '../../grammar/ast.js';
import {
  IPPROTO_ICMP,
  IPPROTO_ICMPV6,
  IPPROTO_TCP,
  IPPROTO_UDP,
  VIRTIO_NET_HDR_GSO_TCPV4,
  VIRTIO_NET_HDR_GSO_TCPV6,
} from '../../linux/net.js';
import { TCP_FLAG_ACK, TCP_FLAG_RST, TCP_FLAG_SYN } from '../../linux/tcp.js';
import { type Connection, inboundAck, inboundSeq, inferTsEcr, segmentLength } from './connection.js';
import { optionFromAst } from './ast-options.js';
import { ECN_BITS } from './ecn.js';
import { type Packet, encodeDatagram } from '../wire/frame.js';
import { buildIcmp } from './build-icmp.js';
import type { IpRepr } from '../wire/frame.js';
import { seq, seqAdd } from '../wire/seq.js';
import type { TcpOption } from '../wire/tcp-options.js';
import type { TcpRepr } from '../wire/tcp.js';
import { concat } from '../wire/wire.js';
import { ZERO_VNET_HDR, encodeVirtio } from '../wire/virtio.js';

export interface InboundConfig {
  readonly ipVersion: 4 | 6;
  /** `--tcp_ts_ecr_scaled` (§6.4). */
  readonly tsEcrScaled: boolean;
}

export type BuildResult =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly packet: Packet }
  | { readonly ok: false; readonly reason: string };

/** Largest IPv4 total length / IPv6 payload length (16-bit fields). */
const MAX_IP_LENGTH = 0xffff;

/** §4.6: TOS from `tos`, else the ECN marker with DSCP 0, else 0; TTL 0/255 mean 255. */
function ipFields(attrs: IpAttrs | undefined): { tos: number; ttl: number; flowLabel: number } | string {
  if (attrs?.ecn === 'ect01') return 'ect01 is only allowed on outbound packets';
  const tos = attrs?.tos ?? (attrs?.ecn !== undefined ? ECN_BITS[attrs.ecn] : 0);
  const ttl = (attrs?.ttl ?? 0) & 0xff;
  return { tos, ttl: ttl === 0 ? 255 : ttl, flowLabel: attrs?.flowLabel ?? 0 };
}

/** The IP header of an inbound packet, remote → local (§6.2). */
export function inboundIp(conn: Connection, version: 4 | 6, protocol: number, f: { tos: number; ttl: number; flowLabel: number }): IpRepr {
  const src = conn.remote.addr;
  const dst = conn.local.addr;
  if (version === 4) {
    // Identification 0, no DF, no options (§6.2).
    return { version: 4, tos: f.tos, headerLength: 20, totalLength: 0, id: 0, fragOff: 0, ttl: f.ttl, protocol, checksum: 0, src, dst, options: new Uint8Array(0) };
  }
  return { version: 6, trafficClass: f.tos, flowLabel: f.flowLabel, payloadLength: 0, nextHeader: protocol, hopLimit: f.ttl, src, dst };
}

function tcpOptions(body: TcpPacket, conn: Connection, cfg: InboundConfig): readonly TcpOption[] | string {
  if (body.options === undefined) return [];
  if (body.options.kind === 'any') return '<...> is only allowed on outbound packets';
  const syn = (body.flags.bits & TCP_FLAG_SYN) !== 0;
  const ack = (body.flags.bits & TCP_FLAG_ACK) !== 0;
  const out: TcpOption[] = [];
  for (const ast of body.options.options) {
    const opt = optionFromAst(ast, (edge) => inboundAck(conn, syn, edge));
    // §6.4: the ecr is translated only when the ACK flag is set.
    if (opt.kind === 'timestamp' && ack) {
      const inferred = inferTsEcr(conn, opt.ecr, cfg.tsEcrScaled);
      if (!inferred.ok) return inferred.reason;
      out.push({ ...opt, ecr: inferred.liveEcr });
    } else out.push(opt);
  }
  return out;
}

function buildTcp(body: TcpPacket, conn: Connection, cfg: InboundConfig): TcpRepr | string {
  const bits = body.flags.bits & 0x1ff;
  const syn = (bits & TCP_FLAG_SYN) !== 0;
  const options = tcpOptions(body, conn, cfg);
  if (typeof options === 'string') return options;
  const scriptAck = body.ack ?? 0;
  return {
    srcPort: body.ports !== undefined && body.ports.src !== 0 ? body.ports.src : conn.remote.port,
    dstPort: body.ports !== undefined && body.ports.dst !== 0 ? body.ports.dst : conn.local.port,
    seq: inboundSeq(conn, syn, body.seq.start),
    // §6.2: translated only with ACK; otherwise the written value, raw.
    ack: (bits & TCP_FLAG_ACK) !== 0 ? inboundAck(conn, syn, scriptAck) : seq(scriptAck),
    dataOffset: 0,
    reserved: 0,
    flags: bits,
    window: body.win ?? 0,
    checksum: 0,
    urgent: body.urg ?? 0,
    options,
    payload: new Uint8Array(body.seq.len),
  };
}

/** Builds the live IP datagram for an inbound line, all lengths and checksums computed. */
export function buildInbound(pkt: PacketAction, conn: Connection, cfg: InboundConfig): BuildResult {
  if (pkt.outer.length > 0) return { ok: false, reason: 'outer headers (§4.10) are not supported' };
  const f = ipFields(pkt.ip);
  if (typeof f === 'string') return { ok: false, reason: f };
  const body = pkt.body;
  let packet: Packet;
  switch (body.kind) {
    case 'tcp': {
      if (body.psp !== undefined) return { ok: false, reason: 'PSP encapsulation is not supported' };
      const tcp = buildTcp(body, conn, cfg);
      if (typeof tcp === 'string') return { ok: false, reason: tcp };
      packet = { ip: inboundIp(conn, cfg.ipVersion, IPPROTO_TCP, f), l4: { kind: 'tcp', tcp } };
      break;
    }
    case 'udp': {
      const udp = {
        srcPort: body.ports !== undefined && body.ports.src !== 0 ? body.ports.src : conn.remote.port,
        dstPort: body.ports !== undefined && body.ports.dst !== 0 ? body.ports.dst : conn.local.port,
        length: 0,
        checksum: 0,
        payload: new Uint8Array(body.len),
      };
      packet = { ip: inboundIp(conn, cfg.ipVersion, IPPROTO_UDP, f), l4: { kind: 'udp', udp } };
      break;
    }
    case 'icmp': {
      const icmp = buildIcmp(body, conn, cfg.ipVersion);
      if (typeof icmp === 'string') return { ok: false, reason: icmp };
      packet = { ip: inboundIp(conn, cfg.ipVersion, cfg.ipVersion === 4 ? IPPROTO_ICMP : IPPROTO_ICMPV6, f), l4: { kind: 'icmp', icmp } };
      break;
    }
  }
  const bytes = encodeDatagram(packet);
  const ipLen = cfg.ipVersion === 4 ? bytes.length : bytes.length - 40;
  if (ipLen > MAX_IP_LENGTH) return { ok: false, reason: `${body.kind.toUpperCase()} segment too large` };
  return { ok: true, bytes, packet };
}

/**
 * Prepends struct virtio_net_hdr. With a GSO size (`--mss`, §1.2) a TCP datagram is
 * marked as a GSO packet so the kernel treats it as a GRO-style super-packet; its
 * checksum is already complete, so NEEDS_CSUM stays clear.
 *
 * The header length stays 0, as packetdrill writes it (netdev.c linux_tun_write).
 * tun takes it as the part of the packet to copy into the skb's linear area; at 0
 * the whole packet goes into page fragments. The skb's memory (truesize) follows,
 * and with it the receive window the kernel advertises: with the headers' length
 * there, a 9000-byte segment got `win 79` where packetdrill's got `win 81`.
 */
export function withVnetHeader(datagram: Uint8Array, gsoSize?: number): Uint8Array {
  const v4 = datagram[0]! >> 4 === 4;
  const isTcp = (v4 ? datagram[9] : datagram[6]) === IPPROTO_TCP;
  if (gsoSize === undefined || !isTcp) return concat([encodeVirtio(ZERO_VNET_HDR), datagram]);
  const hdr = { ...ZERO_VNET_HDR, gsoType: v4 ? VIRTIO_NET_HDR_GSO_TCPV4 : VIRTIO_NET_HDR_GSO_TCPV6, gsoSize };
  return concat([encodeVirtio(hdr), datagram]);
}

/**
 * Teardown RST (§6.6): `R.` continuing the last injected sequence and ack numbers, or,
 * if nothing was injected, derived from the kernel's last segment. Undefined when the
 * connection never carried TCP.
 */
export function buildRst(conn: Connection, ipVersion: 4 | 6): Uint8Array | undefined {
  const inj = conn.lastInjected;
  const cap = conn.lastCaptured;
  let liveSeq;
  let liveAck;
  if (inj !== undefined) {
    liveSeq = seqAdd(inj.seq, segmentLength(inj));
    liveAck = inj.ack;
  } else if (cap !== undefined) {
    liveSeq = cap.ack;
    liveAck = seqAdd(cap.seq, segmentLength(cap));
  } else return undefined;
  const tcp: TcpRepr = {
    srcPort: conn.remote.port, dstPort: conn.local.port, seq: liveSeq, ack: liveAck, dataOffset: 0, reserved: 0,
    flags: TCP_FLAG_RST | TCP_FLAG_ACK, window: 0, checksum: 0, urgent: 0, options: [], payload: new Uint8Array(0),
  };
  const ip = inboundIp(conn, ipVersion, IPPROTO_TCP, { tos: 0, ttl: 255, flowLabel: 0 });
  return encodeDatagram({ ip, l4: { kind: 'tcp', tcp } });
}
