// Capture records → TCP segments: unwrap the link layer, decode IP and TCP with the
// runner's own decoders, and account for everything that is not a TCP segment.

import { decodeDatagram } from '../runner/wire/frame.js';
import type { IpRepr } from '../runner/wire/frame.js';
import type { TcpRepr } from '../runner/wire/tcp.js';
import type { CaptureRecord } from './capture.js';
import { type Endpoint, formatAddress } from './endpoint.js';
import { type IcmpError, icmpError } from './icmp-errors.js';
import { unwrapLink } from './link-layer.js';

export interface Segment {
  readonly frame: number;
  readonly timeNs: bigint;
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly ip: IpRepr;
  readonly tcp: TcpRepr;
}

export interface Skipped {
  /** Frames that are not IP or not TCP (ARP, UDP, other ICMP, IPv6 extension headers...). */
  readonly other: number;
  /** Frames of link types this reader does not know, by link type. */
  readonly unsupportedLinkTypes: ReadonlyMap<number, number>;
  /** Frames that claim to be IP/TCP but do not decode: the first few, with why. */
  readonly malformed: readonly { readonly frame: number; readonly reason: string }[];
  readonly malformedCount: number;
}

const MALFORMED_KEPT = 5;

/**
 * A frame cut short by the snap length is padded back to its original length with
 * zeros: a script never shows payload bytes, only their count, and headers that were
 * cut still fail to decode.
 */
function restoreLength(datagram: Uint8Array, missing: number): Uint8Array {
  if (missing <= 0) return datagram;
  const out = new Uint8Array(datagram.length + missing);
  out.set(datagram);
  return out;
}

/** The TCP segments, and the ICMP errors that quote one. */
export function tcpSegments(records: readonly CaptureRecord[]): { segments: Segment[]; icmp: IcmpError[]; skipped: Skipped } {
  const segments: Segment[] = [];
  const icmp: IcmpError[] = [];
  const unsupported = new Map<number, number>();
  const malformed: { frame: number; reason: string }[] = [];
  let malformedCount = 0;
  let other = 0;
  const bad = (frame: number, reason: string): void => {
    malformedCount++;
    if (malformed.length < MALFORMED_KEPT) malformed.push({ frame, reason });
  };
  for (const r of records) {
    const link = unwrapLink(r.linkType, r.data);
    if (!link.ok) {
      if (link.kind === 'unsupported') unsupported.set(r.linkType, (unsupported.get(r.linkType) ?? 0) + 1);
      else if (link.kind === 'truncated') bad(r.frame, link.reason);
      else other++;
      continue;
    }
    const decoded = decodeDatagram(restoreLength(link.datagram, r.origLen - r.data.length));
    if (!decoded.ok) {
      bad(r.frame, `${decoded.field}: ${decoded.reason}`);
      continue;
    }
    const { ip, l4 } = decoded.packet;
    if (l4.kind !== 'tcp') {
      const error = l4.kind === 'icmp' ? icmpError(r.frame, r.timeNs, ip, l4.icmp) : undefined;
      if (error !== undefined) icmp.push(error);
      else other++;
      continue;
    }
    const src = formatAddress(ip.src);
    const dst = formatAddress(ip.dst);
    segments.push({ frame: r.frame, timeNs: r.timeNs, src: { addr: src, port: l4.tcp.srcPort }, dst: { addr: dst, port: l4.tcp.dstPort }, ip, tcp: l4.tcp });
  }
  return { segments, icmp, skipped: { other, unsupportedLinkTypes: unsupported, malformed, malformedCount } };
}
