// Each side's ISN, and numbers relative to it (script-language.md §4.3, §6.3).
// Read this first: every number a script shows is relative — seq to the sender's ISN,
// ack and SACK edges to the receiver's — including those of SYN segments, so the ISN
// SYN of each side is written `0:0(0)`. That is exactly what the runner expects: an
// inbound SYN's seq is sent as written (so the replayed peer's ISN is 0) and the
// kernel's SYN line only gives an alias for its ISN (§6.3), so the two spaces stay
// consistent. A side that never sent a SYN has no ISN; its numbers are written raw,
// which is how the runner compares them too (§6.3: "both are 0 before that").

import { TCP_FLAG_ACK, TCP_FLAG_SYN } from '../linux/tcp.js';
import { type Seq, seqAdd, seqSub } from '../runner/wire/seq.js';
import type { Segment } from './segments.js';

export interface SequenceSpaces {
  readonly localIsn: Seq | undefined;
  readonly remoteIsn: Seq | undefined;
}

/**
 * The ISN of the side whose segments `mine` picks: the SYN the other side acknowledged
 * (a stale SYN-ACK answered by RST is not it), else its first SYN.
 */
function isnOf(segments: readonly Segment[], mine: (s: Segment) => boolean): Seq | undefined {
  const syns = segments.filter((s) => mine(s) && (s.tcp.flags & TCP_FLAG_SYN) !== 0);
  const acked = syns.find((syn) =>
    segments.some((o) => !mine(o) && (o.tcp.flags & TCP_FLAG_ACK) !== 0 && o.tcp.ack === seqAdd(syn.tcp.seq, 1)),
  );
  return (acked ?? syns[0])?.tcp.seq;
}

export function sequenceSpaces(segments: readonly Segment[], fromLocal: (s: Segment) => boolean): SequenceSpaces {
  return { localIsn: isnOf(segments, fromLocal), remoteIsn: isnOf(segments, (s) => !fromLocal(s)) };
}

/** A sequence number relative to `isn` (raw when there is none). */
export function relative(value: Seq, isn: Seq | undefined): number {
  return isn === undefined ? value : seqSub(value, isn);
}

/** The seq space of the sender and of the receiver of a segment. */
export function spacesOf(spaces: SequenceSpaces, local: boolean): { own: Seq | undefined; other: Seq | undefined } {
  return local ? { own: spaces.localIsn, other: spaces.remoteIsn } : { own: spaces.remoteIsn, other: spaces.localIsn };
}
