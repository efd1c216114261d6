// Readiness, pipe, file and splice calls of script-language.md §7.3: poll, epoll_create,
// epoll_ctl, epoll_wait, pipe, splice, sendfile, open; cap_set and psp_* are refused.
import type { Expr } from '../../../grammar/ast.js';
import { arg, arity, fdArg, intArg, sizeArg } from './args.js';
import { badType, decodeString, evalInt, evalInt32, fail, isNullPointer } from './eval.js';
import { pinned, scratch } from './memory.js';
import {
  EPOLL_EVENT_LEN, decodeEpollEvent, decodeRevents, encodeEpollEvent, encodePollfds,
} from './structs.js';
import type { CallCtx, Prepared } from './types.js';

const hex = (n: number | bigint): string => `0x${n.toString(16)}`;

export function poll(ctx: CallCtx): Prepared {
  arity(ctx, 3);
  const list = arg(ctx, 0);
  if (list.kind !== 'list') return badType(list, 'pollfd list');
  const entries = list.items.map((e) => (e.kind === 'pollfd' ? e : badType(e, 'pollfd')));
  const nfds = intArg(ctx, 1);
  if (nfds !== entries.length) fail(`nfds ${nfds} does not match ${entries.length}-element pollfd array`);
  const live = entries.map((e) => ({ fd: ctx.env.fds.live(evalInt32(e.fd)), events: evalInt32(e.events) }));
  const want = entries.map((e) => (e.revents ? evalInt32(e.revents) : 0));
  const buf = pinned(encodePollfds(live));
  return {
    fn: 'poll',
    args: [buf, nfds, intArg(ctx, 2)],
    fdReturning: false,
    verify: () => {
      for (const [i, w] of want.entries()) {
        const got = decodeRevents(buf, i);
        if (got !== (w & 0xffff)) return `Expected revents of ${hex(w)} but got ${hex(got)} for pollfd ${i}`;
      }
      return undefined;
    },
  };
}

export function epoll_create(ctx: CallCtx): Prepared {
  arity(ctx, 1);
  const scriptFd = Number(ctx.expected);
  if (scriptFd >= 0) ctx.env.fds.requireFree(scriptFd);
  return {
    fn: 'epoll_create',
    args: [intArg(ctx, 0)],
    fdReturning: true,
    after: (ret) => {
      if (ret < 0) return;
      if (scriptFd < 0) return void ctx.env.libc.call('close', ret);
      ctx.env.fds.bind(scriptFd, ret, 'epoll');
    },
  };
}

/** `{events=E, fd=F}` (F translated) or `{events=E, ptr|u32|u64=V}` (passed literally). */
function epollEvent(ctx: CallCtx, e: Expr, fdArgScript: number | undefined): { events: number; data: bigint; fdKind: boolean } {
  if (e.kind !== 'epollEvent') return badType(e, 'epoll_event');
  const events = evalInt32(e.events);
  if (e.dataKind !== 'fd') return { events, data: evalInt(e.data), fdKind: false };
  const script = evalInt32(e.data);
  if (fdArgScript !== undefined && script !== fdArgScript) {
    fail(`epoll_event fd ${script} does not match the fd argument ${fdArgScript}`);
  }
  return { events, data: BigInt(ctx.env.fds.live(script)), fdKind: true };
}

export function epoll_ctl(ctx: CallCtx): Prepared {
  arity(ctx, 4);
  const epfd = fdArg(ctx, 0);
  const op = intArg(ctx, 1);
  const fd = fdArg(ctx, 2);
  const ev = arg(ctx, 3);
  const buf = isNullPointer(ev) ? null : (() => {
    const v = epollEvent(ctx, ev, fd.script);
    return pinned(encodeEpollEvent(v.events, v.data));
  })();
  return { fn: 'epoll_ctl', args: [epfd.live, op, fd.live, buf], fdReturning: false };
}

export function epoll_wait(ctx: CallCtx): Prepared {
  arity(ctx, 4);
  const epfd = fdArg(ctx, 0);
  const want = epollEvent(ctx, arg(ctx, 1), undefined);
  const maxevents = intArg(ctx, 2);
  const buf = scratch(Math.max(1, maxevents) * EPOLL_EVENT_LEN);
  return {
    fn: 'epoll_wait',
    args: [epfd.live, buf, maxevents, intArg(ctx, 3)],
    fdReturning: false,
    // §7.3: only the first event is compared, even when none was returned.
    verify: () => {
      const got = decodeEpollEvent(buf);
      if (got.events !== want.events >>> 0) {
        return `epoll_event->events does not match script: expected: ${hex(want.events >>> 0)} actual: ${hex(got.events)}`;
      }
      const data = want.fdKind ? BigInt.asUintN(32, got.data) : got.data;
      const wantData = BigInt.asUintN(64, want.data);
      return data === wantData ? undefined : `epoll_event->data does not match script: expected: ${wantData} actual: ${data}`;
    },
  };
}

export function pipe(ctx: CallCtx): Prepared {
  arity(ctx, 1);
  const list = arg(ctx, 0);
  if (list.kind !== 'list' || list.items.length !== 2) return badType(list, 'list of two fds');
  const [r, w] = list.items.map((e) => evalInt32(e)) as [number, number];
  ctx.env.fds.requireFree(r);
  ctx.env.fds.requireFree(w);
  const fds = scratch(8);
  return {
    fn: 'pipe',
    args: [fds],
    fdReturning: false,
    after: (ret) => {
      if (ret !== 0) return;
      const dv = new DataView(fds.buffer);
      ctx.env.fds.bind(r, dv.getInt32(0, true), 'pipe');
      ctx.env.fds.bind(w, dv.getInt32(4, true), 'pipe');
    },
  };
}

/** §7.3: splice offsets are integers used directly as pointers; only NULL is usable. */
function spliceOffset(e: Expr): null {
  return isNullPointer(e) ? null : fail('splice offsets other than NULL are not supported by tcpdrill');
}

export function splice(ctx: CallCtx): Prepared {
  arity(ctx, 6);
  const fdIn = fdArg(ctx, 0);
  const fdOut = fdArg(ctx, 2);
  return {
    fn: 'splice',
    args: [fdIn.live, spliceOffset(arg(ctx, 1)), fdOut.live, spliceOffset(arg(ctx, 3)), sizeArg(ctx, 4), intArg(ctx, 5)],
    fdReturning: false,
  };
}

export function sendfile(ctx: CallCtx): Prepared {
  arity(ctx, 4);
  const out = fdArg(ctx, 0);
  const inFd = fdArg(ctx, 1);
  const o = arg(ctx, 2);
  let off: Uint8Array | null = null;
  if (!isNullPointer(o)) {
    if (o.kind !== 'list' || o.items.length !== 1) return badType(o, 'list with one integer');
    off = scratch(8); // off_t, 64-bit
    new DataView(off.buffer).setBigInt64(0, evalInt(o.items[0] as Expr), true);
  }
  return { fn: 'sendfile', args: [out.live, inFd.live, off, sizeArg(ctx, 3)], fdReturning: false };
}

// Mode for O_CREAT: packetdrill passes none (an indeterminate value); a fixed 0644 keeps
// created files usable.
const OPEN_MODE = 0o644;

export function open(ctx: CallCtx): Prepared {
  arity(ctx, 2);
  const p = arg(ctx, 0);
  if (p.kind !== 'string') return badType(p, 'string');
  const path = new TextDecoder().decode(decodeString(p.raw));
  const scriptFd = Number(ctx.expected);
  if (scriptFd >= 0) ctx.env.fds.requireFree(scriptFd);
  return {
    fn: 'open',
    args: [path, intArg(ctx, 1), OPEN_MODE],
    fdReturning: true,
    after: (ret) => {
      if (ret < 0) return;
      if (scriptFd < 0) return void ctx.env.libc.call('close', ret);
      ctx.env.fds.bind(scriptFd, ret, 'file');
    },
  };
}

export const cap_set = (): Prepared => fail('cap_set is not supported by tcpdrill (no libcap binding)');
export const psp_rx_assoc = (): Prepared => fail('psp_rx_assoc is not supported by tcpdrill (PSP)');
export const psp_tx_assoc = (): Prepared => fail('psp_tx_assoc is not supported by tcpdrill (PSP)');
