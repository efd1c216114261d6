// The flow table: segments grouped into TCP connections. A connection is a 4-tuple
// from its first segment on; a bare SYN with a new sequence number after the previous
// connection on that 4-tuple ended (RST, or FINs both ways) starts another one.

import { icmpToScript } from '../runner/script/to-script.js';
import { TCP_FLAG_ACK, TCP_FLAG_FIN, TCP_FLAG_RST, TCP_FLAG_SYN } from '../linux/tcp.js';
import { type Endpoint, formatEndpoint, sameEndpoint } from './endpoint.js';
import type { IcmpError } from './icmp-errors.js';
import type { Segment } from './segments.js';

export interface Flow {
  /** 1-based, in order of first segment. */
  readonly index: number;
  /** The side that sent the first bare SYN, else the sender of the first segment. */
  readonly client: Endpoint;
  readonly server: Endpoint;
  readonly segments: readonly Segment[];
  /** ICMP errors quoting one of its segments, in capture order. */
  readonly icmp: readonly IcmpError[];
}

const has = (s: Segment, flag: number): boolean => (s.tcp.flags & flag) !== 0;
export const isBareSyn = (s: Segment): boolean => has(s, TCP_FLAG_SYN) && !has(s, TCP_FLAG_ACK);

function tupleKey(s: { readonly src: Endpoint; readonly dst: Endpoint }): string {
  const a = formatEndpoint(s.src);
  const b = formatEndpoint(s.dst);
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function ended(segments: readonly Segment[]): boolean {
  if (segments.some((s) => has(s, TCP_FLAG_RST))) return true;
  const finSenders = new Set(segments.filter((s) => has(s, TCP_FLAG_FIN)).map((s) => formatEndpoint(s.src)));
  return finSenders.size === 2;
}

export function flowTable(segments: readonly Segment[], icmp: readonly IcmpError[]): Flow[] {
  const open = new Map<string, Segment[]>();
  const all: Segment[][] = [];
  for (const s of segments) {
    const key = tupleKey(s);
    let current = open.get(key);
    const restart = current !== undefined && isBareSyn(s) && ended(current) && current.find(isBareSyn)?.tcp.seq !== s.tcp.seq;
    if (current === undefined || restart) {
      current = [];
      open.set(key, current);
      all.push(current);
    }
    current.push(s);
  }
  // An error belongs to the last connection on its 4-tuple that had begun by then.
  const errors = all.map((): IcmpError[] => []);
  for (const e of icmp) {
    const key = tupleKey(e.quoted);
    const k = all.findLastIndex((segs) => tupleKey(segs[0]!) === key && segs[0]!.timeNs <= e.timeNs);
    if (k >= 0) errors[k]!.push(e);
  }
  return all.map((segs, i) => {
    const first = segs.find(isBareSyn) ?? segs[0]!;
    return { index: i + 1, client: first.src, server: first.dst, segments: segs, icmp: errors[i]! };
  });
}

/** How the connection ended, as far as the capture shows. */
export function flowEnding(flow: Flow): string {
  const segs = flow.segments;
  const rst = segs.find((s) => has(s, TCP_FLAG_RST));
  const synAck = segs.some((s) => has(s, TCP_FLAG_SYN) && has(s, TCP_FLAG_ACK));
  if (rst !== undefined && !synAck && segs.some(isBareSyn)) return `refused (RST from ${formatEndpoint(rst.src)})`;
  if (rst !== undefined) return `reset by ${formatEndpoint(rst.src)}`;
  const fins = segs.filter((s) => has(s, TCP_FLAG_FIN));
  const first = fins[0];
  const error = flow.icmp[0];
  if (first === undefined && !synAck && error !== undefined) return `aborted by ${icmpToScript(error.icmp)} from ${error.from}`;
  if (first === undefined) return segs.some(isBareSyn) && !synAck ? 'no answer to the SYN' : 'open when the capture ends';
  const both = fins.some((s) => !sameEndpoint(s.src, first.src));
  return both ? `closed (first FIN from ${formatEndpoint(first.src)})` : `half-closed by ${formatEndpoint(first.src)}`;
}
