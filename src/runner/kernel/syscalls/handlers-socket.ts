// Socket life-cycle and option calls of script-language.md §7.3: socket, bind, listen,
// accept, connect, close, shutdown, fcntl, ioctl, getsockopt, setsockopt.
import type { Expr } from '../../../grammar/ast.js';
import { arg, arity, fdArg, intArg, listedInt, requireEllipsis } from './args.js';
import { badType, decodeString, evalInt32, fail, ipv4Bytes, ipv6Bytes, isNullPointer } from './eval.js';
import { pinned, scratch } from './memory.js';
import { familyOnlySockaddr, liveDomain, liveSockaddr } from './sockaddr.js';
import { decodeInt, encodeInt, encodeLinger, sym } from './structs.js';
import type { CallCtx, Prepared, SyscallHooks } from './types.js';

// include/linux/net.h: the low nibble of the type argument is the socket type.
const SOCK_TYPE_MASK = 0xf;

function socketKind(type: number, proto: number): Parameters<SyscallHooks['socketCreated']>[2] {
  const t = type & SOCK_TYPE_MASK;
  if (t === sym('SOCK_STREAM')) return 'tcp';
  if (t !== sym('SOCK_DGRAM')) return 'other';
  return proto === sym('IPPROTO_ICMP') || proto === sym('IPPROTO_ICMPV6') ? 'icmp' : 'udp';
}

export function socket(ctx: CallCtx): Prepared {
  arity(ctx, 3);
  const d = arg(ctx, 0);
  const domain = d.kind === 'ellipsis' ? liveDomain(ctx.env.cfg) : evalInt32(d);
  const type = intArg(ctx, 1);
  const proto = intArg(ctx, 2);
  const scriptFd = Number(ctx.expected);
  if (scriptFd >= 0) ctx.env.fds.requireFree(scriptFd);
  return {
    fn: 'socket',
    args: [domain, type, proto],
    fdReturning: true,
    after: (ret) => {
      if (ret < 0) return;
      // A script expecting failure owns no fd number: close the surprise socket.
      if (scriptFd < 0) return void ctx.env.libc.call('close', ret);
      ctx.env.fds.bind(scriptFd, ret, 'socket');
      ctx.env.hooks.socketCreated(scriptFd, ret, socketKind(type, proto));
    },
  };
}

export function bind(ctx: CallCtx): Prepared {
  arity(ctx, 3);
  const fd = fdArg(ctx, 0);
  requireEllipsis(arg(ctx, 1));
  requireEllipsis(arg(ctx, 2));
  const addr = liveSockaddr(ctx.env.cfg, 'local');
  return { fn: 'bind', args: [fd.live, addr, addr.length], fdReturning: false };
}

export function listen(ctx: CallCtx): Prepared {
  arity(ctx, 2);
  const fd = fdArg(ctx, 0);
  const backlog = intArg(ctx, 1);
  return {
    fn: 'listen',
    args: [fd.live, backlog],
    fdReturning: false,
    after: (ret) => ret === 0 && ctx.env.hooks.listening(fd.script),
  };
}

// sizeof(struct sockaddr_storage): accept/recvfrom get room for any address.
const SOCKADDR_STORAGE_LEN = 128;

export function accept(ctx: CallCtx): Prepared {
  arity(ctx, 3);
  const fd = fdArg(ctx, 0);
  requireEllipsis(arg(ctx, 1));
  requireEllipsis(arg(ctx, 2));
  const scriptFd = Number(ctx.expected);
  return {
    fn: 'accept',
    args: [fd.live, scratch(SOCKADDR_STORAGE_LEN), pinned(encodeInt(SOCKADDR_STORAGE_LEN))],
    fdReturning: true,
    after: (ret) => {
      if (ret < 0) return;
      if (scriptFd < 0) return void ctx.env.libc.call('close', ret);
      ctx.env.fds.bind(scriptFd, ret, 'socket');
      ctx.env.hooks.accepted(scriptFd, ret);
    },
  };
}

export function connect(ctx: CallCtx): Prepared {
  arity(ctx, 3);
  const fd = fdArg(ctx, 0);
  requireEllipsis(arg(ctx, 2));
  const a = arg(ctx, 1);
  const family = a.kind === 'ellipsis' ? undefined : evalInt32(a);
  const addr = family === undefined ? liveSockaddr(ctx.env.cfg, 'remote') : familyOnlySockaddr(ctx.env.cfg, family);
  const unspec = family === sym('AF_UNSPEC');
  return {
    fn: 'connect',
    args: [fd.live, addr, addr.length],
    fdReturning: false,
    // §1.4: the SYN leaves during the call, so the session must know beforehand.
    before: () => family === undefined && ctx.env.hooks.connecting(fd.script),
    after: (ret) => unspec && ret === 0 && ctx.env.hooks.disconnected(fd.script),
  };
}

export function close(ctx: CallCtx): Prepared {
  arity(ctx, 1);
  const fd = fdArg(ctx, 0);
  return {
    fn: 'close',
    args: [fd.live],
    fdReturning: false,
    // Linux releases the fd even when close() reports an error.
    after: () => {
      ctx.env.fds.unbind(fd.script);
      ctx.env.hooks.closed(fd.script);
    },
  };
}

export function shutdown(ctx: CallCtx): Prepared {
  arity(ctx, 2);
  return { fn: 'shutdown', args: [fdArg(ctx, 0).live, intArg(ctx, 1)], fdReturning: false };
}

export function fcntl(ctx: CallCtx): Prepared {
  arity(ctx, 2, 3);
  const fd = fdArg(ctx, 0);
  const extra = ctx.args.length === 3 ? intArg(ctx, 2) : 0;
  return { fn: 'fcntl', args: [fd.live, intArg(ctx, 1), extra], fdReturning: false };
}

export function ioctl(ctx: CallCtx): Prepared {
  arity(ctx, 2, 3);
  const fd = fdArg(ctx, 0);
  const req = intArg(ctx, 1);
  if (ctx.args.length === 2) return { fn: 'ioctl', args: [fd.live, req, null], fdReturning: false };
  // §7.3: the third argument is output-only; the kernel sees a fresh (zero) int.
  const want = listedInt(arg(ctx, 2));
  const out = scratch(4);
  return {
    fn: 'ioctl',
    args: [fd.live, req, out],
    fdReturning: false,
    verify: () => {
      const got = decodeInt(out);
      return got === want ? undefined : `Bad ioctl optval: expected: ${want} actual: ${got}`;
    },
  };
}

/** The expected getsockopt value: bytes to compare and whether only a prefix counts. */
function expectedOptval(e: Expr, optlen: number): { bytes: Uint8Array; prefix: boolean; isInt: boolean } {
  switch (e.kind) {
    case 'list':
      if (optlen !== 4) fail(`getsockopt: optlen must be 4 for an integer optval, not ${optlen}`);
      return { bytes: encodeInt(listedInt(e)), prefix: false, isInt: true };
    case 'string': {
      const bytes = decodeString(e.raw);
      if (!e.ellipsis && bytes.length !== optlen) fail(`getsockopt: string length ${bytes.length} != optlen ${optlen}`);
      return { bytes, prefix: e.ellipsis, isInt: false };
    }
    case 'inetAddr':
      return { bytes: e.family === 6 ? ipv6Bytes(e.text) : ipv4Bytes(e.text), prefix: false, isInt: false };
    case 'gre':
      return fail('getsockopt with a GRE value is not supported by tcpdrill');
    default:
      return badType(e, 'list, string or inet6_addr');
  }
}

const show = (b: Uint8Array, isInt: boolean): string =>
  isInt ? `${decodeInt(b)}` : `'${Array.from(b, (c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`)).join('')}'`;

export function getsockopt(ctx: CallCtx): Prepared {
  arity(ctx, 5);
  const fd = fdArg(ctx, 0);
  const optlen = listedInt(arg(ctx, 4));
  const want = expectedOptval(arg(ctx, 3), optlen);
  const val = scratch(Math.max(optlen, want.bytes.length));
  const len = pinned(encodeInt(optlen));
  return {
    fn: 'getsockopt',
    args: [fd.live, intArg(ctx, 1), intArg(ctx, 2), val, len],
    fdReturning: false,
    verify: () => {
      const gotLen = decodeInt(len);
      if (gotLen !== optlen) return `Bad getsockopt optlen: expected: ${optlen} actual: ${gotLen}`;
      const n = want.prefix ? want.bytes.length : optlen;
      const got = val.subarray(0, n);
      const same = got.length === want.bytes.length && got.every((b, i) => b === want.bytes[i]);
      return same ? undefined : `Bad getsockopt optval: expected: ${show(want.bytes, want.isInt)} actual: ${show(got, want.isInt)}`;
    },
  };
}

function setsockoptValue(e: Expr): Uint8Array | null {
  switch (e.kind) {
    case 'list':
      return encodeInt(listedInt(e));
    case 'string':
      return decodeString(e.raw);
    case 'linger':
      return encodeLinger(e.onoff, e.linger);
    case 'inetAddr':
      return e.family === 6 ? ipv6Bytes(e.text) : ipv4Bytes(e.text);
    case 'gre':
    case 'mplsStack':
      return fail(`setsockopt with a ${e.kind === 'gre' ? 'GRE' : 'MPLS'} value is not supported by tcpdrill`);
    default:
      return isNullPointer(e) ? null : badType(e, 'list, string, linger or inet6_addr');
  }
}

export function setsockopt(ctx: CallCtx): Prepared {
  arity(ctx, 5);
  const fd = fdArg(ctx, 0);
  const value = setsockoptValue(arg(ctx, 3));
  const optlen = intArg(ctx, 4);
  // The length is passed unchanged (§7.3); the buffer is at least that long so the kernel
  // never reads past it when the script passes a larger length than the value.
  const buf = value === null ? null : scratch(Math.max(optlen, value.length));
  if (buf && value) buf.set(value);
  return { fn: 'setsockopt', args: [fd.live, intArg(ctx, 1), intArg(ctx, 2), buf, optlen], fdReturning: false };
}
