// Row placement: to scale, never closer than a row's room, long gaps cut.
import t from 'tap';
import { BREAK_PX, CUT_GAP_PX, TYPICAL_GAP_PX, layoutRows, scaleFor, yAt } from '../../../src/runner/report/ladder-layout.js';

const rows = (times: number[], heightPx = 26): { atUsecs: number; heightPx: number }[] => times.map((atUsecs) => ({ atUsecs, heightPx }));

t.test('the median gap of 1 ms or more sets the scale', async (t) => {
  t.equal(scaleFor(rows([0, 100, 10_000, 20_000, 30_000])), TYPICAL_GAP_PX / 10_000);
  t.equal(scaleFor(rows([0, 1e6, 3e6, 7e6])), TYPICAL_GAP_PX / 2e6, 'a 1, 2, 4 s backoff');
  t.equal(scaleFor(rows([0, 10, 20])), 16 / 1e3, 'only same-instant steps: the finest scale');
});

t.test('rows to scale, at least a row apart', async (t) => {
  const l = layoutRows(rows([0, 100, 10_100, 20_100]));
  t.same(l.ys, [0, 26, 26 + TYPICAL_GAP_PX, 26 + 2 * TYPICAL_GAP_PX]);
  t.same(l.cuts, []);
  t.equal(l.heightPx, 26 + 2 * TYPICAL_GAP_PX + 26);
  const tall = layoutRows([{ atUsecs: 0, heightPx: 100 }, { atUsecs: 10, heightPx: 26 }]);
  t.same(tall.ys, [0, 100], 'a row with a note pushes the next one down');
});

t.test('a gap taller than the cut limit is drawn as a break', async (t) => {
  const times = [0, 10_000, 20_000, 30_000, 60_030_000, 60_040_000];
  const l = layoutRows(rows(times));
  t.equal(l.cuts.length, 1);
  t.same(l.cuts[0], { y0: 3 * TYPICAL_GAP_PX + 26, y1: 3 * TYPICAL_GAP_PX + 26 + BREAK_PX, gapUsecs: 60e6, after: 3 });
  t.equal(l.ys[4], 3 * TYPICAL_GAP_PX + 26 + BREAK_PX);
  t.ok(l.heightPx < CUT_GAP_PX + 6 * TYPICAL_GAP_PX);
});

t.test('any instant maps between its neighbours', async (t) => {
  const r = rows([0, 10_000, 20_000]);
  const l = layoutRows(r);
  t.equal(yAt(r, l, 5_000), TYPICAL_GAP_PX / 2);
  t.equal(yAt(r, l, 20_000), 2 * TYPICAL_GAP_PX);
  t.equal(yAt(r, l, 25_000), 2.5 * TYPICAL_GAP_PX, 'beyond the end, to scale');
  t.equal(yAt(r, l, -10_000), -TYPICAL_GAP_PX, 'before the start, to scale');
  t.equal(yAt([], layoutRows([]), 5), 0);
});
