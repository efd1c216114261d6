import t from 'tap';
import {
  anchorUsecs,
  captureTimeoutUsecs,
  checkPoint,
  checkWindow,
  plannedLengthUsecs,
  resolveTime,
  toleranceUsecs,
} from '../../../src/runner/run/timing.js';
import { formatSecs } from '../../../src/runner/seconds.js';

const pos = { line: 1, col: 1, offset: 0, length: 1 };
const tol = { usecs: 4000, percent: 12.5 };

t.test('tolerance is the larger of the absolute and the relative bound (§1.7)', async (t) => {
  t.equal(toleranceUsecs(tol, 10_000, 0), 4000, '10 ms gap: ±4 ms');
  t.equal(toleranceUsecs(tol, 1_000_000, 0), 125_000, '1 s gap: ±125 ms');
  t.equal(toleranceUsecs(tol, 0, 50), 4000, 'a negative gap counts as none');
});

t.test('a point time passes inside the tolerance and fails outside it', async (t) => {
  t.match(checkPoint(tol, 100_000, 0, 103_999), { ok: true });
  t.match(checkPoint(tol, 100_000, 0, 112_501), { ok: false, early: false, toleranceUsecs: 12_500 });
  t.match(checkPoint(tol, 100_000, 0, 87_000), { ok: false, early: true });
});

t.test('a window takes its tolerance from its start', async (t) => {
  t.match(checkWindow(tol, 500_000, 800_000, 0, 820_000), { ok: true, toleranceUsecs: 62_500 });
  t.match(checkWindow(tol, 500_000, 800_000, 0, 327_306), { ok: false, early: true });
  t.match(checkWindow(tol, 500_000, 800_000, 0, 900_000), { ok: false, early: false });
});

t.test('times resolve against their anchor (§1.5)', async (t) => {
  t.same(resolveTime({ kind: 'absolute', usecs: 5, pos }, 100), { usecs: 5, endUsecs: 5, any: false });
  t.same(resolveTime({ kind: 'relative', usecs: 5, pos }, 100), { usecs: 105, endUsecs: 105, any: false });
  t.same(resolveTime({ kind: 'any', pos }, 100), { usecs: 100, endUsecs: 100, any: true });
  t.same(resolveTime({ kind: 'window', relative: true, startUsecs: 1, endUsecs: 9, pos }, 100), {
    usecs: 101,
    endUsecs: 109,
    any: false,
  });
  t.same(resolveTime({ kind: 'window', relative: false, startUsecs: 1, endUsecs: 9, pos }, 100), {
    usecs: 1,
    endUsecs: 9,
    any: false,
  });
  t.equal(anchorUsecs(true, true, 50, 80), 50, 'inbound after inbound anchors on the schedule');
  t.equal(anchorUsecs(false, true, 50, 80), 80, 'otherwise on now');
});

t.test('formatting and capture timeouts', async (t) => {
  t.equal(formatSecs(1_000_999), '1.000999');
  t.equal(formatSecs(-2_500), '-0.002500');
  t.equal(captureTimeoutUsecs(2_500_000, 2_500_000, 0), 4_000_000, 'floor(gap) + 2 s');
  t.equal(captureTimeoutUsecs(0, 0, 100), 2_000_000);
});

t.test('a timeline lasts until its last event, relative times chained', async (t) => {
  const at = (time: Parameters<typeof resolveTime>[0]) => ({ time, pos, action: { kind: 'command', text: '', pos } }) as const;
  t.equal(plannedLengthUsecs([]), 0);
  t.equal(
    plannedLengthUsecs([
      at({ kind: 'absolute', usecs: 100, pos }),
      at({ kind: 'relative', usecs: 50, pos }),
      at({ kind: 'window', relative: true, startUsecs: 10, endUsecs: 30, pos }),
      at({ kind: 'any', pos }),
    ]),
    180,
  );
  t.equal(plannedLengthUsecs([at({ kind: 'absolute', usecs: 900, pos }), at({ kind: 'absolute', usecs: 200, pos })]), 900, 'never shrinks');
});
