// The local side's TCP state as the packets imply it (RFC 9293 §3.3.2, with Linux's
// choices), for `--states`. Read this first: only packets drive it, so timer-driven
// transitions (TIME_WAIT or FIN_WAIT2 expiring, a request dropped after its SYN-ACK
// retries) are not seen until a packet shows them, e.g. a RST answering a late
// segment. Each arm of `onLocal`/`onRemote` is one rule of the RFC's diagram.

import type { TCP_STATES } from '../linux/tcp.js';

export type TcpStateName = Exclude<keyof typeof TCP_STATES, 'TCP_NEW_SYN_RECV'>;

/** What the walker knows about one segment, in relative numbers. */
export interface SegmentFacts {
  readonly syn: boolean;
  readonly ack: boolean;
  readonly fin: boolean;
  readonly rst: boolean;
  /** The segment acknowledges our FIN (ack beyond it). */
  readonly acksOurFin: boolean;
  /** The segment acknowledges our SYN. */
  readonly acksOurSyn: boolean;
  /** The FIN is new and in order, so the receiver processes it. */
  readonly finInOrder: boolean;
}

export class LocalState {
  constructor(public state: TcpStateName) {}

  /** A segment the local side sent; `closing` says a RST came from close(). */
  onLocal(f: SegmentFacts, closing: boolean): void {
    const s = this.state;
    if (f.rst) {
      // A RST from close() ends the connection; a RST answering a bad segment ends
      // it only if there was nothing left to answer for (Linux keeps SYN_SENT after
      // resetting an old duplicate SYN-ACK, RFC 9293 §3.10.7.3).
      if (closing || (s !== 'TCP_SYN_SENT' && s !== 'TCP_SYN_RECV' && s !== 'TCP_LISTEN')) this.state = 'TCP_CLOSE';
      return;
    }
    if (f.syn && !f.ack && s === 'TCP_CLOSE') this.state = 'TCP_SYN_SENT';
    else if (f.syn && f.ack && (s === 'TCP_LISTEN' || s === 'TCP_SYN_SENT')) this.state = 'TCP_SYN_RECV';
    if (f.fin && f.finInOrder) {
      if (this.state === 'TCP_ESTABLISHED' || this.state === 'TCP_SYN_RECV') this.state = 'TCP_FIN_WAIT1';
      else if (this.state === 'TCP_CLOSE_WAIT') this.state = 'TCP_LAST_ACK';
    }
  }

  /** A segment the remote side sent. */
  onRemote(f: SegmentFacts): void {
    const s = this.state;
    if (f.rst) {
      if (s !== 'TCP_LISTEN' && s !== 'TCP_CLOSE' && s !== 'TCP_TIME_WAIT') this.state = 'TCP_CLOSE';
      return;
    }
    // RFC 9293 §3.10.7.4: a synchronized connection drops segments without ACK.
    if (!f.ack) return;
    if (s === 'TCP_SYN_SENT' && f.syn && f.acksOurSyn) this.state = 'TCP_ESTABLISHED';
    else if (s === 'TCP_SYN_RECV' && f.acksOurSyn) this.state = 'TCP_ESTABLISHED';
    else if (s === 'TCP_FIN_WAIT1' && f.acksOurFin) this.state = 'TCP_FIN_WAIT2';
    else if (s === 'TCP_CLOSING' && f.acksOurFin) this.state = 'TCP_TIME_WAIT';
    else if (s === 'TCP_LAST_ACK' && f.acksOurFin) this.state = 'TCP_CLOSE';
    if (!f.fin || !f.finInOrder) return;
    switch (this.state) {
      case 'TCP_ESTABLISHED': this.state = 'TCP_CLOSE_WAIT'; break;
      case 'TCP_FIN_WAIT1': this.state = 'TCP_CLOSING'; break;
      case 'TCP_FIN_WAIT2': this.state = 'TCP_TIME_WAIT'; break;
      default: break;
    }
  }

  /** An ICMP error that aborts a handshake (icmp-errors.ts abortsHandshake). */
  onHandshakeAbort(): void {
    if (this.state === 'TCP_SYN_SENT' || this.state === 'TCP_SYN_RECV') this.state = 'TCP_CLOSE';
  }
}
