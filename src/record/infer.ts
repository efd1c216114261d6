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

import { TCP_FLAG_ACK, TCP_FLAG_FIN, TCP_FLAG_PSH, TCP_FLAG_RST, TCP_FLAG_SYN } from '../linux/tcp.js';
import { ipPrefix, icmpToScript } from '../runner/script/to-script.js';
import { type Endpoint, sameEndpoint } from './endpoint.js';
import type { Flow } from './flows.js';
import { type IcmpError, abortsHandshake } from './icmp-errors.js';
import { type LocalSends, localSends } from './local-sends.js';
import { TsTable, renderSegment } from './segment-line.js';
import type { Segment } from './segments.js';
import { type SequenceSpaces, relative, sequenceSpaces } from './sequence-space.js';
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
  /** `timer`: a local packet a timer may have sent, written with a time window. */
  | { readonly kind: 'event'; readonly timeNs: bigint; readonly timer: boolean; readonly text: string; readonly note: string };

export interface Inferred {
  readonly role: Role;
  readonly items: readonly ScriptItem[];
  readonly ecrScaled: boolean;
}

const SYNCHRONIZED: ReadonlySet<TcpStateName> = new Set(['TCP_ESTABLISHED', 'TCP_FIN_WAIT1', 'TCP_FIN_WAIT2', 'TCP_CLOSE_WAIT', 'TCP_CLOSING', 'TCP_LAST_ACK', 'TCP_TIME_WAIT']);
const EOF_READ_SIZE = 1000;

const has = (s: Segment, flag: number): boolean => (s.tcp.flags & flag) !== 0;
/**
 * A bare ACK may come from the delayed-ACK timer however soon it follows what it
 * acknowledges: the ACK of a FIN in ESTABLISHED leaves on the next tick, anywhere from
 * 0.2 to 8 ms later (fixtures/README.md).
 */
const isPureAck = (s: Segment): boolean => (s.tcp.flags & ~TCP_FLAG_PSH) === TCP_FLAG_ACK && s.tcp.payload.length === 0;

export function roleOf(segments: readonly Segment[], fromLocal: (s: Segment) => boolean): Role {
  if (segments.some((s) => fromLocal(s) && has(s, TCP_FLAG_SYN) && !has(s, TCP_FLAG_ACK))) return 'active';
  if (segments.some((s) => fromLocal(s) && has(s, TCP_FLAG_SYN))) return 'passive';
  return 'none';
}

export function inferScript(flow: Flow, local: Endpoint, states: boolean, baseNs: bigint): Inferred {
  return new Walker(flow, local, states, baseNs).walk();
}

class Walker {
  private readonly role: Role;
  private readonly spaces: SequenceSpaces;
  private readonly local: LocalSends;
  /** The socket the connection's calls use: the accepted one, or the connecting one. */
  private readonly fd: number;
  private readonly items: ScriptItem[] = [];
  private readonly ts = new TsTable();
  private readonly state: LocalState;
  /** Remote data after this local data segment and before close()'s RST was never read. */
  private readonly lastLocalData: number;
  private asserted: TcpStateName | undefined;
  private hasEvents = false;
  private lastNs: bigint;
  private ecrScaled = false;
  private connected = false;
  private accepted: boolean;
  private closed: boolean;
  /** Relative seq: next remote byte expected, next local byte, just past the local FIN. */
  private rcvNxt: number | undefined;
  private localNext = 0;
  private localFinEnd: number | undefined;
  private unreadBytes = 0;
  private pendingAccept = false;
  private pendingRead = 0;
  private pendingEof = false;
  /** Index of the last segment the latest write() covers. */
  private writeCovers = -1;
  private readonly segs: readonly Segment[];
  private readonly fromLocal: (s: Segment) => boolean;

  constructor(
    private readonly flow: Flow,
    private readonly localEnd: Endpoint,
    private readonly states: boolean,
    private readonly baseNs: bigint,
  ) {
    const segs = flow.segments;
    const fromLocal = (s: Segment): boolean => sameEndpoint(s.src, localEnd);
    this.segs = segs;
    this.fromLocal = fromLocal;
    this.role = roleOf(segs, fromLocal);
    this.spaces = sequenceSpaces(segs, fromLocal);
    this.local = localSends(segs, fromLocal, this.spaces.localIsn, this.role !== 'none');
    this.fd = this.role === 'passive' ? 4 : 3;
    this.state = new LocalState(this.role === 'passive' ? 'TCP_LISTEN' : 'TCP_CLOSE');
    this.accepted = this.role !== 'passive';
    this.closed = this.role === 'none';
    this.lastNs = segs[0]!.timeNs;
    const closeRst = this.local.closeRst;
    this.lastLocalData = closeRst === undefined ? -1 : segs.slice(0, closeRst).findLastIndex((s) => fromLocal(s) && s.tcp.payload.length > 0);
  }

  walk(): Inferred {
    if (this.role === 'passive') this.preamble(this.segs[0]!.timeNs);
    if (this.role === 'none') this.comment('No SYN-ACK or SYN from the local side: nothing listens there, so the script sets up no socket.');
    if (this.role === 'passive' && !this.segs.some((s) => !this.fromLocal(s) && has(s, TCP_FLAG_SYN))) {
      this.comment('The capture has no SYN from the remote side (it started later): the replay has no inbound SYN to open the connection with.');
    }
    const errors = [...this.flow.icmp];
    this.segs.forEach((s, i) => {
      while (errors.length > 0 && errors[0]!.timeNs <= s.timeNs) this.icmpError(errors.shift()!);
      const mine = this.fromLocal(s);
      const { notes, called } = mine ? this.localSegment(s, i) : { notes: this.remoteSegment(s, i), called: false };
      for (const n of notes) this.comment(n);
      const line = renderSegment(s, mine, this.spaces, this.ts);
      for (const n of line.notes) this.comment(n);
      this.ecrScaled ||= line.needsEcrScaled;
      const note = `${this.at(s.timeNs)} #${s.frame}${mine ? ` win ${s.tcp.window}` : ''}`;
      this.event(`${mine ? '>' : '<'} ${line.text}`, s.timeNs, note, mine && !called && (s.timeNs - this.lastNs > RESPONSE_NS || isPureAck(s)));
    });
    for (const e of errors) this.icmpError(e);
    this.flush();
    return { role: this.role, items: this.items, ecrScaled: this.ecrScaled };
  }

  /** An error about a local segment, from the peer or a router, replayed from the remote address. */
  private icmpError(e: IcmpError): void {
    const what = icmpToScript(e.icmp);
    if (e.from === this.localEnd.addr || !sameEndpoint(e.quoted.src, this.localEnd)) {
      this.comment(`frame #${e.frame}: ${what} from ${e.from} about a segment of the remote side: not replayed`);
      return;
    }
    this.flush();
    const remote = this.segs.find((s) => !this.fromLocal(s))?.src.addr ?? e.quoted.dst.addr;
    if (e.from !== remote) this.comment(`sent by ${e.from}, a router on the path; the replay sends it from the remote address`);
    if (abortsHandshake(e.icmp) && (this.state.state === 'TCP_SYN_SENT' || this.state.state === 'TCP_SYN_RECV')) {
      this.comment('this error aborts the handshake: connect() fails, SO_ERROR says why');
      this.state.onHandshakeAbort();
    }
    const start = relative(e.quoted.seq, this.spaces.localIsn);
    const len = e.quoted.len;
    this.event(`< ${ipPrefix(e.ip)}${what} [${start}:${start + len}(${len})]`, e.timeNs, `${this.at(e.timeNs)} #${e.frame}`);
  }

  private at(ns: bigint): string {
    return ((ns - this.baseNs) / 1000n).toString().padStart(7, '0').replace(/(\d{6})$/, '.$1');
  }

  private comment(text: string): void {
    this.items.push({ kind: 'comment', text });
  }

  private event(text: string, timeNs: bigint, note: string, timer = false): void {
    this.items.push({ kind: 'event', timeNs, timer, text, note });
    this.hasEvents = true;
    this.lastNs = timeNs;
  }

  private call(text: string): void {
    this.event(text, this.lastNs, this.at(this.lastNs));
  }

  /** Writes what earlier segments caused: the state they led to, accept() and reads. */
  private flush(): void {
    if (this.states && this.state.state !== this.asserted && this.hasEvents) {
      this.call(`state ${this.state.state}`);
      this.asserted = this.state.state;
    }
    if (this.pendingAccept) this.call('accept(3, ..., ...) = 4');
    this.pendingAccept = false;
    if (!this.accepted) return; // data that came before the handshake completed waits for accept()
    if (!this.closed && this.pendingRead > 0) this.call(`read(${this.fd}, ..., ${this.pendingRead}) = ${this.pendingRead}`);
    if (!this.closed && this.pendingEof) this.call(`read(${this.fd}, ..., ${EOF_READ_SIZE}) = 0`);
    this.pendingRead = 0;
    this.pendingEof = false;
  }

  private preamble(timeNs: bigint): void {
    this.lastNs = timeNs;
    this.call('socket(..., SOCK_STREAM, IPPROTO_TCP) = 3');
    if (this.role === 'active') {
      this.call('fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0');
      this.call('connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)');
      return;
    }
    this.call('setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0');
    this.call('bind(3, ..., ...) = 0');
    this.call('listen(3, 128) = 0');
    this.flush();
  }

  /** The calls in front of a local segment, and what it says; `called` if a call was written. */
  private localSegment(s: Segment, i: number): { notes: string[]; called: boolean } {
    const send = this.local.sends[i]!;
    const syn = has(s, TCP_FLAG_SYN);
    const fin = has(s, TCP_FLAG_FIN);
    const closeRst = i === this.local.closeRst;
    if (this.role === 'active' && syn && !has(s, TCP_FLAG_ACK) && !this.connected) {
      this.flush();
      this.preamble(s.timeNs);
      this.connected = true;
    }
    const write = send.newBytes > 0 && i > this.writeCovers && !this.closed;
    const close = (send.newFin || closeRst) && !this.closed;
    if (write || close || s.timeNs - this.lastNs > ANSWER_NS) this.flush();
    const notes: string[] = [];
    const called = write || close;
    if (send.missed !== undefined) notes.push(`the capture missed local bytes ${send.missed.from}:${send.missed.to} sent before this segment`);
    if (send.retransmission) notes.push(syn ? 'retransmitted SYN' : `retransmission${fin && s.tcp.payload.length === 0 ? ' of the FIN' : ''} (the replay's kernel sends it at its own pace)`);
    if (called) this.lastNs = s.timeNs;
    if (write) this.write(i);
    if (close) this.close(closeRst);
    else if (has(s, TCP_FLAG_RST)) notes.push('RST answering the previous segment (no close() inferred)');
    const end = relative(s.tcp.seq, this.spaces.localIsn) + (syn ? 1 : 0) + s.tcp.payload.length + (fin ? 1 : 0);
    this.localNext = Math.max(this.localNext, end);
    if (send.newFin) this.localFinEnd = end;
    this.state.onLocal({ syn, ack: has(s, TCP_FLAG_ACK), fin, rst: has(s, TCP_FLAG_RST), acksOurFin: false, acksOurSyn: false, finInOrder: send.newFin }, closeRst);
    return { notes, called };
  }

  /** One write() for the burst of local segments that starts at `i`. */
  private write(i: number): void {
    let total = 0;
    for (let j = i; j < this.segs.length && this.fromLocal(this.segs[j]!); j++) {
      total += this.local.sends[j]?.newBytes ?? 0;
      this.writeCovers = j;
    }
    this.call(`write(${this.fd}, ..., ${total}) = ${total}`);
  }

  private close(byRst: boolean): void {
    if (byRst && this.unreadBytes === 0) {
      this.comment('close() sent RST with no data left unread: SO_LINGER with a zero timeout is assumed.');
      this.call(`setsockopt(${this.fd}, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0`);
    }
    this.call(`close(${this.fd}) = 0`);
    this.closed = true;
  }

  /** What a remote segment changes (state, reads, accept) and what it says. */
  private remoteSegment(s: Segment, i: number): string[] {
    this.flush();
    const notes: string[] = [];
    const t = s.tcp;
    const syn = has(s, TCP_FLAG_SYN);
    const fin = has(s, TCP_FLAG_FIN);
    const acks = has(s, TCP_FLAG_ACK);
    const rs = relative(t.seq, this.spaces.remoteIsn);
    const relAck = relative(t.ack, this.spaces.localIsn);
    const len = t.payload.length;
    const rcvNxt = this.rcvNxt;
    const finInOrder = fin && rcvNxt !== undefined && rs <= rcvNxt && rs + len >= rcvNxt;
    const before = this.state.state;
    this.state.onRemote({
      syn, ack: acks, fin, rst: has(s, TCP_FLAG_RST),
      // RFC 9293 §3.10.7.3: an acceptable ACK lies in (SND.UNA, SND.NXT].
      acksOurSyn: acks && this.spaces.localIsn !== undefined && relAck >= 1 && relAck <= this.localNext,
      acksOurFin: acks && this.localFinEnd !== undefined && relAck >= this.localFinEnd,
      finInOrder,
    });
    if (syn) {
      if (rs === 0) this.rcvNxt = 1;
      else notes.push(`a SYN with another ISN (${rs} from the one acknowledged): an old duplicate?`);
      if (len > 0) notes.push(`the SYN carries ${len} bytes: without Fast Open they are not delivered`);
    } else if (has(s, TCP_FLAG_RST)) {
      if (SYNCHRONIZED.has(before)) notes.push("connection reset: the application's next call fails with ECONNRESET");
    } else if (!acks && SYNCHRONIZED.has(before)) {
      notes.push('no ACK flag: a synchronized connection drops this segment (RFC 9293 §3.10.7.4)');
    } else if (rcvNxt !== undefined && (len > 0 || fin)) {
      if (rs > rcvNxt) notes.push(`the capture missed remote bytes ${rcvNxt}:${rs}: nothing after them is read`);
      else if (rs + len + (fin ? 1 : 0) <= rcvNxt) notes.push(`retransmission of ${rs}:${rs + len}${fin ? ' and the FIN' : ''}`);
      else if (SYNCHRONIZED.has(this.state.state)) this.deliver(rs + len - rcvNxt, finInOrder, i, notes);
      if (rs <= rcvNxt && SYNCHRONIZED.has(this.state.state)) this.rcvNxt = Math.max(rcvNxt, rs + len + (fin ? 1 : 0));
    }
    if (this.role === 'passive' && !this.accepted && SYNCHRONIZED.has(this.state.state)) {
      this.accepted = true;
      this.pendingAccept = true;
    }
    return notes;
  }

  /** New in-order remote bytes: read, unless close() later shows they were left unread. */
  private deliver(fresh: number, eof: boolean, i: number, notes: string[]): void {
    const closeRst = this.local.closeRst;
    if (fresh > 0 && closeRst !== undefined && i > this.lastLocalData && i < closeRst) {
      if (this.unreadBytes === 0) notes.push('never read: close() later sends RST instead of FIN, which Linux does when data is left unread (RFC 2525 §2.17)');
      this.unreadBytes += fresh;
    } else if (fresh > 0 && this.closed) {
      notes.push('arrives after close(): no read() can take it (Linux answers data for a closed socket with RST)');
    } else if (fresh > 0) this.pendingRead += fresh;
    if (eof) this.pendingEof = true;
  }
}
