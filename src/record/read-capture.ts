// Any supported capture file → TCP segments, or one sentence saying why not.

import { type CaptureRead, captureError } from './capture.js';
import { isPcapng, readPcapng } from './pcapng-reader.js';
import { pcapMagic, readPcap } from './pcap-reader.js';
import type { IcmpError } from './icmp-errors.js';
import { type Segment, type Skipped, tcpSegments } from './segments.js';

export type CaptureSegments =
  | { readonly ok: true; readonly format: 'pcap' | 'pcapng'; readonly frames: number; readonly firstNs: bigint; readonly segments: readonly Segment[]; readonly icmp: readonly IcmpError[]; readonly skipped: Skipped }
  | { readonly ok: false; readonly message: string };

export function readCaptureFile(bytes: Uint8Array): CaptureRead {
  if (isPcapng(bytes)) return readPcapng(bytes);
  if (pcapMagic(bytes) !== undefined) return readPcap(bytes);
  return captureError('not a capture file: neither pcap nor pcapng (unknown magic number)');
}

export function captureSegments(bytes: Uint8Array): CaptureSegments {
  const read = readCaptureFile(bytes);
  if (!read.ok) return read;
  const first = read.records[0];
  if (first === undefined) return { ok: false, message: 'the capture holds no packets' };
  const { segments, icmp, skipped } = tcpSegments(read.records);
  if (segments.length === 0) {
    const why = [...skipped.unsupportedLinkTypes].map(([lt, n]) => `${n} frames of unsupported link type ${lt}`);
    if (skipped.malformedCount > 0) why.push(`${skipped.malformedCount} malformed (frame ${skipped.malformed[0]!.frame}: ${skipped.malformed[0]!.reason})`);
    if (skipped.other > 0) why.push(`${skipped.other} not TCP`);
    return { ok: false, message: `no TCP segments in ${read.records.length} frames (${why.join(', ')})` };
  }
  return { ok: true, format: read.format, frames: read.records.length, firstNs: first.timeNs, segments, icmp, skipped };
}
