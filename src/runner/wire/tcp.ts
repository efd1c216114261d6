// TCP header (RFC 9293 §3.1): a checked view and a lossless Repr (every flag bit, the
// reserved bits, options as an ordered list, ack kept even without ACK).

import { TCP_HEADER_LEN } from '../../linux/net.js';
import { type PseudoHeader, transportChecksum } from './checksum.js';
import { type Seq, seq } from './seq.js';
import { type TcpOption, decodeOptions, encodeOptions } from './tcp-options.js';
import { type Decoded, type EncodeOptions, fail, resolveOptions, view } from './wire.js';

export interface TcpRepr {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: Seq;
  readonly ack: Seq;
  /** Data offset in 32-bit words. */
  readonly dataOffset: number;
  /** The 3 reserved bits between data offset and AE (RFC 9293 §3.1). */
  readonly reserved: number;
  /** All 9 flag bits (FIN 0x001 ... AE 0x100, src/linux/tcp.ts), any combination. */
  readonly flags: number;
  readonly window: number;
  readonly checksum: number;
  readonly urgent: number;
  readonly options: readonly TcpOption[];
  readonly payload: Uint8Array;
}

export class TcpView {
  private readonly dv: DataView;
  private constructor(readonly bytes: Uint8Array) {
    this.dv = view(bytes);
  }
  static checked(bytes: Uint8Array): Decoded<TcpView> {
    if (bytes.length < TCP_HEADER_LEN) return fail('tcp', `truncated: ${bytes.length} < ${TCP_HEADER_LEN} bytes`);
    return { ok: true, value: new TcpView(bytes) };
  }
  static unchecked(bytes: Uint8Array): TcpView {
    return new TcpView(bytes);
  }
  get srcPort(): number { return this.dv.getUint16(0); }
  set srcPort(v: number) { this.dv.setUint16(0, v); }
  get dstPort(): number { return this.dv.getUint16(2); }
  set dstPort(v: number) { this.dv.setUint16(2, v); }
  get seq(): Seq { return seq(this.dv.getUint32(4)); }
  set seq(v: Seq) { this.dv.setUint32(4, v); }
  get ack(): Seq { return seq(this.dv.getUint32(8)); }
  set ack(v: Seq) { this.dv.setUint32(8, v); }
  private get word12(): number { return this.dv.getUint16(12); }
  get dataOffset(): number { return this.word12 >> 12; }
  get reserved(): number { return (this.word12 >> 9) & 0x7; }
  get flags(): number { return this.word12 & 0x1ff; }
  setOffsetFlags(dataOffset: number, reserved: number, flags: number): void {
    this.dv.setUint16(12, ((dataOffset & 0xf) << 12) | ((reserved & 0x7) << 9) | (flags & 0x1ff));
  }
  get window(): number { return this.dv.getUint16(14); }
  set window(v: number) { this.dv.setUint16(14, v); }
  get checksum(): number { return this.dv.getUint16(16); }
  set checksum(v: number) { this.dv.setUint16(16, v); }
  get urgent(): number { return this.dv.getUint16(18); }
  set urgent(v: number) { this.dv.setUint16(18, v); }
}

/** Encodes header, options and payload. The pseudo-header is only read for the checksum. */
export function encodeTcp(repr: TcpRepr, pseudo: PseudoHeader, opts?: EncodeOptions): Uint8Array {
  const buf = new Uint8Array(tcpHeaderLength(repr) + repr.payload.length);
  emitTcp(repr, buf, pseudo, opts);
  return buf;
}

/**
 * Header bytes including options, rounded up to a whole word: §4.5 makes scripts pad
 * themselves, so the zero (eol) fill only matters for hand-built Reprs.
 */
export function tcpHeaderLength(repr: TcpRepr): number {
  return TCP_HEADER_LEN + ((encodeOptions(repr.options).length + 3) & ~3);
}

/** Writes the segment into `buf`, which must have exactly the encoded length. */
export function emitTcp(repr: TcpRepr, buf: Uint8Array, pseudo: PseudoHeader, opts?: EncodeOptions): void {
  const o = resolveOptions(opts);
  const optBytes = encodeOptions(repr.options);
  const v = TcpView.unchecked(buf);
  v.srcPort = repr.srcPort;
  v.dstPort = repr.dstPort;
  v.seq = repr.seq;
  v.ack = repr.ack;
  const hl = tcpHeaderLength(repr);
  v.setOffsetFlags(o.fixLengths ? hl >> 2 : repr.dataOffset, repr.reserved, repr.flags);
  v.window = repr.window;
  v.checksum = 0;
  v.urgent = repr.urgent;
  buf.fill(0, TCP_HEADER_LEN, hl);
  buf.set(optBytes, TCP_HEADER_LEN);
  buf.set(repr.payload, hl);
  v.checksum = o.computeChecksum ? transportChecksum(pseudo, buf) : repr.checksum;
}

/** Parses a segment. The checksum is kept but never verified (offload, §5.5 item 1). */
export function decodeTcp(bytes: Uint8Array): Decoded<TcpRepr> {
  const checked = TcpView.checked(bytes);
  if (!checked.ok) return checked;
  const v = checked.value;
  const hl = v.dataOffset * 4;
  if (hl < TCP_HEADER_LEN) return fail('tcp_data_offset', `header length ${hl} < ${TCP_HEADER_LEN}`);
  if (hl > bytes.length) return fail('tcp_data_offset', `header length ${hl} > segment length ${bytes.length}`);
  const options = decodeOptions(bytes.subarray(TCP_HEADER_LEN, hl));
  if (!options.ok) return options;
  return {
    ok: true,
    value: {
      srcPort: v.srcPort,
      dstPort: v.dstPort,
      seq: v.seq,
      ack: v.ack,
      dataOffset: v.dataOffset,
      reserved: v.reserved,
      flags: v.flags,
      window: v.window,
      checksum: v.checksum,
      urgent: v.urgent,
      options: options.value,
      payload: bytes.slice(hl),
    },
  };
}
