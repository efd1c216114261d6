// IPv4 header (RFC 791 §3.1): a checked view over the bytes and a lossless Repr.

import { IP_MF, IP_OFFSET, IPV4_HEADER_LEN } from '../../linux/net.js';
import { internetChecksum } from './checksum.js';
import { type Decoded, type EncodeOptions, fail, resolveOptions, view } from './wire.js';

export interface Ipv4Repr {
  readonly version: 4;
  /** Whole TOS byte: DSCP and the two ECN bits (RFC 3168 §5). */
  readonly tos: number;
  /** Header length in bytes (IHL × 4). */
  readonly headerLength: number;
  readonly totalLength: number;
  readonly id: number;
  /** The 16-bit flags + fragment offset word (IP_DF, IP_MF, IP_OFFSET). */
  readonly fragOff: number;
  readonly ttl: number;
  readonly protocol: number;
  readonly checksum: number;
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
  /** Raw IP options; packetdrill never sends any (§6.2). */
  readonly options: Uint8Array;
}

/** Field accessors over a buffer already known to hold at least 20 bytes. */
export class Ipv4View {
  private readonly dv: DataView;
  private constructor(readonly bytes: Uint8Array) {
    this.dv = view(bytes);
  }
  /** The only way in for untrusted bytes: checks the fixed header fits. */
  static checked(bytes: Uint8Array): Decoded<Ipv4View> {
    if (bytes.length < IPV4_HEADER_LEN) return fail('ipv4', `truncated: ${bytes.length} < ${IPV4_HEADER_LEN} bytes`);
    return { ok: true, value: new Ipv4View(bytes) };
  }
  /** For encoders writing into a buffer they sized themselves. */
  static unchecked(bytes: Uint8Array): Ipv4View {
    return new Ipv4View(bytes);
  }
  get version(): number { return this.bytes[0]! >> 4; }
  get ihl(): number { return this.bytes[0]! & 0xf; }
  setVersionIhl(version: number, ihl: number): void { this.bytes[0] = (version << 4) | (ihl & 0xf); }
  get tos(): number { return this.bytes[1]!; }
  set tos(v: number) { this.bytes[1] = v; }
  get totalLength(): number { return this.dv.getUint16(2); }
  set totalLength(v: number) { this.dv.setUint16(2, v); }
  get id(): number { return this.dv.getUint16(4); }
  set id(v: number) { this.dv.setUint16(4, v); }
  get fragOff(): number { return this.dv.getUint16(6); }
  set fragOff(v: number) { this.dv.setUint16(6, v); }
  get ttl(): number { return this.bytes[8]!; }
  set ttl(v: number) { this.bytes[8] = v; }
  get protocol(): number { return this.bytes[9]!; }
  set protocol(v: number) { this.bytes[9] = v; }
  get checksum(): number { return this.dv.getUint16(10); }
  set checksum(v: number) { this.dv.setUint16(10, v); }
  get src(): Uint8Array { return this.bytes.slice(12, 16); }
  set src(a: Uint8Array) { this.bytes.set(a, 12); }
  get dst(): Uint8Array { return this.bytes.slice(16, 20); }
  set dst(a: Uint8Array) { this.bytes.set(a, 16); }
}

export function ipv4HeaderLength(repr: Ipv4Repr): number {
  return IPV4_HEADER_LEN + repr.options.length;
}

/**
 * Writes the header into `buf` (which must hold ipv4HeaderLength bytes) for a payload of
 * `payloadLength` bytes. The input Repr is never modified.
 */
export function emitIpv4(repr: Ipv4Repr, buf: Uint8Array, payloadLength: number, opts?: EncodeOptions): void {
  const o = resolveOptions(opts);
  const hl = ipv4HeaderLength(repr);
  const v = Ipv4View.unchecked(buf);
  v.setVersionIhl(repr.version, o.fixLengths ? hl / 4 : repr.headerLength / 4);
  v.tos = repr.tos;
  v.totalLength = o.fixLengths ? hl + payloadLength : repr.totalLength;
  v.id = repr.id;
  v.fragOff = repr.fragOff;
  v.ttl = repr.ttl;
  v.protocol = repr.protocol;
  v.checksum = 0;
  v.src = repr.src;
  v.dst = repr.dst;
  buf.set(repr.options, IPV4_HEADER_LEN);
  v.checksum = o.computeChecksum ? internetChecksum(buf.subarray(0, hl)) : repr.checksum;
}

export interface Ipv4Decoded {
  readonly repr: Ipv4Repr;
  readonly payload: Uint8Array;
}

/**
 * Parses an IPv4 datagram. The header checksum is verified (§5.5 item 1) and fragments are
 * malformed (§5.1). A total length of 0 means "the whole frame": GSO super-packets may
 * leave it unset.
 */
export function decodeIpv4(bytes: Uint8Array): Decoded<Ipv4Decoded> {
  const checked = Ipv4View.checked(bytes);
  if (!checked.ok) return checked;
  const v = checked.value;
  if (v.version !== 4) return fail('ipv4_version', `version ${v.version} is not 4`);
  const hl = v.ihl * 4;
  if (hl < IPV4_HEADER_LEN) return fail('ipv4_header_length', `header length ${hl} < ${IPV4_HEADER_LEN}`);
  if (hl > bytes.length) return fail('ipv4_header_length', `header length ${hl} > ${bytes.length} bytes captured`);
  const total = v.totalLength === 0 ? bytes.length : v.totalLength;
  if (total < hl) return fail('ipv4_total_length', `total length ${total} < header length ${hl}`);
  if (total > bytes.length) return fail('ipv4_total_length', `total length ${total} > ${bytes.length} bytes captured`);
  if (internetChecksum(bytes.subarray(0, hl)) !== 0) return fail('ipv4_checksum', 'bad IPv4 header checksum');
  if ((v.fragOff & (IP_MF | IP_OFFSET)) !== 0) return fail('ipv4_frag_off', 'IPv4 fragments are not supported');
  const repr: Ipv4Repr = {
    version: 4,
    tos: v.tos,
    headerLength: hl,
    totalLength: v.totalLength,
    id: v.id,
    fragOff: v.fragOff,
    ttl: v.ttl,
    protocol: v.protocol,
    checksum: v.checksum,
    src: v.src,
    dst: v.dst,
    options: bytes.slice(IPV4_HEADER_LEN, hl),
  };
  return { ok: true, value: { repr, payload: bytes.subarray(hl, total) } };
}
