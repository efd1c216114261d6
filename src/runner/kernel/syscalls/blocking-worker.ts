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
const fns = new Map<number, Fn>();

function bound(index: number): Fn {
  const known = fns.get(index);
  if (known) return known;
  const name = names[index] as LibcName;
  const m = /^(.+?)\s+(\w+)\((.*)\)$/.exec(PROTOTYPES[name]) as RegExpExecArray;
  const params = (m[3] as string).trim() === '' ? 0 : (m[3] as string).split(',').length;
  const fn = lib.func(`${m[1]} ${name}(${Array(params).fill('int64_t').join(', ')})`) as Fn;
  fns.set(index, fn);
  return fn;
}

Atomics.store(words, Slot.tid, gettid());
Atomics.store(words, Slot.state, State.idle);
Atomics.notify(words, Slot.state);
for (;;) {
  let state = Atomics.load(words, Slot.state);
  while (state !== State.running && state !== State.exit) {
    Atomics.wait(words, Slot.state, state);
    state = Atomics.load(words, Slot.state);
  }
  if (state === State.exit) break;
  const args = Array.from(values.subarray(Slot.args, Slot.args + ARG_SLOTS));
  const argc = Atomics.load(words, Slot.argc);
  const fn = bound(Atomics.load(words, Slot.fn));
  const ret = fn(...args.slice(0, argc));
  const errno = koffi.errno();
  values[Slot.returnedNs] = process.hrtime.bigint();
  values[Slot.ret] = BigInt(ret);
  Atomics.store(words, Slot.errno, errno);
  Atomics.store(words, Slot.state, State.done);
  Atomics.notify(words, Slot.state);
}
