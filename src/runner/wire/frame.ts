// Whole frames and datagrams: the optional virtio-net header, the IP header and one
// transport layer. Read this first: outbound frames come from the TUN device with a
// virtio_net_hdr in front (architecture.md, "TUN device"); TSO super-segments are
// larger than the MTU, which is fine here. TCP/UDP checksums are partial under offload
// and are never verified; the IPv4 header checksum is (§5.5 item 1).

import { IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP, VIRTIO_NET_HDR_LEN } from '../../linux/net.js';
import type { PseudoHeader } from './checksum.js';
import { type IcmpRepr, decodeIcmp, encodeIcmp } from './icmp.js';
import { type Ipv4Repr, decodeIpv4, emitIpv4, ipv4HeaderLength } from './ipv4.js';
import { type Ipv6Repr, decodeIpv6, emitIpv6 } from './ipv6.js';
import { type TcpRepr, decodeTcp, encodeTcp } from './tcp.js';
import { type UdpRepr, decodeUdp, encodeUdp } from './udp.js';
import { type VirtioNetHdr, decodeVirtio } from './virtio.js';
import { type DecodeError, type EncodeOptions, fail } from './wire.js';

export type IpRepr = Ipv4Repr | Ipv6Repr;

export type L4 =
  | { readonly kind: 'tcp'; readonly tcp: TcpRepr }
  | { readonly kind: 'udp'; readonly udp: UdpRepr }
  | { readonly kind: 'icmp'; readonly icmp: IcmpRepr }
  /** Any other protocol, or an IPv6 extension header: skipped by the matcher (§5.1). */
  | { readonly kind: 'other'; readonly protocol: number; readonly payload: Uint8Array };

export interface Packet {
  readonly ip: IpRepr;
  readonly l4: L4;
}

export interface DecodedFrame {
  readonly ok: true;
  readonly packet: Packet;
  /** Present when the frame carried one. */
  readonly vnet: VirtioNetHdr | undefined;
}

export function ipProtocol(ip: IpRepr): number {
  return ip.version === 4 ? ip.protocol : ip.nextHeader;
}

export function pseudoHeaderOf(ip: IpRepr): PseudoHeader {
  return { src: ip.src, dst: ip.dst, protocol: ipProtocol(ip) };
}

function decodeL4(ip: IpRepr, payload: Uint8Array): { ok: true; l4: L4 } | DecodeError {
  const protocol = ipProtocol(ip);
  switch (protocol) {
    case IPPROTO_TCP: {
      const r = decodeTcp(payload);
      return r.ok ? { ok: true, l4: { kind: 'tcp', tcp: r.value } } : r;
    }
    case IPPROTO_UDP: {
      const r = decodeUdp(payload);
      return r.ok ? { ok: true, l4: { kind: 'udp', udp: r.value } } : r;
    }
    case IPPROTO_ICMP:
    case IPPROTO_ICMPV6: {
      // ICMPv4 only inside IPv4 and ICMPv6 only inside IPv6; the other is "other".
      if ((protocol === IPPROTO_ICMP) !== (ip.version === 4)) break;
      const r = decodeIcmp(payload, ip.version);
      return r.ok ? { ok: true, l4: { kind: 'icmp', icmp: r.value } } : r;
    }
  }
  return { ok: true, l4: { kind: 'other', protocol, payload: payload.slice() } };
}

/** Decodes an IP datagram (no virtio header). */
export function decodeDatagram(bytes: Uint8Array): { ok: true; packet: Packet } | DecodeError {
  if (bytes.length === 0) return fail('ip', 'empty frame');
  const version = bytes[0]! >> 4;
  const ipr = version === 4 ? decodeIpv4(bytes) : version === 6 ? decodeIpv6(bytes) : fail('ip_version', `IP version ${version}`);
  if (!ipr.ok) return ipr;
  const l4 = decodeL4(ipr.value.repr, ipr.value.payload);
  return l4.ok ? { ok: true, packet: { ip: ipr.value.repr, l4: l4.l4 } } : l4;
}

/** Decodes a captured or injected frame. */
export function decodeFrame(bytes: Uint8Array, opts: { readonly vnetHeader: boolean }): DecodedFrame | DecodeError {
  let vnet: VirtioNetHdr | undefined;
  let rest = bytes;
  if (opts.vnetHeader) {
    const v = decodeVirtio(bytes);
    if (!v.ok) return v;
    vnet = v.value;
    rest = bytes.subarray(VIRTIO_NET_HDR_LEN);
  }
  const d = decodeDatagram(rest);
  return d.ok ? { ok: true, packet: d.packet, vnet } : d;
}

function encodeL4(l4: L4, pseudo: PseudoHeader, opts: EncodeOptions | undefined): Uint8Array {
  switch (l4.kind) {
    case 'tcp': return encodeTcp(l4.tcp, pseudo, opts);
    case 'udp': return encodeUdp(l4.udp, pseudo, opts);
    case 'icmp': return encodeIcmp(l4.icmp, pseudo, opts);
    case 'other': return l4.payload;
  }
}

/** Encodes a whole IP datagram; lengths and checksums per `opts` (default: computed). */
export function encodeDatagram(packet: Packet, opts?: EncodeOptions): Uint8Array {
  const l4 = encodeL4(packet.l4, pseudoHeaderOf(packet.ip), opts);
  const hl = packet.ip.version === 4 ? ipv4HeaderLength(packet.ip) : 40;
  const out = new Uint8Array(hl + l4.length);
  if (packet.ip.version === 4) emitIpv4(packet.ip, out, l4.length, opts);
  else emitIpv6(packet.ip, out, l4.length, opts);
  out.set(l4, hl);
  return out;
}
