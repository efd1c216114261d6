// Byte layouts of the C structs the supported calls exchange with the kernel (x86_64 LP64,
// little-endian). Pure encoders/decoders: pointers inside structs arrive as addresses
// (bigint) computed by the caller (memory.ts), so these functions are unit-testable.
import { lookupSymbol } from '../../../linux/symbols.js';
import { formatIp } from '../../wire/address.js';

/** A §10 constant that must exist; the table is the single source of kernel numbers. */
export function sym(name: string): number {
  const v = lookupSymbol(name);
  if (v === undefined) throw new Error(`symbol table lacks ${name}`);
  return Number(v);
}

// include/uapi/linux/in.h struct sockaddr_in; include/uapi/linux/in6.h struct sockaddr_in6
export const SOCKADDR_IN_LEN = 16;
export const SOCKADDR_IN6_LEN = 28;
// include/uapi/linux/uio.h struct iovec { void *iov_base; size_t iov_len; }
export const IOVEC_LEN = 16;
// include/linux/socket.h struct user_msghdr: name, namelen(+pad), iov, iovlen, control,
// controllen, flags(+pad)
export const MSGHDR_LEN = 56;
// include/linux/socket.h struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; }
export const CMSGHDR_LEN = 16;
// include/uapi/asm-generic/poll.h struct pollfd { int fd; short events; short revents; }
export const POLLFD_LEN = 8;
// include/uapi/linux/eventpoll.h: struct epoll_event is __attribute__((packed)) on x86_64
// (EPOLL_PACKED), so the 64-bit data follows the 32-bit events at offset 4.
export const EPOLL_EVENT_LEN = 12;
// include/linux/socket.h struct linger { int l_onoff; int l_linger; }
export const LINGER_LEN = 8;
// include/uapi/linux/errqueue.h struct sock_extended_err
export const SOCK_EXTENDED_ERR_LEN = 16;

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** sockaddr_in; `addr` is the 4 address bytes in network order. */
export function encodeSockaddrIn(addr: Uint8Array, port: number): Uint8Array {
  const out = new Uint8Array(SOCKADDR_IN_LEN);
  const dv = view(out);
  dv.setUint16(0, sym('AF_INET'), true);
  dv.setUint16(2, port, false);
  out.set(addr.subarray(0, 4), 4);
  return out;
}

/** sockaddr_in6 with zero flow info and scope id. */
export function encodeSockaddrIn6(addr: Uint8Array, port: number): Uint8Array {
  const out = new Uint8Array(SOCKADDR_IN6_LEN);
  const dv = view(out);
  dv.setUint16(0, sym('AF_INET6'), true);
  dv.setUint16(2, port, false);
  out.set(addr.subarray(0, 16), 8);
  return out;
}

export interface SockAddr {
  readonly ip: string;
  readonly port: number;
}

/** Decodes an AF_INET or AF_INET6 sockaddr; IPv4-mapped IPv6 stays in `::ffff:a.b.c.d` form. */
export function decodeSockaddr(buf: Uint8Array, len: number): SockAddr | undefined {
  if (len < 2) return undefined;
  const dv = view(buf);
  const family = dv.getUint16(0, true);
  if (family === sym('AF_INET') && len >= SOCKADDR_IN_LEN) {
    return { ip: formatIp(buf.subarray(4, 8)), port: dv.getUint16(2, false) };
  }
  if (family === sym('AF_INET6') && len >= SOCKADDR_IN6_LEN) {
    return { ip: formatIp(buf.subarray(8, 24)), port: dv.getUint16(2, false) };
  }
  return undefined;
}

export interface IovecEntry {
  readonly base: bigint;
  readonly len: number;
}

export function encodeIovecs(entries: readonly IovecEntry[]): Uint8Array {
  const out = new Uint8Array(Math.max(1, entries.length) * IOVEC_LEN);
  const dv = view(out);
  entries.forEach((e, i) => {
    dv.setBigUint64(i * IOVEC_LEN, e.base, true);
    dv.setBigUint64(i * IOVEC_LEN + 8, BigInt(e.len), true);
  });
  return out;
}

export interface MsghdrFields {
  readonly name: bigint;
  readonly nameLen: number;
  readonly iov: bigint;
  readonly iovLen: number;
  readonly control: bigint;
  readonly controlLen: number;
  readonly flags: number;
}

export function encodeMsghdr(m: MsghdrFields): Uint8Array {
  const out = new Uint8Array(MSGHDR_LEN);
  const dv = view(out);
  dv.setBigUint64(0, m.name, true);
  dv.setUint32(8, m.nameLen, true);
  dv.setBigUint64(16, m.iov, true);
  dv.setBigUint64(24, BigInt(m.iovLen), true);
  dv.setBigUint64(32, m.control, true);
  dv.setBigUint64(40, BigInt(m.controlLen), true);
  dv.setInt32(48, m.flags, true);
  return out;
}

/** The kernel-updated fields of a msghdr after recvmsg. */
export function decodeMsghdrResult(buf: Uint8Array): { controlLen: number; flags: number } {
  const dv = view(buf);
  return { controlLen: Number(dv.getBigUint64(40, true)), flags: dv.getInt32(48, true) };
}

// include/linux/socket.h CMSG_ALIGN/CMSG_LEN/CMSG_SPACE (alignment = sizeof(long)).
const cmsgAlign = (n: number): number => (n + 7) & ~7;
export const cmsgLen = (dataLen: number): number => CMSGHDR_LEN + dataLen;
export const cmsgSpace = (dataLen: number): number => CMSGHDR_LEN + cmsgAlign(dataLen);

export interface Cmsg {
  readonly level: number;
  readonly type: number;
  readonly data: Uint8Array;
}

/** A control buffer holding `cmsgs` back to back, each padded to CMSG_SPACE. */
export function encodeCmsgs(cmsgs: readonly Cmsg[]): Uint8Array {
  const out = new Uint8Array(cmsgs.reduce((n, c) => n + cmsgSpace(c.data.length), 0));
  const dv = view(out);
  let at = 0;
  for (const c of cmsgs) {
    dv.setBigUint64(at, BigInt(cmsgLen(c.data.length)), true);
    dv.setInt32(at + 8, c.level, true);
    dv.setInt32(at + 12, c.type, true);
    out.set(c.data, at + CMSGHDR_LEN);
    at += cmsgSpace(c.data.length);
  }
  return out;
}

/** Walks a received control buffer as CMSG_FIRSTHDR/CMSG_NXTHDR do. */
export function decodeCmsgs(buf: Uint8Array, controlLen: number): Cmsg[] {
  const dv = view(buf);
  const out: Cmsg[] = [];
  let at = 0;
  while (at + CMSGHDR_LEN <= controlLen) {
    const len = Number(dv.getBigUint64(at, true));
    if (len < CMSGHDR_LEN || at + len > controlLen) break;
    out.push({ level: dv.getInt32(at + 8, true), type: dv.getInt32(at + 12, true), data: buf.slice(at + CMSGHDR_LEN, at + len) });
    at += cmsgAlign(len);
  }
  return out;
}

export interface PollEntry {
  readonly fd: number;
  readonly events: number;
}

export function encodePollfds(entries: readonly PollEntry[]): Uint8Array {
  const out = new Uint8Array(Math.max(1, entries.length) * POLLFD_LEN);
  const dv = view(out);
  entries.forEach((e, i) => {
    dv.setInt32(i * POLLFD_LEN, e.fd, true);
    dv.setInt16(i * POLLFD_LEN + 4, e.events, true);
  });
  return out;
}

export function decodeRevents(buf: Uint8Array, index: number): number {
  return view(buf).getUint16(index * POLLFD_LEN + 6, true);
}

export function encodeEpollEvent(events: number, data: bigint): Uint8Array {
  const out = new Uint8Array(EPOLL_EVENT_LEN);
  const dv = view(out);
  dv.setUint32(0, events >>> 0, true);
  dv.setBigUint64(4, BigInt.asUintN(64, data), true);
  return out;
}

export function decodeEpollEvent(buf: Uint8Array): { events: number; data: bigint } {
  const dv = view(buf);
  return { events: dv.getUint32(0, true), data: dv.getBigUint64(4, true) };
}

export function encodeLinger(onoff: number, linger: number): Uint8Array {
  const out = new Uint8Array(LINGER_LEN);
  const dv = view(out);
  dv.setInt32(0, onoff, true);
  dv.setInt32(4, linger, true);
  return out;
}

export interface SockExtendedErr {
  readonly errno: number;
  readonly origin: number;
  readonly type: number;
  readonly code: number;
  readonly info: number;
  readonly data: number;
}

export function encodeSockExtendedErr(e: SockExtendedErr): Uint8Array {
  const out = new Uint8Array(SOCK_EXTENDED_ERR_LEN);
  const dv = view(out);
  dv.setUint32(0, e.errno >>> 0, true);
  out[4] = e.origin;
  out[5] = e.type;
  out[6] = e.code;
  dv.setUint32(8, e.info >>> 0, true);
  dv.setUint32(12, e.data >>> 0, true);
  return out;
}

export function decodeSockExtendedErr(buf: Uint8Array): SockExtendedErr | undefined {
  if (buf.length < SOCK_EXTENDED_ERR_LEN) return undefined;
  const dv = view(buf);
  return {
    errno: dv.getUint32(0, true),
    origin: buf[4] ?? 0,
    type: buf[5] ?? 0,
    code: buf[6] ?? 0,
    info: dv.getUint32(8, true),
    data: dv.getUint32(12, true),
  };
}

/** A native int as the kernel reads/writes it through `[x]` (§7.1). */
export function encodeInt(v: number): Uint8Array {
  const out = new Uint8Array(4);
  view(out).setInt32(0, v, true);
  return out;
}

export function decodeInt(buf: Uint8Array): number {
  return view(buf).getInt32(0, true);
}
