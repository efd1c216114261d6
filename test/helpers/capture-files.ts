// Capture files for the record tests: classic pcap in either byte order and time unit,
// pcapng with a chosen timestamp resolution, and link-layer headers around IP
// datagrams, so every reader path can be fed the same packets.

import { concat } from '../../src/runner/wire/wire.js';

export interface TestRecord {
  readonly timeNs: bigint;
  readonly data: Uint8Array;
  /** Defaults to data.length (no snap-length cut). */
  readonly origLen?: number;
}

function u32(v: number, le: boolean): number[] {
  const b = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
  return le ? b.reverse() : b;
}

function u16(v: number, le: boolean): number[] {
  const b = [(v >>> 8) & 0xff, v & 0xff];
  return le ? b.reverse() : b;
}

function cat(parts: readonly (Uint8Array | number[])[]): Uint8Array {
  return concat(parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(p))));
}

export function pcapFile(records: readonly TestRecord[], o: { linkType: number; nano: boolean; littleEndian: boolean }): Uint8Array {
  const le = o.littleEndian;
  const header = [...u32(o.nano ? 0xa1b23c4d : 0xa1b2c3d4, le), ...u16(2, le), ...u16(4, le), ...u32(0, le), ...u32(0, le), ...u32(262144, le), ...u32(o.linkType, le)];
  const per = o.nano ? 1n : 1000n;
  return cat([
    header,
    ...records.flatMap((r) => [
      [...u32(Number(r.timeNs / 1_000_000_000n), le), ...u32(Number((r.timeNs % 1_000_000_000n) / per), le), ...u32(r.data.length, le), ...u32(r.origLen ?? r.data.length, le)],
      r.data,
    ]),
  ]);
}

function block(type: number, body: Uint8Array, le: boolean): Uint8Array {
  const padded = cat([body, new Array<number>((4 - (body.length % 4)) % 4).fill(0)]);
  const len = padded.length + 12;
  return cat([u32(type, le), u32(len, le), padded, u32(len, le)]);
}

/** One section, one interface; `tsresol` as the if_tsresol byte (6 = µs, 9 = ns, 0x80|n = 2^-n). */
export function pcapngFile(records: readonly TestRecord[], o: { linkType: number; tsresol: number; littleEndian: boolean; simple?: boolean }): Uint8Array {
  const le = o.littleEndian;
  const shb = block(0x0a0d0d0a, cat([u32(0x1a2b3c4d, le), u16(1, le), u16(0, le), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]]), le);
  const idb = block(1, cat([u16(o.linkType, le), u16(0, le), u32(0, le), u16(9, le), u16(1, le), [o.tsresol, 0, 0, 0], u16(0, le), u16(0, le)]), le);
  const unitsPerSec = (o.tsresol & 0x80) === 0 ? 10n ** BigInt(o.tsresol) : 2n ** BigInt(o.tsresol & 0x7f);
  const packets = records.map((r) => {
    if (o.simple) return block(3, cat([u32(r.origLen ?? r.data.length, le), r.data]), le);
    const units = (r.timeNs * unitsPerSec) / 1_000_000_000n;
    return block(6, cat([u32(0, le), u32(Number(units >> 32n), le), u32(Number(units & 0xffffffffn), le), u32(r.data.length, le), u32(r.origLen ?? r.data.length, le), r.data]), le);
  });
  return cat([shb, idb, ...packets]);
}

const ipVersion = (datagram: Uint8Array): number => datagram[0]! >> 4;
const etherType = (datagram: Uint8Array): number[] => (ipVersion(datagram) === 6 ? [0x86, 0xdd] : [0x08, 0x00]);

export const wrap = {
  ethernet: (d: Uint8Array): Uint8Array => cat([[2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2], etherType(d), d]),
  /** With an 802.1Q tag, as a trunk port captures. */
  vlan: (d: Uint8Array): Uint8Array => cat([[2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x81, 0x00, 0x00, 0x07], etherType(d), d]),
  sll: (d: Uint8Array): Uint8Array => cat([[0, 4], [0, 1], [0, 6], [2, 0, 0, 0, 0, 1, 0, 0], etherType(d), d]),
  sll2: (d: Uint8Array): Uint8Array => cat([etherType(d), [0, 0], [0, 0, 0, 2], [0, 1], [4], [6], [2, 0, 0, 0, 0, 1, 0, 0], d]),
  /** BSD loopback: the address family in the capturing host's (here little-endian) order. */
  null: (d: Uint8Array): Uint8Array => cat([ipVersion(d) === 6 ? [30, 0, 0, 0] : [2, 0, 0, 0], d]),
  /** OpenBSD loopback: the family in network order. */
  loop: (d: Uint8Array): Uint8Array => cat([ipVersion(d) === 6 ? [0, 0, 0, 24] : [0, 0, 0, 2], d]),
  raw: (d: Uint8Array): Uint8Array => d,
} as const;

export const LINK_TYPES: { readonly [K in keyof typeof wrap]: number } = { ethernet: 1, vlan: 1, sll: 113, sll2: 276, null: 0, loop: 108, raw: 101 };
