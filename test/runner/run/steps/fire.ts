// Where the next relative time anchors after an event (actionEnd), and where
// time zero falls (Clock.restartAtTick): the mechanisms that keep a timeline at
// packetdrill's phase against the kernel's tick. The figures are in BENCHMARKS.md.
import t from 'tap';
import { Clock } from '../../../../src/runner/run/clock.js';
import type { RunContext } from '../../../../src/runner/run/steps/context.js';
import { actionEnd, type Fired } from '../../../../src/runner/run/steps/fire.js';

function context(nowUsecs: number, toleranceUsecs: number): RunContext {
  const clock = { nowUsecs: () => nowUsecs };
  return { clock, tolerance: { usecs: toleranceUsecs, percent: 0 } } as unknown as RunContext;
}

const fired = (lateUsecs: number): Fired => ({ actualUsecs: 0, lateUsecs, timing: undefined });

t.test("the next event anchors where this one's work ended, less tcpdrill's own lateness in firing it", async (t) => {
  t.equal(actionEnd(context(5000, 4000), fired(0)), 5000, 'fired on time: now');
  t.equal(actionEnd(context(5000, 4000), fired(300)), 4700, 'fired 300 µs late: those 300 µs are not carried on');
  t.equal(actionEnd(context(5000, 4000), fired(3000)), 4000, 'a 3 ms stall moves the timeline, less 1 ms');
  t.equal(actionEnd(context(5000, 400), fired(300)), 4900, 'never more than a quarter of the tolerance');
});

t.test('time zero is 250 µs after a tick of the grid, with at least 1 ms to reach the first event', async (t) => {
  const jiffy = 4_000_000n;
  const clock = Clock.start();
  // A tick seen a while ago: zero moves forward whole jiffies, not to "now".
  const seen = process.hrtime.bigint() - 10n * jiffy - 123_456n;
  const before = process.hrtime.bigint();
  clock.restartAtTick(seen, jiffy);
  const after = process.hrtime.bigint();
  const zero = clock.liveNs(0);
  t.equal((zero - seen) % jiffy, 250_000n, 'on the grid of the tick seen, 250 µs after a tick');
  t.ok(zero - before >= 1_000_000n, 'a millisecond ahead at least');
  t.ok(zero - after < 1_000_000n + jiffy, 'and less than a jiffy beyond that');
});
