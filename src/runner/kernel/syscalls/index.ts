// The syscall executor (script-language.md §7): evaluates a SyscallAction's arguments,
// issues the call (on this thread, or on a koffi worker for blocking calls, §1.8/§7.5),
// checks result and errno (§7.2) and the call-specific values, and keeps the fd table.
//
// Read this first: handlers (table.ts) turn arguments into a `Prepared` call; everything
// that can fail before the call (unknown fd, bad argument) fails here before any syscall.
// Argument preparation happens before the caller's timestamp is taken: the only work
// between `before()` and the call is the call itself.
import type { SyscallAction } from '../../../grammar/ast.js';
import type { Libc } from '../libc.js';
import { GIVE_UP_NS, someThreadBlockedOn, waitUntilBlocked } from './blocking.js';
import type { Returned } from './blocking-thread.js';
import { checkResult, expectedErrno } from './check.js';
import { ScriptFail, expectedResult } from './eval.js';
import { addressOf } from './memory.js';
import { isSyscallName, syscalls } from './table.js';
import type { Prepared, SyscallEnv, SyscallOutcome } from './types.js';

export { FdTable } from './fds.js';
export { socketTuple, type SocketTuple } from './sockaddr.js';
export type { SyscallEnv, SyscallHooks, SyscallOutcome } from './types.js';

interface Ready {
  readonly prepared: Prepared;
  readonly expected: bigint;
  readonly errnoWanted: number | undefined;
}

/** A call evaluated and ready to issue, or the outcome that makes issuing it pointless. */
export type PreparedCall = Ready | SyscallOutcome;

/**
 * Evaluates everything needed for the call; a failure outcome if that is
 * impossible. Exported so that a blocking call is prepared before its deadline:
 * in a fresh process, the first evaluation of a call's arguments runs cold code.
 */
export function prepare(action: SyscallAction, env: SyscallEnv): PreparedCall {
  try {
    if (!isSyscallName(action.name)) return { kind: 'fail', message: 'Unknown system call' };
    const expected = expectedResult(action.result);
    const errnoWanted = expectedErrno(action.errno?.name);
    const prepared = syscalls[action.name]({ args: action.args, env, expected });
    return { prepared, expected, errnoWanted };
  } catch (e) {
    if (e instanceof ScriptFail) return { kind: 'fail', message: e.message };
    throw e;
  }
}

function isOutcome(r: Ready | SyscallOutcome): r is SyscallOutcome {
  return 'kind' in r;
}

/** Bookkeeping, then the §7.2 checks, then the call-specific ones. */
function finish(ready: Ready, ret: number, errno: number): SyscallOutcome {
  const p = ready.prepared;
  p.after?.(ret);
  const bad = checkResult(p.fdReturning, ready.expected, ready.errnoWanted, ret, errno) ?? p.verify?.(ret);
  return bad === undefined ? { kind: 'pass', ret, errno } : { kind: 'fail', message: bad, ret, errno };
}

/** Runs a non-blocking call on this thread. */
export function runSyscall(action: SyscallAction, env: SyscallEnv, ready: PreparedCall = prepare(action, env)): SyscallOutcome {
  if (isOutcome(ready)) return ready;
  ready.prepared.before?.();
  const r = env.libc.call(ready.prepared.fn, ...ready.prepared.args);
  return finish(ready, r.ret, r.errno);
}

export interface BlockingCall {
  /** Resolves once the call is seen sleeping in the kernel, or has finished. */
  readonly blocked: Promise<void>;
  readonly done: Promise<{ outcome: SyscallOutcome; returnedNs: bigint }>;
}

/**
 * Starts a `T...E` call (§1.8) on the session's blocking thread, which stamps
 * the return itself (blocking-thread.ts); without one (or while it is stuck in
 * an earlier call), on a koffi worker, stamped when its callback runs.
 */
export function startBlockingSyscall(action: SyscallAction, env: SyscallEnv, ready: PreparedCall = prepare(action, env)): BlockingCall {
  if (isOutcome(ready)) {
    return { blocked: Promise.resolve(), done: Promise.resolve({ outcome: ready, returnedNs: process.hrtime.bigint() }) };
  }
  const p = ready.prepared;
  let finished = false;
  p.before?.();
  const thread = env.blocking;
  const onThread = thread?.call(p.fn, p.args);
  const returned: Promise<Returned> =
    onThread ?? env.libc.callAsync(p.fn, ...p.args).then((r) => ({ ...r, returnedNs: process.hrtime.bigint() }));
  const done = returned.then(
    (r) => {
      finished = true;
      return { outcome: finish(ready, r.ret, r.errno), returnedNs: r.returnedNs };
    },
    (e: unknown) => {
      finished = true;
      const message = `system call ${action.name} failed to run: ${e instanceof Error ? e.message : String(e)}`;
      return { outcome: { kind: 'fail', message } as SyscallOutcome, returnedNs: process.hrtime.bigint() };
    },
  );
  if (onThread && thread) {
    thread.waitBlocked(GIVE_UP_NS);
    return { blocked: Promise.resolve(), done };
  }
  const hint = firstArgHint(p);
  return { blocked: waitUntilBlocked(() => someThreadBlockedOn(hint), () => finished), done };
}

/** The value the blocked thread shows as its first syscall argument (fd or pointer). */
function firstArgHint(p: Prepared): bigint | undefined {
  const a = p.args[0];
  if (typeof a === 'number' || typeof a === 'bigint') return BigInt(a);
  if (a instanceof Uint8Array) return addressOf(a);
  return undefined;
}

/** Teardown: closes every live fd the script still owns. */
export function closeAll(env: { readonly libc: Libc; readonly fds: SyscallEnv['fds'] }): void {
  for (const fd of env.fds.drain()) env.libc.call('close', fd);
}
