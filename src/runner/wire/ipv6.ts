// IPv6 fixed header (RFC 8200 §3): a checked view and a lossless Repr.
// Extension headers are not parsed: §5.1 skips such packets, so the caller sees
// `nextHeader` and treats an unknown one as "other".

import { IPV6_HEADER_LEN } from '../../linux/net.js';
import { type Decoded, type EncodeOptions, fail, resolveOptions, view } from './wire.js';

export interface Ipv6Repr {
  readonly version: 6;
  /** Traffic class byte: DSCP and the two ECN bits. */
  readonly trafficClass: number;
  /** 20-bit flow label (RFC 6437). */
  readonly flowLabel: number;
  readonly payloadLength: number;
  readonly nextHeader: number;
  readonly hopLimit: number;
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
}

export class Ipv6View {
  private readonly dv: DataView;
  private constructor(readonly bytes: Uint8Array) {
    this.dv = view(bytes);
  }
  static checked(bytes: Uint8Array): Decoded<Ipv6View> {
    if (bytes.length < IPV6_HEADER_LEN) return fail('ipv6', `truncated: ${bytes.length} < ${IPV6_HEADER_LEN} bytes`);
    return { ok: true, value: new Ipv6View(bytes) };
  }
  static unchecked(bytes: Uint8Array): Ipv6View {
    return new Ipv6View(bytes);
  }
  private get word0(): number { return this.dv.getUint32(0); }
  get version(): number { return this.word0 >>> 28; }
  get trafficClass(): number { return (this.word0 >>> 20) & 0xff; }
  get flowLabel(): number { return this.word0 & 0xfffff; }
  setFirstWord(version: number, trafficClass: number, flowLabel: number): void {
    this.dv.setUint32(0, ((version << 28) | ((trafficClass & 0xff) << 20) | (flowLabel & 0xfffff)) >>> 0);
  }
  get payloadLength(): number { return this.dv.getUint16(4); }
  set payloadLength(v: number) { this.dv.setUint16(4, v); }
  get nextHeader(): number { return this.bytes[6]!; }
  set nextHeader(v: number) { this.bytes[6] = v; }
  get hopLimit(): number { return this.bytes[7]!; }
  set hopLimit(v: number) { this.bytes[7] = v; }
  get src(): Uint8Array { return this.bytes.slice(8, 24); }
  set src(a: Uint8Array) { this.bytes.set(a, 8); }
  get dst(): Uint8Array { return this.bytes.slice(24, 40); }
  set dst(a: Uint8Array) { this.bytes.set(a, 24); }
}

/** Writes the 40-byte header into `buf` for a payload of `payloadLength` bytes. */
export function emitIpv6(repr: Ipv6Repr, buf: Uint8Array, payloadLength: number, opts?: EncodeOptions): void {
  const o = resolveOptions(opts);
  const v = Ipv6View.unchecked(buf);
  v.setFirstWord(repr.version, repr.trafficClass, repr.flowLabel);
  v.payloadLength = o.fixLengths ? payloadLength : repr.payloadLength;
  v.nextHeader = repr.nextHeader;
  v.hopLimit = repr.hopLimit;
  v.src = repr.src;
  v.dst = repr.dst;
}

export interface Ipv6Decoded {
  readonly repr: Ipv6Repr;
  readonly payload: Uint8Array;
}

/** Parses an IPv6 packet; payload length 0 (jumbo / GSO) means "the rest of the frame". */
export function decodeIpv6(bytes: Uint8Array): Decoded<Ipv6Decoded> {
  const checked = Ipv6View.checked(bytes);
  if (!checked.ok) return checked;
  const v = checked.value;
  if (v.version !== 6) return fail('ipv6_version', `version ${v.version} is not 6`);
  const len = v.payloadLength === 0 ? bytes.length - IPV6_HEADER_LEN : v.payloadLength;
  if (IPV6_HEADER_LEN + len > bytes.length) {
    return fail('ipv6_payload_len', `payload length ${len} > ${bytes.length - IPV6_HEADER_LEN} bytes captured`);
  }
  const repr: Ipv6Repr = {
    version: 6,
    trafficClass: v.trafficClass,
    flowLabel: v.flowLabel,
    payloadLength: v.payloadLength,
    nextHeader: v.nextHeader,
    hopLimit: v.hopLimit,
    src: v.src,
    dst: v.dst,
  };
  return { ok: true, value: { repr, payload: bytes.subarray(IPV6_HEADER_LEN, IPV6_HEADER_LEN + len) } };
}
