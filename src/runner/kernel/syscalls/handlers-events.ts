// Readiness calls of script-language.md §7.3: poll, epoll_create, epoll_ctl, epoll_wait.
import type { Expr } from '../../../grammar/ast.js';
import { arg, arity, fdArg, intArg } from './args.js';
import { badType, evalInt, evalInt32, fail, isNullPointer } from './eval.js';
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
