// The clock's wait for a deadline (clock.ts) and V8's young generation
// (kernel/young-generation.ts). Whatever the timeline allocates fills the young
// generation, and the scavenge that empties it stops the timeline's thread
// wherever an allocation finds it full: in the spin before a deadline, when
// each read of the clock was a new BigInt. These tests check the mechanisms;
// what they do to a chain's lateness is measured in BENCHMARKS.md.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Libc } from '../../../src/runner/kernel/libc.js';
import { Clock } from '../../../src/runner/run/clock.js';
import { root } from '../../helpers/cli.js';
import { exposeGc, fillYoung, youngFill } from '../../helpers/young-generation.js';

const libc = Libc.load();

t.test('the monotonic spinner waits on process.hrtime’s clock and allocates nothing', async (t) => {
  const spin = libc.monotonicSpinner();
  const deadline = process.hrtime.bigint() + 300_000n;
  spin(deadline);
  const after = process.hrtime.bigint();
  t.ok(after >= deadline, 'returns once its deadline has passed on process.hrtime’s clock');
  // In a plain process: tap's coverage makes the same loop allocate.
  const env = { ...process.env };
  delete env['NODE_V8_COVERAGE'];
  delete env['NODE_OPTIONS'];
  const out = execFileSync(process.execPath, ['--expose-gc', join(root, 'test/helpers/heap-growth.mjs')], { encoding: 'utf8', env });
  const grew = JSON.parse(out) as { spinner: number; waits: number };
  t.ok(grew.spinner < 4096, `500 µs of spinning grew the young generation by ${grew.spinner} bytes`);
  // Each wait spins its last 150 µs. Spinning on process.hrtime.bigint(), a
  // BigInt per read, five waits grew it by ~100 KB.
  t.ok(grew.waits < 16_384, `five 1 ms waits of the clock grew it by ${grew.waits} bytes`);
});

t.test('the clock spins with the spinner it was given', async (t) => {
  const spin = libc.monotonicSpinner();
  let spins = 0;
  const clock = Clock.start(undefined, (deadlineNs) => {
    spins++;
    spin(deadlineNs);
  });
  const deadline = process.hrtime.bigint() + 1_000_000n;
  const lateNs = await clock.until(deadline);
  t.equal(spins, 1, 'one spin, for the last stretch');
  t.ok(lateNs >= 0n, `woke ${lateNs} ns after the deadline`);
});

t.test('a filling young generation is scavenged in a long wait, not in a short one', async (t) => {
  exposeGc(t);
  const clock = Clock.start(undefined, libc.monotonicSpinner());
  fillYoung(0.3);
  await clock.until(process.hrtime.bigint() + 1_000_000n);
  t.ok(youngFill() >= 0.25, `a 1 ms wait leaves it ${(youngFill() * 100).toFixed(0)}% full: no room for a scavenge`);
  await clock.until(process.hrtime.bigint() + 8_000_000n);
  t.ok(youngFill() < 0.25, `an 8 ms wait scavenges first: ${(youngFill() * 100).toFixed(0)}% full after it`);
});
