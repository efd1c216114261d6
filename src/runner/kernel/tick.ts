// The kernel's timer tick, seen from user space (architecture.md, "The kernel's
// clock tick"). Delayed ACKs, retransmission and TIME_WAIT timers fire on jiffy
// ticks (4 ms at HZ=250), so when the kernel answers depends on where script
// time zero falls against the tick. packetdrill starts every script at the same
// phase (run.c, schedule_start_time_usecs: spin on times() until the tick count
// changes, then add 250 µs), and the corpus was written against that phase
// without knowing it.
//
// The kernel says where its tick falls: /proc/timer_list gives each CPU's
// last_tick, the expiry of its last tick timer on CLOCK_MONOTONIC, and every
// tick lies whole jiffies from it. That file is root's; without it, the tick is
// watched: CLOCK_MONOTONIC_COARSE is updated by the tick, so the instant it
// changes is the start of a jiffy, seen late whenever the timekeeping CPU's
// update is (its value is no help: it advances in whole intervals from a
// boot-time origin of its own, 3.1 ms off the tick on this machine). In a
// corpus suite at -j 4, watched grids put time zero anywhere in the jiffy,
// not 250 µs after a tick, and the ACK of a FIN came on another tick than
// under packetdrill.
import { readFileSync } from 'node:fs';
import { CLOCK_MONOTONIC_COARSE } from '../../linux/kernel.js';
import type { Libc } from './libc.js';

const TIMER_LIST = '/proc/timer_list';
const LAST_TICK = /^\s*\.last_tick\s*:\s*(\d+) nsecs$/gm;

/** The latest tick (CLOCK_MONOTONIC ns) the kernel lists; undefined if /proc/timer_list cannot be read or gives none. */
export function listedTick(jiffy: bigint): bigint | undefined {
  const text = readTimerList();
  return text === undefined ? undefined : tickFromTimerList(jiffy, text);
}

/**
 * The latest last_tick in /proc/timer_list's text, if every CPU ticks on one
 * grid (not so under `skew_tick=1`, where a timer's tick depends on the CPU it
 * was queued on); undefined otherwise.
 */
export function tickFromTimerList(jiffy: bigint, text: string): bigint | undefined {
  if (jiffy <= 0n) return undefined;
  const ticks = [...text.matchAll(LAST_TICK)].map((m) => BigInt(m[1] as string)).filter((t) => t > 0n);
  const latest = ticks.reduce((a, b) => (b > a ? b : a), 0n);
  if (latest === 0n || ticks.some((t) => (latest - t) % jiffy !== 0n)) return undefined;
  return latest;
}

function readTimerList(): string | undefined {
  try {
    return readFileSync(TIMER_LIST, 'latin1');
  } catch {
    return undefined;
  }
}

/** No kernel ticks slower than 100 Hz; past this the coarse clock is not moving and we stop waiting. */
const MAX_WAIT_NS = 25_000_000n;
/** Ticks watched to place the grid: a detection delayed by an interrupt only ever comes late. */
const TICKS_WATCHED = 3;

/**
 * Spins until CLOCK_MONOTONIC_COARSE advances and returns that instant
 * (process.hrtime.bigint(), the same CLOCK_MONOTONIC base), within the
 * ~0.3 µs a clock_gettime call takes.
 */
export function nextTick(libc: Libc): bigint {
  const ts = new Uint8Array(16);
  const dv = new DataView(ts.buffer);
  const coarse = (): bigint => {
    libc.call('clock_gettime', CLOCK_MONOTONIC_COARSE, ts);
    return dv.getBigInt64(0, true) * 1_000_000_000n + dv.getBigInt64(8, true);
  };
  const first = coarse();
  const giveUp = process.hrtime.bigint() + MAX_WAIT_NS;
  for (;;) {
    const now = process.hrtime.bigint();
    if (coarse() !== first || now > giveUp) return process.hrtime.bigint();
  }
}

/** How long before an expected tick latestTick stops sleeping and spins. */
const WAKE_BEFORE_NS = 300_000n;
/** Futex-backed sleeping without the event loop (the value never changes). */
const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

/**
 * The latest tick, placed on the kernel's tick grid: a few ticks are watched,
 * and since an interrupt, preemption or the tick's own work on this CPU can
 * only delay seeing one (by up to half a millisecond here), the earliest of
 * them, carried forward whole jiffies, is the grid. `first` may be a tick
 * seen earlier (at ordinary priority, where the wait for it costs others
 * nothing). Between ticks it sleeps, spinning only from shortly before each:
 * in a suite, a 12 ms spin at real-time priority had kept other scripts'
 * timelines off the CPU for milliseconds.
 */
export function latestTick(libc: Libc, jiffy: bigint, first: bigint = nextTick(libc)): bigint {
  const seen = [first];
  if (jiffy <= 0n) return seen[0] as bigint;
  for (let i = 1; i < TICKS_WATCHED; i++) {
    const wakeNs = (seen[i - 1] as bigint) + jiffy - WAKE_BEFORE_NS - process.hrtime.bigint();
    if (wakeNs > 0n) Atomics.wait(SLEEPER, 0, 0, Number(wakeNs) / 1e6);
    seen.push(nextTick(libc));
  }
  // A tick missed while asleep shows as a later instant: the earliest base wins.
  const grid = seen.reduce((best, at, i) => {
    const base = at - BigInt(i) * jiffy;
    return base < best ? base : best;
  }, seen[0] as bigint);
  const latest = seen[seen.length - 1] as bigint;
  return grid + ((latest - grid + jiffy / 2n) / jiffy) * jiffy;
}

/** The tick's length: the resolution of CLOCK_MONOTONIC_COARSE (4 ms at HZ=250). */
export function jiffyNs(libc: Libc): bigint {
  const ts = new Uint8Array(16);
  const dv = new DataView(ts.buffer);
  const r = libc.call('clock_getres', CLOCK_MONOTONIC_COARSE, ts);
  return r.ret === 0 ? dv.getBigInt64(0, true) * 1_000_000_000n + dv.getBigInt64(8, true) : 0n;
}
