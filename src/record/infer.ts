// The walk from a flow's segments to script items: packet lines, the system calls the
// local application must have made, state assertions, and a comment wherever the
// capture leaves something open. Read this first:
//   * local segments become `>` lines, remote ones `<` lines (segment-line.ts);
//   * a passive side gets socket/setsockopt/bind/listen before the first segment and
//     accept() once the handshake completes; an active side a non-blocking connect()
//     just before its SYN (fixtures/handshake/*.pkt idioms);
//   * write() goes just before the first segment of each burst of new local data, sized
//     for the burst; close() just before the first local FIN, or before a RST that
//     close() sent; read() after each in-order chunk of remote data, and a read() of 0
//     after the remote FIN while the socket is open;
//   * calls and state assertions a remote segment causes wait until the local side's
//     answers (within ANSWER_NS) are written, as the fixtures order them.

import { TCP_FLAG_ACK, TCP_FLAG_FIN, TCP_FLAG_RST, TCP_FLAG_SYN } from '../linux/tcp.js';
import { type Endpoint, sameEndpoint } from './endpoint.js';
import type { Flow } from './flows.js';
import { localSends } from './local-sends.js';
import { TsTable, renderSegment } from './segment-line.js';
import type { Segment } from './segments.js';
import { relative, sequenceSpaces } from './sequence-space.js';
import { LocalState, type TcpStateName } from './tcp-state.js';

/** A local packet this soon after the previous event answers it; later ones come from a timer. */
export const RESPONSE_NS = 1_000_000n;
/**
 * Calls and assertions a remote segment causes are written after local packets sent
 * this soon after it, timer-driven or not: the ACK of a FIN leaves from the
 * delayed-ACK timer within two ticks (fixtures/README.md), and a call written before
 * it would make its time relative to the call, which may take longer than that.
 */
const ANSWER_NS = 10_000_000n;

export type Role = 'passive' | 'active' | 'none';

export type ScriptItem =
  | { readonly kind: 'comment'; readonly text: string }
  /** `timer`: a local packet sent by a timer, written with a time window. */
  | { readonly kind: 'event'; readonly timeNs: bigint; readonly timer: boolean; readonly text: string; readonly note: string };

export interface Inferred {
  readonly role: Role;
  readonly items: readonly ScriptItem[];
  readonly ecrScaled: boolean;
}

const SYNCHRONIZED: ReadonlySet<TcpStateName> = new Set(['TCP_ESTABLISHED', 'TCP_FIN_WAIT1', 'TCP_FIN_WAIT2', 'TCP_CLOSE_WAIT', 'TCP_CLOSING', 'TCP_LAST_ACK', 'TCP_TIME_WAIT']);
const EOF_READ_SIZE = 1000;

const has = (s: Segment, flag: number): boolean => (s.tcp.flags & flag) !== 0;

export function roleOf(segments: readonly Segment[], fromLocal: (s: Segment) => boolean): Role {
  if (segments.some((s) => fromLocal(s) && has(s, TCP_FLAG_SYN) && !has(s, TCP_FLAG_ACK))) return 'active';
  if (segments.some((s) => fromLocal(s) && has(s, TCP_FLAG_SYN))) return 'passive';
  return 'none';
}

export function inferScript(flow: Flow, local: Endpoint, states: boolean, baseNs: bigint): Inferred {
  const segs = flow.segments;
  const fromLocal = (s: Segment): boolean => sameEndpoint(s.src, local);
  const role = roleOf(segs, fromLocal);
  const spaces = sequenceSpaces(segs, fromLocal);
  const { sends, closeRst } = localSends(segs, fromLocal, spaces.localIsn, role !== 'none');
  const fd = role === 'passive' ? 4 : 3;
  const items: ScriptItem[] = [];
  const ts = new TsTable();
  const state = new LocalState(role === 'passive' ? 'TCP_LISTEN' : 'TCP_CLOSE');
  let asserted: TcpStateName | undefined;
  let lastNs = segs[0]!.timeNs;
  let ecrScaled = false;
  let accepted = role !== 'passive';
  let closed = role === 'none';
  let rcvNxt: number | undefined;
  let unreadBytes = 0;
  let pendingAccept = false;
  let pendingRead = 0;
  let pendingEof = false;
  let writeCovers = -1;
  let connected = false;
  const lastLocalData = closeRst === undefined ? -1 : segs.slice(0, closeRst).findLastIndex((s) => fromLocal(s) && s.tcp.payload.length > 0);

  const at = (ns: bigint): string => ((ns - baseNs) / 1000n).toString().padStart(7, '0').replace(/(\d{6})$/, '.$1');
  const comment = (text: string): void => void items.push({ kind: 'comment', text });
  const event = (text: string, timeNs: bigint, note: string, timer = false): void => {
    items.push({ kind: 'event', timeNs, timer, text, note });
    lastNs = timeNs;
  };
  const call = (text: string): void => event(text, lastNs, at(lastNs));
  const flush = (): void => {
    if (states && state.state !== asserted && items.some((it) => it.kind === 'event')) {
      call(`state ${state.state}`);
      asserted = state.state;
    }
    if (pendingAccept) call('accept(3, ..., ...) = 4');
    pendingAccept = false;
    if (accepted && !closed && pendingRead > 0) call(`read(${fd}, ..., ${pendingRead}) = ${pendingRead}`);
    if (accepted) pendingRead = 0;
    if (accepted && !closed && pendingEof) call(`read(${fd}, ..., ${EOF_READ_SIZE}) = 0`);
    if (accepted) pendingEof = false;
  };
  const preamble = (timeNs: bigint): void => {
    lastNs = timeNs;
    call('socket(..., SOCK_STREAM, IPPROTO_TCP) = 3');
    if (role === 'passive') {
      call('setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0');
      call('bind(3, ..., ...) = 0');
      call('listen(3, 128) = 0');
    } else {
      call('fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0');
      call('connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)');
      return;
    }
    flush();
  };

  if (role === 'passive') preamble(segs[0]!.timeNs);
  if (role === 'none') comment('No SYN-ACK or SYN from the local side: nothing listens there, so the script sets up no socket.');
  segs.forEach((s, i) => {
    const mine = fromLocal(s);
    const send = sends[i];
    const notes: string[] = [];
    const t = s.tcp;
    const syn = has(s, TCP_FLAG_SYN);
    if (mine && role === 'active' && syn && !has(s, TCP_FLAG_ACK) && !connected) {
      flush();
      preamble(s.timeNs);
      connected = true;
    }
    const needsCall = mine && send !== undefined && ((send.newBytes > 0 && i > writeCovers) || send.newFin || i === closeRst);
    const answer = mine && !needsCall && s.timeNs - lastNs <= ANSWER_NS;
    if (!answer) flush();

    if (mine && send !== undefined) {
      if (send.missed !== undefined) notes.push(`the capture missed local bytes ${send.missed.from}:${send.missed.to} sent before this segment`);
      if (send.retransmission) notes.push(syn ? 'retransmitted SYN' : `retransmission${has(s, TCP_FLAG_FIN) && t.payload.length === 0 ? ' of the FIN' : ''} (the replay's kernel sends it at its own pace)`);
      if (send.newBytes > 0 && i > writeCovers && !closed) {
        let total = 0;
        for (let j = i; j < segs.length && fromLocal(segs[j]!); j++) {
          total += sends[j]?.newBytes ?? 0;
          writeCovers = j;
        }
        lastNs = s.timeNs;
        call(`write(${fd}, ..., ${total}) = ${total}`);
      }
      if ((send.newFin || i === closeRst) && !closed) {
        lastNs = s.timeNs;
        if (i === closeRst && unreadBytes === 0) {
          comment('close() sent RST with no data left unread: SO_LINGER with a zero timeout is assumed.');
          call(`setsockopt(${fd}, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0`);
        }
        call(`close(${fd}) = 0`);
        closed = true;
      } else if (has(s, TCP_FLAG_RST)) {
        notes.push('RST answering the previous segment (no close() inferred)');
      }
    }

    const relAck = relative(t.ack, mine ? spaces.remoteIsn : spaces.localIsn);
    const rs = relative(t.seq, mine ? spaces.localIsn : spaces.remoteIsn);
    const len = t.payload.length;
    const fin = has(s, TCP_FLAG_FIN);
    if (mine) {
      state.onLocal({ syn, ack: has(s, TCP_FLAG_ACK), fin, rst: has(s, TCP_FLAG_RST), acksOurFin: false, acksOurSyn: false, finInOrder: send?.newFin ?? false }, i === closeRst);
    } else {
      const localFinEnd = finEndOf(segs, fromLocal, spaces.localIsn, i);
      const localNext = localNextBefore(segs, fromLocal, spaces.localIsn, i);
      const acks = has(s, TCP_FLAG_ACK);
      const finInOrder = fin && rcvNxt !== undefined && rs <= rcvNxt && rs + len >= rcvNxt;
      const before = state.state;
      state.onRemote({
        syn, ack: acks, fin, rst: has(s, TCP_FLAG_RST),
        acksOurSyn: acks && spaces.localIsn !== undefined && relAck >= 1 && relAck <= localNext,
        acksOurFin: acks && localFinEnd !== undefined && relAck >= localFinEnd,
        finInOrder,
      });
      if (syn) {
        if (rs === 0) rcvNxt = 1;
        else notes.push(`a SYN with another ISN (${rs} from the one acknowledged): an old duplicate?`);
        if (len > 0) notes.push(`the SYN carries ${len} bytes: without Fast Open they are not delivered`);
      } else if (has(s, TCP_FLAG_RST)) {
        if (SYNCHRONIZED.has(before)) notes.push("connection reset: the application's next call fails with ECONNRESET");
      } else if (!acks && SYNCHRONIZED.has(before)) {
        notes.push('no ACK flag: a synchronized connection drops this segment (RFC 9293 §3.10.7.4)');
      } else if (rcvNxt !== undefined && (len > 0 || fin)) {
        if (rs > rcvNxt) notes.push(`the capture missed remote bytes ${rcvNxt}:${rs}: nothing after them is read`);
        else if (rs + len + (fin ? 1 : 0) <= rcvNxt) notes.push(`retransmission of ${rs}:${rs + len}${fin ? ' and the FIN' : ''}`);
        else if (SYNCHRONIZED.has(state.state)) {
          const fresh = rs + len - rcvNxt;
          if (fresh > 0) {
            if (closeRst !== undefined && i > lastLocalData && i < closeRst) {
              if (unreadBytes === 0) notes.push('never read: close() later sends RST instead of FIN, which Linux does when data is left unread (RFC 2525 §2.17)');
              unreadBytes += fresh;
            } else pendingRead += fresh;
          }
          if (finInOrder) pendingEof = true;
          rcvNxt = rs + len + (fin ? 1 : 0);
        }
      }
      if (role === 'passive' && !accepted && SYNCHRONIZED.has(state.state)) {
        accepted = true;
        pendingAccept = true;
      }
    }

    for (const n of notes) comment(n);
    const line = renderSegment(s, mine, spaces, ts);
    for (const n of line.notes) comment(n);
    ecrScaled ||= line.needsEcrScaled;
    const timer = mine && !needsCall && s.timeNs - lastNs > RESPONSE_NS;
    event(`${mine ? '>' : '<'} ${line.text}`, s.timeNs, `${at(s.timeNs)} #${s.frame}${mine ? ` win ${t.window}` : ''}`, timer);
  });
  flush();
  return { role, items, ecrScaled };
}

/** The relative seq just past the local FIN sent before segment `until`, if any. */
function finEndOf(segs: readonly Segment[], fromLocal: (s: Segment) => boolean, isn: Segment['tcp']['seq'] | undefined, until: number): number | undefined {
  const fin = segs.slice(0, until).find((s) => fromLocal(s) && has(s, TCP_FLAG_FIN));
  return fin === undefined ? undefined : relative(fin.tcp.seq, isn) + fin.tcp.payload.length + 1;
}

/** The relative seq just past everything the local side sent before segment `until`. */
function localNextBefore(segs: readonly Segment[], fromLocal: (s: Segment) => boolean, isn: Segment['tcp']['seq'] | undefined, until: number): number {
  let next = 0;
  for (const s of segs.slice(0, until)) {
    if (!fromLocal(s)) continue;
    const end = relative(s.tcp.seq, isn) + (has(s, TCP_FLAG_SYN) ? 1 : 0) + s.tcp.payload.length + (has(s, TCP_FLAG_FIN) ? 1 : 0);
    next = Math.max(next, end);
  }
  return next;
}
