// Real-time scheduling for the timeline (packetdrill §1.1 step 4): the one
// place tcpdrill changes its threads' scheduling policy.

import { availableParallelism } from 'node:os';
import { SCHED_OTHER, SCHED_RESET_ON_FORK, SCHED_RR } from '../../linux/sched.js';
import type { Libc } from './libc.js';

/**
 * SCHED_RR at the lowest real-time priority, as packetdrill does when there is
 * more than one CPU (§1.1 step 4), so the spinning clock is not preempted by
 * ordinary work. sched_setscheduler(2) acts on one thread: the main thread
 * switches, and so do `others`, the thread that sleeps in blocking calls,
 * which must get the CPU as soon as the kernel wakes it, or under load a
 * blocking call is seen blocked, and returns, milliseconds late (packetdrill's
 * own syscall thread inherits its policy). V8's helper threads (concurrent
 * compilation and GC) stay ordinary: at the same real-time priority they ran
 * for milliseconds ahead of the main thread, and with two scripts at -j 2 on
 * two cores the first event of both fired 6-8 ms late in one suite run in
 * three. Unlike packetdrill we hold it for the timeline only: the JIT warm-up
 * before it and the trace, report and pcap after it are milliseconds of CPU
 * that, at real-time priority, would keep other scripts of a suite from firing
 * on time. For the same reason the script's shell commands start ordinary
 * (SCHED_RESET_ON_FORK): a `sysctl` or `tc` forked from a real-time thread
 * inherits SCHED_RR, and a real-time thread of another script woken on its core
 * waited for it to finish (a `close()` fired 4.5 ms late in a corpus suite at
 * -j 4); packetdrill, one script at a time, has no such neighbour.
 * (packetdrill's mlockall has its counterpart in memory-lock.ts.) A warning if
 * refused.
 */
export function realtimeScheduling(libc: Libc, on: boolean, others: readonly number[] = []): string | undefined {
  if (availableParallelism() < 2) return undefined;
  const param = new Uint8Array(4);
  new DataView(param.buffer).setInt32(0, on ? 1 : 0, true);
  let refused: number | undefined;
  for (const tid of [process.pid, ...others]) {
    const r = libc.call('sched_setscheduler', tid, on ? SCHED_RR | SCHED_RESET_ON_FORK : SCHED_OTHER, param);
    if (r.ret < 0 && tid === process.pid) refused = r.errno;
  }
  return refused !== undefined && on ? `could not switch to SCHED_RR (errno ${refused}); timing may be less precise` : undefined;
}

/**
 * Runs `f` (a shell command) with the main thread ordinary, if it is real-time,
 * and makes it real-time again after. Forking copies the page tables of a
 * Node process: 1.7–4.2 ms of kernel work in the forking thread. At
 * SCHED_RR, a real-time thread of another script woken on that core waits for
 * all of it, since a thread of equal real-time priority is never preempted
 * (and this kernel is built PREEMPT_NONE); an ordinary thread yields at the
 * kernel's next resched point. The command's own time is the script's: the
 * timeline waits for it either way.
 */
export function ordinaryDuring<T>(libc: Libc, f: () => T): T {
  const policy = libc.call('sched_getscheduler', 0).ret;
  const realtime = policy >= 0 && (policy & ~SCHED_RESET_ON_FORK) === SCHED_RR;
  if (realtime) realtimeScheduling(libc, false);
  try {
    return f();
  } finally {
    if (realtime) realtimeScheduling(libc, true);
  }
}
