// "Is the blocking call asleep in the kernel yet?" (script-language.md §1.8 step 3).
//
// packetdrill polls /proc/<pid>/task/<tid>/stat of its own syscall thread for 'S'. koffi
// does not tell us which worker runs the call, so we scan /proc/self/task/*/syscall: a
// thread sleeping in a system call shows "NR arg0 arg1 ...", a running one "running".
// Idle koffi/libuv workers sleep in futex(); the call we issued shows its own number and,
// as arg0, the live fd (or the pointer we passed), which identifies it.
import { readdirSync, readFileSync } from 'node:fs';
import { SYS_FUTEX } from '../../../linux/syscall-nr.js';

/** Gives up after this long and lets the run proceed, as if the call had blocked. */
export const GIVE_UP_NS = 50_000_000n;

/** True if a non-main thread sleeps in a non-futex syscall whose first argument is `hint`. */
export function someThreadBlockedOn(hint: bigint | undefined): boolean {
  const main = String(process.pid);
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return false;
  }
  for (const tid of tids) {
    if (tid === main) continue;
    let fields: string[];
    try {
      fields = readFileSync(`/proc/self/task/${tid}/syscall`, 'utf8').trim().split(' ');
    } catch {
      continue; // the thread exited meanwhile
    }
    const nr = Number(fields[0]);
    if (!Number.isInteger(nr) || nr < 0 || nr === SYS_FUTEX || fields.length < 2) continue;
    if (hint === undefined || BigInt(fields[1] as string) === BigInt.asUintN(64, hint)) return true;
  }
  return false;
}

/** Polls back to back this long, then once a millisecond. */
const EAGER_NS = 1_000_000n;

/**
 * Resolves when `isBlocked()` sees the call sleeping, when `isDone()` reports it finished, or after
 * GIVE_UP_NS. Polls from setImmediate so the call's own completion can still be
 * delivered; after the first millisecond it polls from timers, so that a run waiting
 * for a slow worker does not keep a core busy that the worker (or another run) needs.
 */
export function waitUntilBlocked(isBlocked: () => boolean, isDone: () => boolean): Promise<void> {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    const step = (): void => {
      const elapsed = process.hrtime.bigint() - start;
      if (isDone() || isBlocked() || elapsed > GIVE_UP_NS) resolve();
      else if (elapsed < EAGER_NS) setImmediate(step);
      else setTimeout(step, 1);
    };
    setImmediate(step);
  });
}
