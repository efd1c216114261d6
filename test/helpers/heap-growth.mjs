// What the clock's spin leaves on V8's heap, measured in a plain Node process:
// under tap, coverage instrumentation makes the same code allocate. Started by
// test/runner/run/clock.ts with --expose-gc; prints one JSON line of byte counts.
import { getHeapSpaceStatistics } from 'node:v8';
import { Libc } from '../../dist/runner/kernel/libc.js';
import { Clock } from '../../dist/runner/run/clock.js';

const youngUsed = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_used_size ?? 0;

/** Bytes the young generation grew by while `f` ran, from just after a scavenge; the least of three runs. */
async function grewBy(f) {
  let least = Infinity;
  for (let i = 0; i < 3; i++) {
    globalThis.gc({ type: 'minor' });
    const before = youngUsed();
    await f();
    least = Math.min(least, youngUsed() - before);
  }
  return least;
}

const spin = Libc.load().monotonicSpinner();
const spinner = await grewBy(() => spin(process.hrtime.bigint() + 500_000n));
const clock = Clock.start(undefined, spin);
const waits = await grewBy(async () => {
  for (let i = 0; i < 5; i++) await clock.until(process.hrtime.bigint() + 1_000_000n);
});
console.log(JSON.stringify({ spinner, waits }));
