// System call events (script-language.md §1.6, §1.8, §7).
//
// A plain call runs on this thread at its time. A blocking call (`T...E`) runs on
// a koffi worker thread: we move on once it is seen blocked in the kernel, and
// its result and return time are checked when it returns. A call that never
// returns fails at its deadline plus a grace period instead of hanging the run.

import type { SyscallAction } from '../../../grammar/ast.js';
import type { EventResult } from '../../results.js';
import { prepare, runSyscall, startBlockingSyscall } from '../../kernel/syscalls/index.js';
import { checkPoint } from '../timing.js';
import { failed, passed, type RunContext, type Scheduled } from './context.js';
import { actionEnd, fireAt, timingFailure, workDone } from './fire.js';

/** packetdrill waits this long for a blocking call before the next call (§1.8). */
const BLOCKING_WAIT_MS = 1000;
/** How long before a blocking call the thread that will make it is armed (under its spin limit). */
const ARM_AHEAD_NS = 2_000_000n;

export async function syscall(ctx: RunContext, s: Scheduled, call: SyscallAction): Promise<EventResult> {
  const earlier = await settlePending(ctx);
  if (earlier !== undefined && earlier.verdict === 'fail') return earlier;
  if (call.end !== undefined) return startBlocking(ctx, s, call, call.end.usecs);
  // Arguments are evaluated before the deadline, as for blocking calls: nothing in them depends on the instant.
  const ready = prepare(call, ctx.syscalls);
  const fired = await fireAt(ctx, s, 'syscall');
  const outcome = runSyscall(call, ctx.syscalls, ready);
  // One clock read ends the work for both: the next anchor and the answer window.
  ctx.actionEndUsecs = actionEnd(ctx, fired, workDone(ctx, s, fired, 'call'));
  if (outcome.kind === 'fail') {
    return failed(ctx, s, 'syscall', { kind: 'syscall', message: `runtime error in ${call.name} call: ${outcome.message}` }, fired.actualUsecs, fired.lateUsecs);
  }
  if (fired.timing) return failed(ctx, s, 'syscall', fired.timing, fired.actualUsecs, fired.lateUsecs);
  return passed(ctx, s, 'syscall', fired.actualUsecs, fired.lateUsecs);
}

/**
 * Waits (at most 1 s, as packetdrill) for a blocking call still in flight and
 * returns its result; a call still blocked after that is a failure.
 */
export async function settlePending(ctx: RunContext, waitMs = BLOCKING_WAIT_MS): Promise<EventResult | undefined> {
  const pending = ctx.pending;
  if (pending === undefined) return undefined;
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, waitMs, 'timeout').unref());
  const r = await Promise.race([pending.done, timeout]);
  ctx.pending = undefined;
  if (r !== 'timeout') return r;
  return {
    line: pending.line,
    kind: 'syscall',
    source: ctx.source[pending.line - 1] ?? '',
    scheduledUsecs: undefined,
    actualUsecs: ctx.clock.nowUsecs(),
    testerLateUsecs: undefined,
    verdict: 'fail',
    failure: { kind: 'syscall', message: 'blocking system call still in progress after 1 sec: it never returned' },
  };
}

async function startBlocking(ctx: RunContext, s: Scheduled, call: SyscallAction, endScriptUsecs: number): Promise<EventResult> {
  // §1.5: a relative end is relative to the same anchor as the start.
  const endUsecs = s.event.time.kind === 'relative' ? s.when.usecs - s.event.time.usecs + endScriptUsecs : endScriptUsecs;
  const ready = prepare(call, ctx.syscalls);
  const thread = ctx.syscalls.blocking;
  if (thread) {
    // Have the call's thread spin for the last moments instead of waking it from sleep.
    await ctx.clock.until(ctx.clock.liveNs(s.when.usecs) - ARM_AHEAD_NS);
    thread.arm();
  }
  const fired = await fireAt(ctx, s, 'syscall');
  if (fired.timing) {
    thread?.disarm();
    return failed(ctx, s, 'syscall', fired.timing, fired.actualUsecs, fired.lateUsecs);
  }
  const startUsecs = s.when.usecs;
  const handle = startBlockingSyscall(call, ctx.syscalls, ready);
  const done: Promise<EventResult> = handle.done.then(({ outcome, returnedNs }) => {
    const returnedUsecs = ctx.clock.scriptUsecs(returnedNs);
    if (outcome.kind === 'fail') {
      return failed(ctx, s, 'syscall', { kind: 'syscall', message: `runtime error in ${call.name} call: ${outcome.message}` }, returnedUsecs);
    }
    const check = checkPoint(ctx.tolerance, endUsecs, startUsecs, returnedUsecs);
    if (!check.ok) return failed(ctx, s, 'syscall', timingFailure('syscall-return', endUsecs, returnedUsecs, check.toleranceUsecs, fired.lateUsecs), returnedUsecs);
    return passed(ctx, s, 'syscall', returnedUsecs, fired.lateUsecs);
  });
  ctx.pending = { line: s.event.pos.line, endUsecs, done };
  await handle.blocked;
  workDone(ctx, s, fired, 'call');
  return passed(ctx, s, 'syscall', fired.actualUsecs, fired.lateUsecs);
}
