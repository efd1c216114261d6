// Writes the run's packets, both directions, to a pcap file: injected datagrams
// with the instant they were written, captured ones with their kernel timestamp.

import { writeFileSync } from 'node:fs';
import { pcapHeader, pcapRecord } from '../wire/pcap.js';

/** A datagram and when it crossed the TUN device. */
export interface Stamped {
  readonly bytes: Uint8Array;
  /** CLOCK_REALTIME ns, the time base of kernel capture timestamps. */
  readonly realtimeNs: bigint;
}

/** `to`: a path, or the descriptor of a file the parent opened. */
export function writePcap(to: string | number, injected: readonly Stamped[], captured: readonly Stamped[]): void {
  const records = [
    ...injected.map((i) => ({ ns: i.realtimeNs, bytes: i.bytes })),
    ...captured.map((f) => ({ ns: f.realtimeNs, bytes: f.bytes })),
  ].sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
  writeFileSync(to, Buffer.concat([pcapHeader(), ...records.map((r) => pcapRecord(r.ns, r.bytes))]));
}
