// The kernel's TCP socket table through netlink sock_diag, as `ss -tan` reads it
// (architecture.md, "State assertions" and "The socket table").
//
// Read this first: state assertions must work after close(), when only the kernel
// knows the orphaned socket (FIN_WAIT1, LAST_ACK, TIME_WAIT...), so getsockopt cannot
// be used. One dump request (SOCK_DIAG_BY_FAMILY, inet_diag_req_v2, NLM_F_DUMP) per
// address family returns every TCP socket in this namespace, request sockets
// (TCP_NEW_SYN_RECV) and time-wait sockets included. A dump walks every bucket of the
// kernel's connection hash, ~1 ms a family here: a state assertion that knows its
// 4-tuple asks for that one socket instead (lookupSocket), as the kernel would
// find it for an arriving segment, in microseconds. IPv4-mapped-IPv6 sockets are
// AF_INET6 with ::ffff:a.b.c.d addresses; addresses are normalised so that a query
// finds a socket whichever family it lives in.
import { constants as osConstants } from 'node:os';
import { EnvError } from '../errors.js';
import { formatAddress, ipBytes, normaliseIp } from '../wire/address.js';
import type { Libc } from './libc.js';
import { TCP_STATES } from '../../linux/tcp.js';
import { IPPROTO_TCP } from '../../linux/net.js';
import {
  AF_INET,
  AF_INET6,
  AF_NETLINK,
  INET_DIAG_MSG_ID_OFFSET,
  INET_DIAG_MSG_INODE_OFFSET,
  INET_DIAG_MSG_LEN,
  INET_DIAG_NOCOOKIE,
  INET_DIAG_REQ_ID_OFFSET,
  INET_DIAG_REQ_V2_LEN,
  INET_DIAG_SOCKID_COOKIE_OFFSET,
  INET_DIAG_SOCKID_DST_OFFSET,
  INET_DIAG_SOCKID_SRC_OFFSET,
  NETLINK_SOCK_DIAG,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLM_F_DUMP,
  NLM_F_REQUEST,
  SOCK_CLOEXEC,
  SOCK_DIAG_BY_FAMILY,
  SOCK_RAW,
} from '../../linux/kernel.js';

export interface DiagSocket {
  readonly family: 4 | 6;
  /** tcp_states.h value; TCP_NEW_SYN_RECV already mapped to TCP_SYN_RECV. */
  readonly state: number;
  /** Normalised: dotted quad for IPv4 and IPv4-mapped, canonical text for IPv6. */
  readonly localIp: string;
  readonly localPort: number;
  readonly remoteIp: string;
  readonly remotePort: number;
  /** 0 when no file refers to the socket any more (orphan, request or time-wait). */
  readonly inode: number;
}

export interface Tuple {
  readonly localIp: string;
  readonly localPort: number;
  readonly remoteIp: string;
  readonly remotePort: number;
}

/** Every state bit 1..12 (TCP_ESTABLISHED..TCP_NEW_SYN_RECV), include/net/tcp_states.h. */
const ALL_STATES = 0x1ffe;
const RECV_BUFFER_LEN = 64 * 1024;

/** Dumps the TCP sockets of one address family in the current namespace. */
export function querySockets(libc: Libc, family: 4 | 6): DiagSocket[] | EnvError {
  const sock = libc.call('socket', AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (sock.ret < 0) return EnvError.fromErrno('socket(NETLINK_SOCK_DIAG)', sock.errno, 'the kernel lacks sock_diag');
  try {
    const req = dumpRequest(family === 4 ? AF_INET : AF_INET6);
    const sent = libc.call('send', sock.ret, req, req.length, 0);
    if (sent.ret < 0) return EnvError.fromErrno('send(sock_diag)', sent.errno, 'the kernel lacks inet_diag');
    return receiveDump(libc, sock.ret);
  } finally {
    libc.call('close', sock.ret);
  }
}

/** Both families: what a state assertion needs in any IP mode. */
export function queryAllSockets(libc: Libc): DiagSocket[] | EnvError {
  const v4 = querySockets(libc, 4);
  if (v4 instanceof EnvError) return v4;
  const v6 = querySockets(libc, 6);
  return v6 instanceof EnvError ? v6 : [...v4, ...v6];
}

/** nlmsghdr + inet_diag_req_v2 asking for every TCP socket of `af`. */
function dumpRequest(af: number): Uint8Array {
  return diagRequest(af, NLM_F_REQUEST | NLM_F_DUMP);
}

function diagRequest(af: number, flags: number): Uint8Array {
  const len = NLMSG_HDRLEN + INET_DIAG_REQ_V2_LEN;
  const buf = new Uint8Array(len);
  const dv = new DataView(buf.buffer);
  dv.setUint32(0, len, true);
  dv.setUint16(4, SOCK_DIAG_BY_FAMILY, true);
  dv.setUint16(6, flags, true);
  dv.setUint32(8, 1, true); // nlmsg_seq
  buf[NLMSG_HDRLEN] = af; // sdiag_family
  buf[NLMSG_HDRLEN + 1] = IPPROTO_TCP; // sdiag_protocol
  dv.setUint32(NLMSG_HDRLEN + 4, ALL_STATES, true); // idiag_states
  return buf;
}

/**
 * The socket a segment from `tuple`'s remote end to its local end would reach:
 * a connection (request and time-wait sockets included) or, with the remote
 * end all zeros, the listener on the local port. `family` is the wire's:
 * IPv4-mapped sockets are found through their IPv4 tuple. undefined: none.
 */
export function lookupSocket(libc: Libc, family: 4 | 6, tuple: Tuple): DiagSocket | undefined | EnvError {
  const req = diagRequest(family === 4 ? AF_INET : AF_INET6, NLM_F_REQUEST);
  const id = NLMSG_HDRLEN + INET_DIAG_REQ_ID_OFFSET;
  const dv = new DataView(req.buffer);
  dv.setUint16(id, tuple.localPort, false); // idiag_sport, network order
  dv.setUint16(id + 2, tuple.remotePort, false);
  req.set(ipBytes(tuple.localIp), id + INET_DIAG_SOCKID_SRC_OFFSET);
  req.set(ipBytes(tuple.remoteIp), id + INET_DIAG_SOCKID_DST_OFFSET);
  dv.setUint32(id + INET_DIAG_SOCKID_COOKIE_OFFSET, INET_DIAG_NOCOOKIE, true);
  dv.setUint32(id + INET_DIAG_SOCKID_COOKIE_OFFSET + 4, INET_DIAG_NOCOOKIE, true);
  const sock = libc.call('socket', AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (sock.ret < 0) return EnvError.fromErrno('socket(NETLINK_SOCK_DIAG)', sock.errno, 'the kernel lacks sock_diag');
  try {
    const sent = libc.call('send', sock.ret, req, req.length, 0);
    if (sent.ret < 0) return EnvError.fromErrno('send(sock_diag)', sent.errno, 'the kernel lacks inet_diag');
    const buf = new Uint8Array(NLMSG_HDRLEN + INET_DIAG_MSG_LEN + 1024);
    const got = libc.call('recv', sock.ret, buf, buf.length, 0);
    if (got.ret < NLMSG_HDRLEN) return EnvError.fromErrno('recv(sock_diag)', got.errno, 'retry');
    const reply = new DataView(buf.buffer);
    const type = reply.getUint16(4, true);
    if (type === SOCK_DIAG_BY_FAMILY) return parseDiagMsg(buf.subarray(NLMSG_HDRLEN, reply.getUint32(0, true)));
    const error = type === NLMSG_ERROR ? -reply.getInt32(NLMSG_HDRLEN, true) : 0;
    if (error === osConstants.errno.ENOENT) return undefined;
    return EnvError.fromErrno('sock_diag lookup', error, 'the kernel lacks inet_diag');
  } finally {
    libc.call('close', sock.ret);
  }
}

function receiveDump(libc: Libc, fd: number): DiagSocket[] | EnvError {
  const buf = new Uint8Array(RECV_BUFFER_LEN);
  const dv = new DataView(buf.buffer);
  const out: DiagSocket[] = [];
  for (;;) {
    // The kernel fills the next batch during recv, so a blocking recv returns at once.
    const { ret, errno } = libc.call('recv', fd, buf, buf.length, 0);
    if (ret < 0) {
      if (errno === osConstants.errno.EINTR) continue;
      return EnvError.fromErrno('recv(sock_diag)', errno, 'retry; the socket table changed too fast');
    }
    for (let off = 0; off + NLMSG_HDRLEN <= ret; ) {
      const len = dv.getUint32(off, true);
      const type = dv.getUint16(off + 4, true);
      if (type === NLMSG_DONE) return out;
      if (type === NLMSG_ERROR) {
        return EnvError.fromErrno('sock_diag dump', -dv.getInt32(off + NLMSG_HDRLEN, true), 'the kernel lacks inet_diag');
      }
      if (type === SOCK_DIAG_BY_FAMILY && len >= NLMSG_HDRLEN + INET_DIAG_MSG_LEN) {
        out.push(parseDiagMsg(buf.subarray(off + NLMSG_HDRLEN, off + len)));
      }
      if (len < NLMSG_HDRLEN) break;
      off += (len + 3) & ~3; // NLMSG_ALIGN
    }
    if (ret === 0) return out;
  }
}

/** One struct inet_diag_msg (include/uapi/linux/inet_diag.h). */
export function parseDiagMsg(msg: Uint8Array): DiagSocket {
  const dv = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  const af = msg[0]!;
  const raw = msg[1]!;
  const id = INET_DIAG_MSG_ID_OFFSET;
  const addrLen = af === AF_INET ? 4 : 16;
  const src = msg.subarray(id + INET_DIAG_SOCKID_SRC_OFFSET, id + INET_DIAG_SOCKID_SRC_OFFSET + addrLen);
  const dst = msg.subarray(id + INET_DIAG_SOCKID_DST_OFFSET, id + INET_DIAG_SOCKID_DST_OFFSET + addrLen);
  return {
    family: af === AF_INET ? 4 : 6,
    // A request socket is a connection in SYN_RECV (architecture.md, state assertions).
    state: raw === TCP_STATES.TCP_NEW_SYN_RECV ? TCP_STATES.TCP_SYN_RECV : raw,
    localIp: formatAddress(src),
    localPort: dv.getUint16(id, false), // idiag_sport, network order
    remoteIp: formatAddress(dst),
    remotePort: dv.getUint16(id + 2, false),
    inode: dv.getUint32(INET_DIAG_MSG_INODE_OFFSET, true),
  };
}

/** The state of the connection with this 4-tuple, or undefined if none exists (TCP_CLOSE). */
export function stateOf(sockets: readonly DiagSocket[], tuple: Tuple): number | undefined {
  const local = normaliseIp(tuple.localIp);
  const remote = normaliseIp(tuple.remoteIp);
  return sockets.find(
    (s) =>
      s.state !== TCP_STATES.TCP_LISTEN &&
      s.localPort === tuple.localPort &&
      s.remotePort === tuple.remotePort &&
      s.localIp === local &&
      s.remoteIp === remote,
  )?.state;
}

/** The listening socket on `localPort`, if any. */
export function listenerOn(sockets: readonly DiagSocket[], localPort: number): DiagSocket | undefined {
  return sockets.find((s) => s.state === TCP_STATES.TCP_LISTEN && s.localPort === localPort);
}
