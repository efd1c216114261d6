// Live socket addresses (script-language.md §1.3, §7.1): scripts never name addresses;
// bind() uses the live local address and --bind_port, connect()/sendto()/sendmsg() the live
// remote address and --connect_port. IPv4-mapped-IPv6 mode uses AF_INET6 `::ffff:a.b.c.d`.
import type { RunConfig } from '../../config.js';
import type { Libc } from '../libc.js';
import { ipv4Bytes, ipv6Bytes } from './eval.js';
import { scratch } from './memory.js';
import {
  SOCKADDR_IN6_LEN, SOCKADDR_IN_LEN, decodeSockaddr, encodeInt, encodeSockaddrIn,
  encodeSockaddrIn6, sym,
} from './structs.js';

/** The socket domain `...` stands for in socket(): AF_INET6 unless plain IPv4. */
export function liveDomain(cfg: RunConfig): number {
  return cfg.ipVersion === 'ipv4' ? sym('AF_INET') : sym('AF_INET6');
}

export function liveSockaddrLen(cfg: RunConfig): number {
  return cfg.ipVersion === 'ipv4' ? SOCKADDR_IN_LEN : SOCKADDR_IN6_LEN;
}

/** The sockaddr for bind (`local`) or connect/sendto/sendmsg (`remote`). */
export function liveSockaddr(cfg: RunConfig, which: 'local' | 'remote'): Uint8Array {
  const ip = which === 'local' ? cfg.localIp : cfg.remoteIp;
  const port = which === 'local' ? cfg.bindPort : cfg.connectPort;
  switch (cfg.ipVersion) {
    case 'ipv4':
      return encodeSockaddrIn(ipv4Bytes(ip), port);
    case 'ipv6':
      return encodeSockaddrIn6(ipv6Bytes(ip), port);
    case 'ipv4-mapped-ipv6':
      return encodeSockaddrIn6(ipv6Bytes(`::ffff:${ip}`), port);
  }
}

/** `connect(fd, AF_UNSPEC, ...)` and friends: a live-sized sockaddr with only the family set. */
export function familyOnlySockaddr(cfg: RunConfig, family: number): Uint8Array {
  const out = new Uint8Array(liveSockaddrLen(cfg));
  new DataView(out.buffer).setUint16(0, family, true);
  return out;
}

export interface SocketTuple {
  readonly localIp: string;
  readonly localPort: number;
  readonly remoteIp: string;
  readonly remotePort: number;
}

/** The 4-tuple of a connected live socket via getsockname/getpeername; undefined if unconnected. */
export function socketTuple(libc: Libc, liveFd: number): SocketTuple | undefined {
  const local = nameOf(libc, 'getsockname', liveFd);
  const remote = nameOf(libc, 'getpeername', liveFd);
  if (!local || !remote) return undefined;
  return { localIp: local.ip, localPort: local.port, remoteIp: remote.ip, remotePort: remote.port };
}

// sizeof(struct sockaddr_storage), include/uapi/linux/socket.h
const SOCKADDR_STORAGE_LEN = 128;

function nameOf(libc: Libc, fn: 'getsockname' | 'getpeername', fd: number): ReturnType<typeof decodeSockaddr> {
  const addr = scratch(SOCKADDR_STORAGE_LEN);
  const len = encodeInt(SOCKADDR_STORAGE_LEN);
  const r = libc.call(fn, fd, addr, len);
  if (r.ret !== 0) return undefined;
  return decodeSockaddr(addr, new DataView(len.buffer).getInt32(0, true));
}
