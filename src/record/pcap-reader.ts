// Classic pcap files (https://www.tcpdump.org/manpages/pcap-savefile.5.html): the magic
// number says the byte order and whether fractions are micro- or nanoseconds.

import { view } from '../runner/wire/wire.js';
import { type CaptureRead, type CaptureRecord, captureError } from './capture.js';

const MAGIC_MICRO = 0xa1b2c3d4;
const MAGIC_NANO = 0xa1b23c4d;
const FILE_HEADER_LEN = 24;
const RECORD_HEADER_LEN = 16;

/** The file's byte order and ns per fraction unit, or undefined if it is not classic pcap. */
export function pcapMagic(bytes: Uint8Array): { littleEndian: boolean; nsPerUnit: bigint } | undefined {
  if (bytes.length < 4) return undefined;
  const dv = view(bytes);
  for (const littleEndian of [true, false]) {
    const m = dv.getUint32(0, littleEndian);
    if (m === MAGIC_MICRO) return { littleEndian, nsPerUnit: 1000n };
    if (m === MAGIC_NANO) return { littleEndian, nsPerUnit: 1n };
  }
  return undefined;
}

export function readPcap(bytes: Uint8Array): CaptureRead {
  const magic = pcapMagic(bytes);
  if (magic === undefined) return captureError('not a pcap file (unknown magic number)');
  if (bytes.length < FILE_HEADER_LEN) return captureError(`truncated: the pcap file header needs ${FILE_HEADER_LEN} bytes, the file has ${bytes.length}`);
  const le = magic.littleEndian;
  const dv = view(bytes);
  // The link type is the low 16 bits; the upper ones carry FCS information (pcap-savefile(5)).
  const linkType = dv.getUint32(20, le) & 0xffff;
  const records: CaptureRecord[] = [];
  let at = FILE_HEADER_LEN;
  while (at < bytes.length) {
    const frame = records.length + 1;
    if (at + RECORD_HEADER_LEN > bytes.length) {
      return captureError(`truncated: frame ${frame} at byte ${at} has an incomplete record header`);
    }
    const sec = BigInt(dv.getUint32(at, le));
    const frac = BigInt(dv.getUint32(at + 4, le));
    const capLen = dv.getUint32(at + 8, le);
    const origLen = dv.getUint32(at + 12, le);
    const start = at + RECORD_HEADER_LEN;
    if (start + capLen > bytes.length) {
      return captureError(`truncated: frame ${frame} at byte ${at} needs ${capLen} bytes, ${bytes.length - start} left`);
    }
    records.push({ frame, timeNs: sec * 1_000_000_000n + frac * magic.nsPerUnit, linkType, data: bytes.subarray(start, start + capLen), origLen });
    at = start + capLen;
  }
  return { ok: true, format: 'pcap', records };
}
