// What each segment of the local side adds to its byte stream, decided before the walk
// so that a write() can be sized for its whole burst and a RST from close() can be
// told from a RST answering a bad segment.

import { TCP_FLAG_ACK, TCP_FLAG_FIN, TCP_FLAG_RST, TCP_FLAG_SYN } from '../linux/tcp.js';
import { relative } from './sequence-space.js';
import type { Seq } from '../runner/wire/seq.js';
import type { Segment } from './segments.js';
import { isBareSyn } from './flows.js';

export interface LocalSend {
  /** Payload bytes never sent before, plus bytes the capture missed in front of them. */
  readonly newBytes: number;
  /** Bytes between the last byte seen and this segment's first: segments the capture missed. */
  readonly missed: { readonly from: number; readonly to: number } | undefined;
  /** Everything it carries was sent before. */
  readonly retransmission: boolean;
  /** Its FIN is the first one. */
  readonly newFin: boolean;
}

export interface LocalSends {
  /** Indexed like the flow's segments; undefined for the remote side's. */
  readonly sends: readonly (LocalSend | undefined)[];
  /** Index of the RST that close() sent (SO_LINGER 0 or unread data), if any. */
  readonly closeRst: number | undefined;
}

const has = (s: Segment, flag: number): boolean => (s.tcp.flags & flag) !== 0;

export function localSends(segments: readonly Segment[], fromLocal: (s: Segment) => boolean, localIsn: Seq | undefined, hasSocket: boolean): LocalSends {
  const sends: (LocalSend | undefined)[] = [];
  let next: number | undefined;
  let finSent = false;
  let closeRst: number | undefined;
  segments.forEach((s, i) => {
    if (!fromLocal(s)) {
      sends.push(undefined);
      return;
    }
    const syn = has(s, TCP_FLAG_SYN) ? 1 : 0;
    const fin = has(s, TCP_FLAG_FIN) ? 1 : 0;
    const dataStart = relative(s.tcp.seq, localIsn) + syn;
    const len = syn === 1 ? 0 : s.tcp.payload.length; // data on a SYN is Fast Open: not reproduced
    const end = dataStart + len + fin;
    const known = next ?? dataStart;
    const missed = dataStart > known ? { from: known, to: dataStart } : undefined;
    const newBytes = len === 0 ? 0 : Math.max(0, dataStart + len - known);
    const consumes = syn + len + fin > 0;
    const retransmission = consumes && next !== undefined && end <= next;
    const newFin = fin === 1 && !finSent && (next === undefined || end > next);
    if (newFin) finSent = true;
    // A RST with ACK from an open socket that is not the answer to a bare SYN is close()'s
    // (tcp_send_active_reset); RSTs answering bad segments carry no ACK when the segment had one.
    const prev = segments[i - 1];
    if (has(s, TCP_FLAG_RST) && has(s, TCP_FLAG_ACK) && hasSocket && !finSent && closeRst === undefined && !(prev !== undefined && !fromLocal(prev) && isBareSyn(prev))) {
      closeRst = i;
    }
    next = Math.max(next ?? end, end);
    sends.push({ newBytes: newBytes + (missed && len > 0 ? missed.to - missed.from : 0), missed, retransmission, newFin });
  });
  return { sends, closeRst };
}
