// pcapng files (draft-ietf-opsawg-pcapng): a sequence of blocks in one or more
// sections. Each Section Header Block sets the byte order of its section; each
// Interface Description Block gives an interface's link type and timestamp
// resolution; packets come in Enhanced, Simple or (obsolete) Packet Blocks. Every
// other block (name resolution, statistics, secrets, custom) is skipped.

import { view } from '../runner/wire/wire.js';
import { type CaptureRead, type CaptureRecord, captureError } from './capture.js';

const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const PB_OBSOLETE = 0x00000002;
const SPB = 0x00000003;
const EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_END = 0;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

interface Iface {
  readonly linkType: number;
  readonly snapLen: number;
  /** Timestamp units per second. */
  readonly unitsPerSec: bigint;
  readonly offsetSec: bigint;
}

export function isPcapng(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && view(bytes).getUint32(0, true) === SHB;
}

/** if_tsresol: MSB clear → 10^-n s, MSB set → 2^-n s; absent → microseconds. */
function unitsPerSec(tsresol: number | undefined): bigint {
  if (tsresol === undefined) return 1_000_000n;
  const n = BigInt(tsresol & 0x7f);
  return (tsresol & 0x80) === 0 ? 10n ** n : 2n ** n;
}

function parseIdb(dv: DataView, body: number, end: number, le: boolean): Iface {
  let tsresol: number | undefined;
  let offsetSec = 0n;
  for (let at = body + 8; at + 4 <= end; ) {
    const code = dv.getUint16(at, le);
    const len = dv.getUint16(at + 2, le);
    if (code === OPT_END) break;
    if (code === OPT_IF_TSRESOL && len >= 1) tsresol = dv.getUint8(at + 4);
    if (code === OPT_IF_TSOFFSET && len >= 8) offsetSec = dv.getBigInt64(at + 4, le);
    at += 4 + ((len + 3) & ~3);
  }
  return { linkType: dv.getUint16(body, le), snapLen: dv.getUint32(body + 4, le), unitsPerSec: unitsPerSec(tsresol), offsetSec };
}

function toNs(iface: Iface, high: number, low: number): bigint {
  const units = (BigInt(high) << 32n) | BigInt(low);
  return iface.offsetSec * 1_000_000_000n + (units * 1_000_000_000n) / iface.unitsPerSec;
}

export function readPcapng(bytes: Uint8Array): CaptureRead {
  if (!isPcapng(bytes)) return captureError('not a pcapng file (no Section Header Block)');
  const dv = view(bytes);
  const records: CaptureRecord[] = [];
  let ifaces: Iface[] = [];
  let le = true;
  let lastNs = 0n;
  let at = 0;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) return captureError(`truncated: block at byte ${at} has an incomplete header`);
    const type = dv.getUint32(at, le);
    if (type === SHB) {
      // A new section: its byte-order magic decides how everything in it is read.
      const bom = dv.getUint32(at + 8, true);
      if (bom === BYTE_ORDER_MAGIC) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else return captureError(`not a pcapng file: bad byte-order magic in the section header at byte ${at}`);
      ifaces = [];
    }
    const len = dv.getUint32(at + 4, le);
    if (len < 12 || len % 4 !== 0) return captureError(`corrupt: block at byte ${at} has length ${len}`);
    if (at + len > bytes.length) return captureError(`truncated: block at byte ${at} needs ${len} bytes, ${bytes.length - at} left`);
    const body = at + 8;
    const end = at + len - 4;
    const frame = records.length + 1;
    const packet = (iface: Iface | undefined, ifaceId: number, timeNs: bigint, dataAt: number, capLen: number, origLen: number): string | undefined => {
      if (iface === undefined) return `corrupt: frame ${frame} names interface ${ifaceId}, which no interface block describes`;
      if (dataAt + capLen > end) return `corrupt: frame ${frame} at byte ${at} claims ${capLen} bytes in a ${len}-byte block`;
      records.push({ frame, timeNs, linkType: iface.linkType, data: bytes.subarray(dataAt, dataAt + capLen), origLen });
      lastNs = timeNs;
      return undefined;
    };
    let problem: string | undefined;
    switch (type) {
      case IDB:
        if (end - body < 8) return captureError(`corrupt: interface block at byte ${at} is too short`);
        ifaces.push(parseIdb(dv, body, end, le));
        break;
      case EPB:
      case PB_OBSOLETE: {
        // Same layout but for the interface id: 32 bits in an EPB, 16 (then a drop count) in a PB.
        if (end - body < 20) return captureError(`corrupt: packet block at byte ${at} is too short`);
        const id = type === EPB ? dv.getUint32(body, le) : dv.getUint16(body, le);
        const iface = ifaces[id];
        const ns = iface === undefined ? 0n : toNs(iface, dv.getUint32(body + 4, le), dv.getUint32(body + 8, le));
        problem = packet(iface, id, ns, body + 20, dv.getUint32(body + 12, le), dv.getUint32(body + 16, le));
        break;
      }
      case SPB: {
        // No interface id (always 0) and no timestamp: the previous packet's time is kept.
        if (end - body < 4) return captureError(`corrupt: packet block at byte ${at} is too short`);
        const origLen = dv.getUint32(body, le);
        const iface = ifaces[0];
        const capLen = Math.min(origLen, end - body - 4, iface?.snapLen || origLen);
        problem = packet(iface, 0, lastNs, body + 4, capLen, origLen);
        break;
      }
    }
    if (problem !== undefined) return captureError(problem);
    at += len;
  }
  return { ok: true, format: 'pcapng', records };
}
