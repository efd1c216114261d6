// Data calls of script-language.md §7.3: read, readv, recv, recvfrom, recvmsg, write,
// writev, send, sendto, sendmsg. Payloads are never inspected; outgoing buffers are zeros.
import type { Expr } from '../../../grammar/ast.js';
import { arg, arity, bufferArg, fdArg, intArg, requireEllipsis, sizeArg } from './args.js';
import { evalInt32, isNullPointer } from './eval.js';
import { pinned, scratch } from './memory.js';
import { buildIovecs, recvMsghdr, sendMsghdr } from './msghdr.js';
import { familyOnlySockaddr, liveSockaddr } from './sockaddr.js';
import { encodeInt } from './structs.js';
import type { CallCtx, Prepared } from './types.js';

// sizeof(struct sockaddr_storage): room for any source address (not checked, §7.3).
const SOCKADDR_STORAGE_LEN = 128;

/** Keeps send buffers alive for the run under --send_omit_free (MSG_ZEROCOPY pins pages). */
function retainForSend(ctx: CallCtx, bufs: readonly (Uint8Array | null)[]): void {
  if (!ctx.env.cfg.sendOmitFree) return;
  for (const b of bufs) if (b) ctx.env.fds.retain(b);
}

function rw(fn: 'read' | 'write', ctx: CallCtx): Prepared {
  arity(ctx, 3);
  const fd = fdArg(ctx, 0);
  const n = sizeArg(ctx, 2);
  return { fn, args: [fd.live, bufferArg(arg(ctx, 1), n), n], fdReturning: false };
}

export const read = (ctx: CallCtx): Prepared => rw('read', ctx);
export const write = (ctx: CallCtx): Prepared => rw('write', ctx);

function rwv(fn: 'readv' | 'writev', ctx: CallCtx): Prepared {
  arity(ctx, 3);
  const fd = fdArg(ctx, 0);
  const iov = buildIovecs(arg(ctx, 1), intArg(ctx, 2));
  return {
    fn,
    args: [fd.live, iov.iov, iov.count],
    fdReturning: false,
    keep: iov.bases,
  };
}

export const readv = (ctx: CallCtx): Prepared => rwv('readv', ctx);
export const writev = (ctx: CallCtx): Prepared => rwv('writev', ctx);

export function recv(ctx: CallCtx): Prepared {
  arity(ctx, 4);
  const fd = fdArg(ctx, 0);
  const n = sizeArg(ctx, 2);
  return { fn: 'recv', args: [fd.live, bufferArg(arg(ctx, 1), n), n, intArg(ctx, 3)], fdReturning: false };
}

export function send(ctx: CallCtx): Prepared {
  arity(ctx, 4);
  const fd = fdArg(ctx, 0);
  const n = sizeArg(ctx, 2);
  const buf = bufferArg(arg(ctx, 1), n);
  retainForSend(ctx, [buf]);
  return { fn: 'send', args: [fd.live, buf, n, intArg(ctx, 3)], fdReturning: false };
}

export function recvfrom(ctx: CallCtx): Prepared {
  arity(ctx, 6);
  const fd = fdArg(ctx, 0);
  const n = sizeArg(ctx, 2);
  requireEllipsis(arg(ctx, 4));
  requireEllipsis(arg(ctx, 5));
  const addr = scratch(SOCKADDR_STORAGE_LEN);
  const len = pinned(encodeInt(SOCKADDR_STORAGE_LEN));
  return { fn: 'recvfrom', args: [fd.live, bufferArg(arg(ctx, 1), n), n, intArg(ctx, 3), addr, len], fdReturning: false };
}

/** sendto's destination: `...` = live remote address, a family = family-only sockaddr. */
function destination(ctx: CallCtx, e: Expr): Uint8Array | null {
  if (e.kind === 'ellipsis') return liveSockaddr(ctx.env.cfg, 'remote');
  if (isNullPointer(e)) return null;
  return familyOnlySockaddr(ctx.env.cfg, evalInt32(e));
}

export function sendto(ctx: CallCtx): Prepared {
  arity(ctx, 6);
  const fd = fdArg(ctx, 0);
  const n = sizeArg(ctx, 2);
  const buf = bufferArg(arg(ctx, 1), n);
  const flags = intArg(ctx, 3);
  const a = arg(ctx, 4);
  const addr = destination(ctx, a);
  const addrLen = arg(ctx, 5).kind === 'ellipsis' ? (addr?.length ?? 0) : intArg(ctx, 5);
  retainForSend(ctx, [buf, addr]);
  return {
    fn: 'sendto',
    args: [fd.live, buf, n, flags, addr, addrLen],
    fdReturning: false,
    // §1.4: an address makes it an implicit connect (TCP Fast Open); the session ignores
    // the hook for sockets that are already connected.
    before: () => a.kind === 'ellipsis' && ctx.env.hooks.connecting(fd.script),
  };
}

export function recvmsg(ctx: CallCtx): Prepared {
  arity(ctx, 3);
  const fd = fdArg(ctx, 0);
  const m = recvMsghdr(arg(ctx, 1), { realtimeUsecsAt: ctx.env.realtimeUsecsAt, toleranceUsecs: ctx.env.cfg.toleranceUsecs });
  return {
    fn: 'recvmsg',
    args: [fd.live, m.msg, intArg(ctx, 2)],
    fdReturning: false,
    keep: m.refs,
    verify: m.verify,
  };
}

export function sendmsg(ctx: CallCtx): Prepared {
  arity(ctx, 3);
  const fd = fdArg(ctx, 0);
  // §7.3: msg_name(...)=... is the live remote address (implicit connect).
  const m = sendMsghdr(arg(ctx, 1), liveSockaddr(ctx.env.cfg, 'remote'));
  retainForSend(ctx, [m.msg, ...m.refs]);
  return {
    fn: 'sendmsg',
    args: [fd.live, m.msg, intArg(ctx, 2)],
    fdReturning: false,
    before: () => ctx.env.hooks.connecting(fd.script),
    keep: m.refs,
  };
}
