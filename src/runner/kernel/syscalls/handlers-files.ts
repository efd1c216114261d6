// Pipe and file calls of script-language.md §7.3: pipe, splice, sendfile, open.
import type { Expr } from '../../../grammar/ast.js';
import { arg, arity, fdArg, intArg, sizeArg } from './args.js';
import { badType, decodeString, evalInt, evalInt32, fail, isNullPointer } from './eval.js';
import { scratch } from './memory.js';
import type { CallCtx, Prepared } from './types.js';

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
