// ICMPv4 (RFC 792) and ICMPv6 (RFC 4443) messages: an 8-byte header (type, code,
// checksum, 4 type-specific bytes) and the body, which for error messages quotes the
// offending packet.

import { IPPROTO_ICMPV6, IPV4_HEADER_LEN, IPV6_HEADER_LEN } from '../../linux/net.js';
import { type PseudoHeader, internetChecksum, transportChecksum } from './checksum.js';
import { type Decoded, type EncodeOptions, fail, resolveOptions, view } from './wire.js';

export const ICMP_HEADER_LEN = 8;

export interface IcmpRepr {
  readonly version: 4 | 6;
  readonly type: number;
  readonly code: number;
  readonly checksum: number;
  /** Bytes 4..7 as a u32: echo id/sequence, next-hop MTU (v4), MTU (v6 packet too big). */
  readonly rest: number;
  readonly payload: Uint8Array;
}

/** `rest` for ICMPv4 frag_needed: the next-hop MTU sits in the low 16 bits (RFC 1191 §4). */
export function restWithMtu(version: 4 | 6, mtu: number): number {
  return version === 4 ? mtu & 0xffff : mtu >>> 0;
}

/** `rest` for echo messages: identifier in the high 16 bits (RFC 792, RFC 4443 §4.1). */
export function restWithEchoId(id: number): number {
  return ((id & 0xffff) << 16) >>> 0;
}

/**
 * Encodes the message. ICMPv4's checksum covers the message only; ICMPv6's also covers
 * the pseudo-header (RFC 4443 §2.3), so `pseudo` is only read for version 6.
 */
export function encodeIcmp(repr: IcmpRepr, pseudo: PseudoHeader, opts?: EncodeOptions): Uint8Array {
  const buf = new Uint8Array(ICMP_HEADER_LEN + repr.payload.length);
  emitIcmp(repr, buf, pseudo, opts);
  return buf;
}

export function emitIcmp(repr: IcmpRepr, buf: Uint8Array, pseudo: PseudoHeader, opts?: EncodeOptions): void {
  const o = resolveOptions(opts);
  const dv = view(buf);
  buf[0] = repr.type;
  buf[1] = repr.code;
  dv.setUint16(2, 0);
  dv.setUint32(4, repr.rest >>> 0);
  buf.set(repr.payload, ICMP_HEADER_LEN);
  const sum = repr.version === 4 ? internetChecksum(buf) : transportChecksum({ ...pseudo, protocol: IPPROTO_ICMPV6 }, buf);
  dv.setUint16(2, o.computeChecksum ? sum : repr.checksum);
}

export function decodeIcmp(bytes: Uint8Array, version: 4 | 6): Decoded<IcmpRepr> {
  if (bytes.length < ICMP_HEADER_LEN) return fail('icmp', `truncated: ${bytes.length} < ${ICMP_HEADER_LEN} bytes`);
  const dv = view(bytes);
  return {
    ok: true,
    value: {
      version,
      type: bytes[0]!,
      code: bytes[1]!,
      checksum: dv.getUint16(2),
      rest: dv.getUint32(4),
      payload: bytes.slice(ICMP_HEADER_LEN),
    },
  };
}

/** The start of the packet quoted in an ICMP error: its IP header and 8 transport bytes. */
export interface QuotedPacket {
  readonly protocol: number;
  /** IPv4 total length or IPv6 payload length, as quoted. */
  readonly ipLength: number;
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
  readonly srcPort: number;
  readonly dstPort: number;
  /** Bytes 4..7 of the transport header: the TCP sequence number. */
  readonly word1: number;
}

/** Reads the quoted header; its checksums and lengths are not validated (the quote is partial). */
export function decodeQuoted(payload: Uint8Array, version: 4 | 6): Decoded<QuotedPacket> {
  const dv = view(payload);
  const hl = version === 4 ? (payload[0]! & 0xf) * 4 : IPV6_HEADER_LEN;
  if (payload.length < IPV4_HEADER_LEN || payload.length < hl + 8) {
    return fail('icmp_quoted', `quoted packet truncated: ${payload.length} bytes`);
  }
  const v4 = version === 4;
  return {
    ok: true,
    value: {
      protocol: v4 ? payload[9]! : payload[6]!,
      ipLength: v4 ? dv.getUint16(2) : dv.getUint16(4),
      src: v4 ? payload.slice(12, 16) : payload.slice(8, 24),
      dst: v4 ? payload.slice(16, 20) : payload.slice(24, 40),
      srcPort: dv.getUint16(hl),
      dstPort: dv.getUint16(hl + 2),
      word1: dv.getUint32(hl + 4),
    },
  };
}
