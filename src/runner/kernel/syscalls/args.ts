// Argument helpers shared by the handlers (script-language.md §7.1).
import type { Expr } from '../../../grammar/ast.js';
import type { CallCtx } from './types.js';
import { badType, evalInt, evalInt32, fail, isNullPointer } from './eval.js';
import { scratch } from './memory.js';

/** Checks the argument count; `max` defaults to `min`. */
export function arity(ctx: CallCtx, min: number, max = min): void {
  const n = ctx.args.length;
  if (n < min || n > max) {
    const want = min === max ? `${min}` : `${min} or ${max}`;
    fail(`wrong number of arguments: expected ${want} but got ${n}`);
  }
}

export function arg(ctx: CallCtx, i: number): Expr {
  return ctx.args[i] ?? fail(`missing argument ${i + 1}`);
}

/** A script fd argument, translated to the live fd (fails before the call if unknown). */
export function fdArg(ctx: CallCtx, i: number): { script: number; live: number } {
  const script = evalInt32(arg(ctx, i));
  return { script, live: ctx.env.fds.live(script) };
}

export function intArg(ctx: CallCtx, i: number): number {
  return evalInt32(arg(ctx, i));
}

/** A size_t/long argument (read counts, lengths). */
export function sizeArg(ctx: CallCtx, i: number): number {
  return Number(evalInt(arg(ctx, i)));
}

/** §7.1 buffers: `...` is zero-filled scratch of `size` bytes, `0`/`NULL` a null pointer. */
export function bufferArg(e: Expr, size: number): Uint8Array | null {
  if (e.kind === 'ellipsis') return scratch(size);
  if (isNullPointer(e)) return null;
  return badType(e, 'ellipsis or NULL');
}

/** An argument that must be `...` (addresses and lengths packetdrill fills in). */
export function requireEllipsis(e: Expr): void {
  if (e.kind !== 'ellipsis') badType(e, 'ellipsis');
}

/** `[x]`: the single integer inside a one-element list. */
export function listedInt(e: Expr): number {
  if (e.kind !== 'list' || e.items.length !== 1) return badType(e, 'list with one integer');
  return evalInt32(e.items[0] as Expr);
}
