// UDP header (RFC 768): a checked view and a Repr.

import { UDP_HEADER_LEN } from '../../linux/net.js';
import { type PseudoHeader, transportChecksum } from './checksum.js';
import { type Decoded, type EncodeOptions, fail, resolveOptions, view } from './wire.js';

export interface UdpRepr {
  readonly srcPort: number;
  readonly dstPort: number;
  /** Header + payload bytes, as on the wire. */
  readonly length: number;
  readonly checksum: number;
  readonly payload: Uint8Array;
}

export class UdpView {
  private readonly dv: DataView;
  private constructor(readonly bytes: Uint8Array) {
    this.dv = view(bytes);
  }
  static checked(bytes: Uint8Array): Decoded<UdpView> {
    if (bytes.length < UDP_HEADER_LEN) return fail('udp', `truncated: ${bytes.length} < ${UDP_HEADER_LEN} bytes`);
    return { ok: true, value: new UdpView(bytes) };
  }
  static unchecked(bytes: Uint8Array): UdpView {
    return new UdpView(bytes);
  }
  get srcPort(): number { return this.dv.getUint16(0); }
  set srcPort(v: number) { this.dv.setUint16(0, v); }
  get dstPort(): number { return this.dv.getUint16(2); }
  set dstPort(v: number) { this.dv.setUint16(2, v); }
  get length(): number { return this.dv.getUint16(4); }
  set length(v: number) { this.dv.setUint16(4, v); }
  get checksum(): number { return this.dv.getUint16(6); }
  set checksum(v: number) { this.dv.setUint16(6, v); }
}

export function encodeUdp(repr: UdpRepr, pseudo: PseudoHeader, opts?: EncodeOptions): Uint8Array {
  const buf = new Uint8Array(UDP_HEADER_LEN + repr.payload.length);
  emitUdp(repr, buf, pseudo, opts);
  return buf;
}

export function emitUdp(repr: UdpRepr, buf: Uint8Array, pseudo: PseudoHeader, opts?: EncodeOptions): void {
  const o = resolveOptions(opts);
  const v = UdpView.unchecked(buf);
  v.srcPort = repr.srcPort;
  v.dstPort = repr.dstPort;
  v.length = o.fixLengths ? UDP_HEADER_LEN + repr.payload.length : repr.length;
  v.checksum = 0;
  buf.set(repr.payload, UDP_HEADER_LEN);
  // RFC 768: a computed checksum of zero is sent as all ones.
  v.checksum = o.computeChecksum ? transportChecksum(pseudo, buf) || 0xffff : repr.checksum;
}

/** Parses a datagram; the checksum is never verified (offload, §5.5 item 1). */
export function decodeUdp(bytes: Uint8Array): Decoded<UdpRepr> {
  const checked = UdpView.checked(bytes);
  if (!checked.ok) return checked;
  const v = checked.value;
  if (v.length < UDP_HEADER_LEN) return fail('udp_len', `length ${v.length} < ${UDP_HEADER_LEN}`);
  if (v.length > bytes.length) return fail('udp_len', `length ${v.length} > ${bytes.length} bytes captured`);
  return {
    ok: true,
    value: { srcPort: v.srcPort, dstPort: v.dstPort, length: v.length, checksum: v.checksum, payload: bytes.slice(UDP_HEADER_LEN, v.length) },
  };
}
