// The socket under test (script-language.md §1.4): which connection packet
// lines talk about, and how it changes with socket(), connect(), accept() and
// inbound segments on a listener. Pure bookkeeping: no kernel.

import type { RunConfig } from '../config.js';
import { Connection, learnRemoteIsn, wireAddress } from './connection.js';
import { ipBytes } from '../wire/address.js';

export type SocketType = 'tcp' | 'udp' | 'icmp' | 'other';

export interface TrackedSocket {
  readonly scriptFd: number;
  readonly type: SocketType;
  listening: boolean;
  /** The connection this socket talks on, once it connects or is accepted. */
  conn: Connection | undefined;
  /** The passive connection accept() returned this socket for, if it did. */
  readonly accepted?: Connection;
}

/** First remote port of passive connections; each new one takes the next. */
const FIRST_REMOTE_PORT = 40_000;

export class Sockets {
  /** What packet lines apply to: a socket, a passive child, or nothing yet. */
  private underTest: { kind: 'socket'; socket: TrackedSocket } | { kind: 'child'; conn: Connection } | undefined;
  /** Every connection of the run, for state queries, strict checks and teardown RSTs. */
  readonly connections: Connection[] = [];
  private readonly children: Connection[] = [];
  private readonly byFd = new Map<number, TrackedSocket>();
  private nextRemotePort = FIRST_REMOTE_PORT;

  constructor(private readonly cfg: RunConfig) {}

  /** A successful socket() makes the new socket the socket under test. */
  socketCreated(scriptFd: number, type: SocketType): void {
    const socket: TrackedSocket = { scriptFd, type, listening: false, conn: undefined };
    this.byFd.set(scriptFd, socket);
    this.underTest = { kind: 'socket', socket };
  }

  listening(scriptFd: number): void {
    const s = this.byFd.get(scriptFd);
    if (s) s.listening = true;
  }

  /**
   * connect() (or sendto/sendmsg with an address): the next outbound SYN teaches the
   * kernel's port and ISN. Only a fresh socket starts connecting, as in packetdrill's
   * run_syscall_connect: a second connect(), or a sendto() on a socket that is already
   * connecting (EALREADY), connected or listening, keeps the connection it has.
   */
  connecting(scriptFd: number): void {
    const s = this.byFd.get(scriptFd);
    if (!s || s.conn !== undefined || s.listening) return;
    const conn = new Connection({ addr: this.wire(this.cfg.localIp), port: 0 }, { addr: this.wire(this.cfg.remoteIp), port: this.cfg.connectPort });
    conn.setKernelIsn({ kind: 'awaiting', from: 'syn' });
    s.conn = conn;
    this.connections.push(conn);
    // An accepted socket under test, disconnected (AF_UNSPEC) and connecting again, stays
    // under test as the socket it is: packetdrill keeps its socket_under_test and only
    // resets that socket's state. Until this connect, its old connection's RST still matched.
    const u = this.underTest;
    if (u?.kind === 'child' && s.accepted === u.conn) this.underTest = { kind: 'socket', socket: s };
  }

  /** accept() binds the script fd to the newest child (§1.4); the socket under test does not change. */
  accepted(scriptFd: number): void {
    const conn = this.children.at(-1);
    this.byFd.set(scriptFd, { scriptFd, type: 'tcp', listening: false, conn, accepted: conn });
  }

  /** connect(fd, AF_UNSPEC, ...) made the socket fresh again (§1.4), even a listener (tcp_disconnect). */
  disconnected(scriptFd: number): void {
    const s = this.byFd.get(scriptFd);
    if (!s) return;
    s.conn = undefined;
    s.listening = false;
  }

  closed(scriptFd: number): void {
    this.byFd.delete(scriptFd);
  }

  /** The script fd that refers to the socket under test, if one is open. */
  currentScriptFd(): number | undefined {
    const u = this.underTest;
    if (u === undefined) return undefined;
    if (u.kind === 'socket') return this.byFd.has(u.socket.scriptFd) ? u.socket.scriptFd : undefined;
    for (const [fd, s] of this.byFd) if (s.conn === u.conn) return fd;
    return undefined;
  }

  /**
   * The connection an inbound TCP line goes to. With no socket under test, or a
   * listening one, any inbound segment opens a new passive child whose remote ISN
   * is the segment's sequence number.
   */
  forInbound(scriptSeq: number): Connection | undefined {
    const u = this.underTest;
    if (u === undefined || (u.kind === 'socket' && u.socket.listening)) return this.newChild(scriptSeq);
    return this.current();
  }

  /** The connection outbound lines and state assertions talk about, if any. */
  current(): Connection | undefined {
    const u = this.underTest;
    if (u === undefined) return undefined;
    return u.kind === 'child' ? u.conn : u.socket.conn;
  }

  /** The socket under test is listening and no connection exists yet. */
  listeningPort(): number | undefined {
    const u = this.underTest;
    return u?.kind === 'socket' && u.socket.listening && u.socket.conn === undefined ? this.cfg.bindPort : undefined;
  }

  private newChild(scriptSeq: number): Connection {
    const conn = new Connection(
      { addr: this.wire(this.cfg.localIp), port: this.cfg.bindPort },
      { addr: this.wire(this.cfg.remoteIp), port: this.nextRemotePort++ },
    );
    learnRemoteIsn(conn, scriptSeq);
    conn.setKernelIsn({ kind: 'awaiting', from: 'synAck' });
    this.children.push(conn);
    this.connections.push(conn);
    this.underTest = { kind: 'child', conn };
    return conn;
  }

  private wire(ip: string): Uint8Array {
    return wireAddress(ipBytes(ip));
  }
}
