// The script clock: absolute deadlines from one process.hrtime.bigint() epoch
// (architecture.md, "Timing in Node"). setTimeout is good to ~1 ms, so we leave
// the event loop SLEEP_WINDOW before a deadline; then sleep in short futex waits
// (Atomics.wait, accurate to tens of µs) and busy-wait only the last SPIN_WINDOW.
// The short waits matter: we run at SCHED_RR, and a 2 ms busy loop would starve
// ksoftirqd on our core, delaying the kernel's answers to packets we injected.
// In a suite, spinning also needs a CPU slot (kernel/cpu-slots.ts), so that no more
// scripts spin than there are cores; without one we sleep to the deadline.
// The spin reads a clock that allocates nothing (Libc.monotonicSpinner), and a
// long wait first scavenges a filling young generation (kernel/young-generation.ts):
// otherwise the young generation filled during spins, and the scavenge came at
// a deadline.

import { setTimeout as sleep } from 'node:timers/promises';
import type { CpuSlots } from '../kernel/cpu-slots.js';
import { scavengeIfFilling } from '../kernel/young-generation.js';

const SLEEP_WINDOW_NS = 2_000_000n;
/** packetdrill's JIFFY_OFFSET_USECS: script time zero is this long after a tick. */
const TICK_OFFSET_NS = 250_000n;
const SPIN_WINDOW_NS = 150_000n;
/** Time left between choosing time zero and the first event (restartAtTick). */
const READY_NS = 1_000_000n;
/** How long to sleep between attempts to get a CPU slot. */
const SLOT_RETRY_MS = 0.02;
/** A wait this long leaves room for a scavenge (0.5–3 ms in a child) before its sleep window. */
const SCAVENGE_ROOM_NS = 4_000_000n;
/** Futex-backed sleeping without the event loop (the value never changes). */
const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

export class Clock {
  private jiffyNs = 0n;

  private constructor(
    private zero: bigint,
    private readonly slots: CpuSlots | undefined,
    /** Busy-waits until an hrtime instant, allocating nothing (Libc.monotonicSpinner). */
    private readonly spinUntil: (deadlineNs: bigint) => void,
  ) {}

  /**
   * Moves script time zero to packetdrill's phase against the kernel's tick
   * (tick.ts): 250 µs after a tick on the grid of `tickNs`, the first one that
   * leaves READY_NS to reach the first event. packetdrill, in C, reaches it
   * within the 250 µs; tcpdrill's first pass through its own code takes longer,
   * and a first event fired late would move every later relative time.
   */
  restartAtTick(tickNs: bigint, jiffyNs: bigint): void {
    let zero = tickNs + TICK_OFFSET_NS;
    const ready = process.hrtime.bigint() + READY_NS;
    if (jiffyNs > 0n && zero < ready) zero += ((ready - zero + jiffyNs - 1n) / jiffyNs) * jiffyNs;
    this.zero = zero;
    this.jiffyNs = jiffyNs;
  }

  /** The kernel tick's length, ns; 0 until restartAtTick. */
  get jiffy(): bigint {
    return this.jiffyNs;
  }

  /** How long after a kernel tick a script instant falls, µs; undefined before restartAtTick. */
  sinceTickUsecs(scriptUsecs: number): number | undefined {
    if (this.jiffyNs <= 0n) return undefined;
    const ns = BigInt(Math.round(scriptUsecs * 1000)) + TICK_OFFSET_NS;
    return Number(((ns % this.jiffyNs) + this.jiffyNs) % this.jiffyNs) / 1000;
  }

  /**
   * Picks script time zero a little in the future, so that the first event is
   * not late just because we were still getting ready (packetdrill adds 250 µs
   * after a tick, §1.5).
   */
  static start(slots?: CpuSlots, spinUntil: (deadlineNs: bigint) => void = spinOnHrtime, leadNs = 1_000_000n): Clock {
    return new Clock(process.hrtime.bigint() + leadNs, slots, spinUntil);
  }

  /** Live instant (hrtime ns) of a script time in µs. */
  liveNs(scriptUsecs: number): bigint {
    return this.zero + BigInt(Math.round(scriptUsecs * 1000));
  }

  /** Script time in µs of a live instant (hrtime ns). */
  scriptUsecs(liveNs: bigint): number {
    return Number(liveNs - this.zero) / 1000;
  }

  nowUsecs(): number {
    return this.scriptUsecs(process.hrtime.bigint());
  }

  /** Waits until the deadline (hrtime ns); returns how late we woke, in ns (≥ 0). */
  async until(deadlineNs: bigint): Promise<bigint> {
    if (deadlineNs - process.hrtime.bigint() - SLEEP_WINDOW_NS >= SCAVENGE_ROOM_NS) scavengeIfFilling();
    const sleepNs = deadlineNs - process.hrtime.bigint() - SLEEP_WINDOW_NS;
    if (sleepNs > 0n) await sleep(Number(sleepNs / 1_000_000n));
    let now = process.hrtime.bigint();
    while (deadlineNs - now > SPIN_WINDOW_NS) {
      Atomics.wait(SLEEPER, 0, 0, Number(deadlineNs - now - SPIN_WINDOW_NS) / 1e6);
      now = process.hrtime.bigint();
    }
    if (this.admitted(deadlineNs)) this.spinUntil(deadlineNs);
    return process.hrtime.bigint() - deadlineNs;
  }

  /** Gives back the CPU slot before the thread sleeps outside the event loop (capture.ts). */
  releaseSlot(): void {
    this.slots?.release();
  }

  /**
   * Waits for a CPU slot until the deadline. The slot is kept while the event
   * fires (the synchronous work after `until` resolves) and given back on the
   * next turn of the event loop.
   */
  private admitted(deadlineNs: bigint): boolean {
    const slots = this.slots;
    if (slots === undefined) return true;
    while (!slots.tryAcquire()) {
      if (process.hrtime.bigint() >= deadlineNs) return false;
      Atomics.wait(SLEEPER, 0, 0, SLOT_RETRY_MS);
    }
    setImmediate(() => slots.release());
    return true;
  }
}

/** The spin where libc is not bound (tests): a BigInt per read. */
function spinOnHrtime(deadlineNs: bigint): void {
  while (process.hrtime.bigint() < deadlineNs) continue;
}
