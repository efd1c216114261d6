// Classic pcap files (https://www.tcpdump.org/manpages/pcap-savefile.5.html): nanosecond
// magic 0xa1b23c4d, version 2.4, LINKTYPE_RAW (101) so records are bare IP datagrams.
// Written in little-endian; readers detect byte order from the magic.

import { view } from './wire.js';

export const PCAP_MAGIC_NANO = 0xa1b23c4d;
export const PCAP_SNAPLEN = 262144;
/** https://www.tcpdump.org/linktypes.html: raw IPv4/IPv6, no link header. */
export const LINKTYPE_RAW = 101;

export function pcapHeader(): Uint8Array {
  const out = new Uint8Array(24);
  const dv = view(out);
  dv.setUint32(0, PCAP_MAGIC_NANO, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setInt32(8, 0, true); // thiszone
  dv.setUint32(12, 0, true); // sigfigs
  dv.setUint32(16, PCAP_SNAPLEN, true);
  dv.setUint32(20, LINKTYPE_RAW, true);
  return out;
}

/** One record: seconds and nanoseconds, captured length (≤ snaplen), original length. */
export function pcapRecord(tsNs: bigint, datagram: Uint8Array): Uint8Array {
  const caplen = Math.min(datagram.length, PCAP_SNAPLEN);
  const out = new Uint8Array(16 + caplen);
  const dv = view(out);
  dv.setUint32(0, Number(tsNs / 1_000_000_000n), true);
  dv.setUint32(4, Number(tsNs % 1_000_000_000n), true);
  dv.setUint32(8, caplen, true);
  dv.setUint32(12, datagram.length, true);
  out.set(datagram.subarray(0, caplen), 16);
  return out;
}
