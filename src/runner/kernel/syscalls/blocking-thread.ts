// A thread of our own for blocking system calls (`T...E`, script-language.md §1.8).
//
// Read this first. koffi's async calls return through a callback on the main
// thread, so the return was stamped whenever the main thread next turned its
// event loop: after sleeping or spinning to the next deadline, milliseconds
// late. This thread (blocking-worker.ts) makes the call synchronously and
// stamps its return itself; the main thread reads the stamp from shared
// memory. Knowing the thread's tid also makes "is it asleep in the kernel yet?"
// one read of /proc/self/task/<tid>/stat, as packetdrill does, instead of a
// scan of every thread; the file is held open and read again from offset 0.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CpuSlots } from '../cpu-slots.js';
import { PROTOTYPES, type LibcName } from '../libc.js';
import { ARG_SLOTS, Slot, State, newControl } from './blocking-control.js';
import { addressOf, scratch } from './memory.js';
import type { CallArg } from './types.js';

export interface Returned {
  readonly ret: number;
  readonly errno: number;
  /** process.hrtime.bigint() on the calling thread right after the call returned. */
  readonly returnedNs: bigint;
}

/** How long the thread may take to start (a Node isolate and koffi), before time zero. */
const START_TIMEOUT_MS = 5000;
const NAMES = Object.keys(PROTOTYPES) as LibcName[];
/** Pause between polls of the thread's state while waiting for it to block. */
const POLL_PAUSE_MS = 0.02;
/** /proc/<pid>/task/<tid>/stat is one line, well under this (the name is at most 16 bytes). */
const STAT_BYTES = 1024;
const CLOSE_PAREN = 0x29;
const SLEEPING = 0x53; // 'S'

/** The thread's entry point: compiled, a .js sibling; under the test runner's TypeScript loader, the .ts source. */
function bootUrl(): URL {
  const js = new URL('./blocking-boot.js', import.meta.url);
  return existsSync(fileURLToPath(js)) ? js : new URL('./blocking-boot.ts', import.meta.url);
}

/**
 * The process's V8 flags set to V8's defaults and back (suite/child.ts passes
 * them; v8-flags.cts). Node boots a worker thread through its own code cache,
 * which V8 refuses under any flag that differs from its default: booted under
 * the child's flags, the thread compiled Node's internals from source, eagerly
 * under --no-lazy, 130–180 ms against 60–70 under the defaults (BENCHMARKS.md).
 */
export interface BootFlags {
  readonly toDefaults: () => void;
  readonly back: () => void;
}

export class BlockingThread {
  private closed = false;
  /** In a suite, the slots an armed thread spins under (cpu-slots.ts): a holder of its own, apart from the clock's. */
  private slots: CpuSlots | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly words: Int32Array,
    private readonly values: BigInt64Array,
    /** The thread's kernel id: for /proc and for its scheduling policy. */
    readonly tid: number,
    /** Its /proc stat file, open, and a buffer to read it into. */
    private readonly statFd: number,
    private readonly stat: Buffer,
  ) {}

  /**
   * Starts the thread and waits until it is ready; undefined if it cannot start.
   * With `flags`, Node boots it under V8's default flags, and its module loads
   * once they are set back, compiled under them.
   */
  static start(flags?: BootFlags): BlockingThread | undefined {
    const control = newControl();
    const words = new Int32Array(control.words);
    flags?.toDefaults();
    let worker: Worker;
    try {
      worker = new Worker(bootUrl(), { workerData: { control } });
      Atomics.wait(words, Slot.state, State.starting, START_TIMEOUT_MS);
    } finally {
      flags?.back();
    }
    worker.unref();
    if (Atomics.compareExchange(words, Slot.state, State.booted, State.loading) === State.booted) {
      Atomics.notify(words, Slot.state);
      Atomics.wait(words, Slot.state, State.loading, START_TIMEOUT_MS);
    }
    if (Atomics.load(words, Slot.state) !== State.idle) {
      void worker.terminate();
      return undefined;
    }
    const tid = Atomics.load(words, Slot.tid);
    const thread = new BlockingThread(worker, words, new BigInt64Array(control.values), tid, openSync(`/proc/self/task/${tid}/stat`, 'r'), Buffer.alloc(STAT_BYTES));
    // Read once now: the first read of a fresh process's file paths is cold,
    // and this one comes right after the script's call is posted (a SYN sent
    // from a blocking connect() was seen blocked 0.4–0.7 ms later).
    thread.taskState();
    return thread;
  }

  get idle(): boolean {
    const state = Atomics.load(this.words, Slot.state);
    return state === State.idle || state === State.armed;
  }

  /**
   * In a suite, an armed thread spins only under a CPU slot of its own
   * (cpu-slots.ts), like the clock: armed without one, it was a spinner more
   * than the suite's cores, at real-time priority for up to 3 ms, and a
   * timeline of another script woken on its core waited for it. Without a
   * slot the posted call wakes the thread, as an unarmed one.
   */
  admitWith(slots: CpuSlots | undefined): void {
    this.slots = slots;
  }

  /**
   * A call is due within a few ms: have the thread spin for it rather than
   * sleep, if it may (admitWith). Otherwise the call wakes it when posted.
   */
  arm(): void {
    if (this.slots !== undefined && !this.slots.tryAcquire()) return;
    if (Atomics.compareExchange(this.words, Slot.state, State.idle, State.armed) === State.idle) Atomics.notify(this.words, Slot.state);
    else this.slots?.release();
  }

  /** The call will not come after all (its start was late): the thread stops spinning. */
  disarm(): void {
    Atomics.compareExchange(this.words, Slot.state, State.armed, State.idle);
    this.slots?.release();
  }

  /**
   * Waits, without the event loop, until the posted call sleeps in the kernel or
   * has returned, or `giveUpNs` passed. Polling one thread's /proc state costs a
   * few µs, so a short futex pause between polls is enough.
   */
  waitBlocked(giveUpNs: bigint): void {
    const until = process.hrtime.bigint() + giveUpNs;
    while (Atomics.load(this.words, Slot.state) === State.running && !this.isBlocked() && process.hrtime.bigint() < until) {
      Atomics.wait(this.words, Slot.state, State.running, POLL_PAUSE_MS);
    }
  }

  /**
   * Posts `fn(args)` to the thread. Buffers travel as addresses of pinned copies,
   * copied back once the call returned. undefined when the thread is busy (a call
   * that never returned) or an argument cannot travel (a string).
   */
  call(fn: LibcName, args: readonly CallArg[]): Promise<Returned> | undefined {
    if (!this.idle || args.length > ARG_SLOTS || args.some((a) => typeof a === 'string')) return undefined;
    const copies: [Uint8Array, Uint8Array][] = [];
    const raw = args.map((a): bigint => {
      if (a === null) return 0n;
      if (typeof a === 'bigint') return a;
      if (typeof a === 'number') return BigInt(a);
      const copy = scratch(a.length);
      copy.set(a as Uint8Array);
      copies.push([a as Uint8Array, copy]);
      return addressOf(copy);
    });
    this.values.set(raw, Slot.args);
    Atomics.store(this.words, Slot.fn, NAMES.indexOf(fn));
    Atomics.store(this.words, Slot.argc, raw.length);
    Atomics.store(this.words, Slot.state, State.running);
    Atomics.notify(this.words, Slot.state);
    // From here the thread makes the call instead of spinning for it.
    this.slots?.release();
    // A pending Atomics.waitAsync does not keep Node's event loop alive; the worker's handle does.
    this.worker.ref();
    const waited = Atomics.waitAsync(this.words, Slot.state, State.running);
    const returned = waited.async ? waited.value : Promise.resolve(waited.value);
    return returned.then(() => {
      for (const [original, copy] of copies) original.set(copy);
      const r: Returned = {
        ret: Number(this.values[Slot.ret]),
        errno: Atomics.load(this.words, Slot.errno),
        returnedNs: this.values[Slot.returnedNs] as bigint,
      };
      Atomics.store(this.words, Slot.state, State.idle);
      this.worker.unref();
      return r;
    });
  }

  /** True while the posted call sleeps in the kernel (state S in /proc, §1.8 step 3). */
  isBlocked(): boolean {
    if (Atomics.load(this.words, Slot.state) !== State.running) return false;
    return this.taskState() === SLEEPING;
  }

  /** The thread's state letter in /proc (after the parenthesised name), as a char code; 0 if unreadable. */
  private taskState(): number {
    try {
      const n = readSync(this.statFd, this.stat, 0, STAT_BYTES, 0);
      const paren = this.stat.lastIndexOf(CLOSE_PAREN, n - 1);
      return paren < 0 ? 0 : (this.stat[paren + 2] ?? 0);
    } catch {
      return 0;
    }
  }

  /** Asks an idle thread to exit; a thread stuck in a call dies with the process. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.slots?.release();
    closeSync(this.statFd);
    if (!this.idle) return;
    Atomics.store(this.words, Slot.state, State.exit);
    Atomics.notify(this.words, Slot.state);
    void this.worker.terminate();
  }
}
