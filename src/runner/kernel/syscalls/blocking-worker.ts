// The thread that runs blocking system calls (`T...E`, script-language.md §1.8),
// started by blocking-thread.ts. Read that file first.
//
// It sleeps on the shared control block until a call is posted, makes the call
// synchronously, and stamps its return on the spot: the instant the main thread
// later sees would be late by whatever it was doing (sleeping to the next
// deadline, spinning, firing other events). Pointers arrive as addresses of
// memory the main thread keeps alive, so every parameter is a 64-bit integer
// here; only the return type must be exact (an `int` return leaves the upper
// half of the register undefined).
import { workerData } from 'node:worker_threads';
import koffi from 'koffi';
import { PROTOTYPES, type LibcName } from '../libc.js';
import { ARG_SLOTS, Slot, State, type Control } from './blocking-control.js';

type Fn = (...args: bigint[]) => number | bigint;

const { control } = workerData as { control: Control };
const words = new Int32Array(control.words);
const values = new BigInt64Array(control.values);
const lib = koffi.load('libc.so.6');
const gettid = lib.func('int gettid()') as () => number;
const names = Object.keys(PROTOTYPES) as LibcName[];
// Bound up front: binding a function takes koffi long enough to delay the
// first call, and the first call is the one whose timing the script checks.
const fns: readonly Fn[] = names.map((name) => {
  const m = /^(.+?)\s+(\w+)\((.*)\)$/.exec(PROTOTYPES[name]) as RegExpExecArray;
  const params = (m[3] as string).trim() === '' ? 0 : (m[3] as string).split(',').length;
  return lib.func(`${m[1]} ${name}(${Array(params).fill('int64_t').join(', ')})`) as Fn;
});

/** How long an armed thread spins before it sleeps again: about the clock's own sleep window. */
const ARMED_SPIN_NS = 3_000_000n;
/**
 * The spin reads the clock once per this many loads of the state word (every
 * few µs). Each read is a new BigInt: read on every load, a 2 ms spin made
 * ~40,000 of them, about 1 MiB, and this thread's young generation is
 * scavenged when that much fills it.
 */
const LOADS_PER_CLOCK_READ = 1024;

/**
 * Waking a sleeping thread costs up to a millisecond on an idle core (the
 * futex wake-up, the core leaving its idle state): the call's SYN would leave
 * that late. Armed, the thread watches the state word and starts the call
 * within a microsecond of its posting.
 */
function spinWhileArmed(): number {
  const until = process.hrtime.bigint() + ARMED_SPIN_NS;
  let state = Atomics.load(words, Slot.state);
  for (let loads = 1; state === State.armed; loads++) {
    if (loads % LOADS_PER_CLOCK_READ === 0 && process.hrtime.bigint() >= until) break;
    state = Atomics.load(words, Slot.state);
  }
  if (state === State.armed) {
    Atomics.wait(words, Slot.state, State.armed);
    state = Atomics.load(words, Slot.state);
  }
  return state;
}

Atomics.store(words, Slot.tid, gettid());
Atomics.store(words, Slot.state, State.idle);
Atomics.notify(words, Slot.state);
for (;;) {
  let state = Atomics.load(words, Slot.state);
  while (state !== State.running && state !== State.exit) {
    if (state === State.armed) state = spinWhileArmed();
    else {
      Atomics.wait(words, Slot.state, state);
      state = Atomics.load(words, Slot.state);
    }
  }
  if (state === State.exit) break;
  const args = Array.from(values.subarray(Slot.args, Slot.args + ARG_SLOTS));
  const argc = Atomics.load(words, Slot.argc);
  const fn = fns[Atomics.load(words, Slot.fn)] as Fn;
  const ret = fn(...args.slice(0, argc));
  const errno = koffi.errno();
  values[Slot.returnedNs] = process.hrtime.bigint();
  values[Slot.ret] = BigInt(ret);
  Atomics.store(words, Slot.errno, errno);
  Atomics.store(words, Slot.state, State.done);
  Atomics.notify(words, Slot.state);
}
