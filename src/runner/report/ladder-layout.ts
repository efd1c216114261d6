// Vertical placement of a ladder diagram's rows (issue 13): time runs downwards
// to scale, every row gets the room it needs, and long idle gaps are cut.
//
// The scale follows the run: the median gap of 1 ms or more between rows gets
// TYPICAL_GAP_PX (well above a row's own 26 px), so a handshake 10 ms apart and a backoff 1, 2, 4 s apart both
// read as drawn to scale. A gap that would be taller than CUT_GAP_PX (a 60 s
// TIME_WAIT among 10 ms steps) is drawn BREAK_PX tall with its length written.

export const TYPICAL_GAP_PX = 64;
export const CUT_GAP_PX = 6 * TYPICAL_GAP_PX;
export const BREAK_PX = 40;
/** Gaps shorter than this (same-instant `+0` steps) do not set the scale. */
const SCALE_FLOOR_USECS = 1000;
const MIN_PX_PER_USEC = 4 / 1e6; // 4 px a second
const MAX_PX_PER_USEC = 16 / 1e3; // 16 px a millisecond

export interface Row {
  readonly atUsecs: number;
  /** Room the row needs before the next one, px. */
  readonly heightPx: number;
}

/** A cut gap: drawn from y0 to y1 with a break mark, standing for gapUsecs. */
export interface Cut {
  readonly y0: number;
  readonly y1: number;
  readonly gapUsecs: number;
  /** The row the gap follows. */
  readonly after: number;
}

export interface Layout {
  /** Top of each row, px from the first row. */
  readonly ys: readonly number[];
  readonly cuts: readonly Cut[];
  /** From the first row's top to the end of the last row, px. */
  readonly heightPx: number;
  readonly pxPerUsec: number;
}

function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function scaleFor(rows: readonly Row[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < rows.length; i++) {
    const gap = (rows[i]?.atUsecs ?? 0) - (rows[i - 1]?.atUsecs ?? 0);
    if (gap >= SCALE_FLOOR_USECS) gaps.push(gap);
  }
  const typical = median(gaps);
  if (typical === undefined) return MAX_PX_PER_USEC;
  return Math.min(MAX_PX_PER_USEC, Math.max(MIN_PX_PER_USEC, TYPICAL_GAP_PX / typical));
}

/** Rows must be in time order. */
export function layoutRows(rows: readonly Row[]): Layout {
  const pxPerUsec = scaleFor(rows);
  const ys: number[] = [];
  const cuts: Cut[] = [];
  let y = 0;
  rows.forEach((row, i) => {
    const prev = rows[i - 1];
    if (prev !== undefined) {
      const gapUsecs = row.atUsecs - prev.atUsecs;
      const scaled = gapUsecs * pxPerUsec;
      if (scaled > CUT_GAP_PX) {
        const y0 = y + prev.heightPx;
        cuts.push({ y0, y1: y0 + BREAK_PX, gapUsecs, after: i - 1 });
        y = y0 + BREAK_PX;
      } else {
        y += Math.max(prev.heightPx, scaled);
      }
    }
    ys.push(y);
  });
  const last = rows.at(-1);
  return { ys, cuts, heightPx: y + (last?.heightPx ?? 0), pxPerUsec };
}

/**
 * Where an arbitrary instant falls: interpolated between the rows around it
 * (inside a cut, across the break), extrapolated to scale beyond the ends.
 */
export function yAt(rows: readonly Row[], layout: Layout, atUsecs: number): number {
  const first = rows[0];
  if (first === undefined) return 0;
  if (atUsecs <= first.atUsecs) return (atUsecs - first.atUsecs) * layout.pxPerUsec;
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1] as Row;
    const b = rows[i] as Row;
    if (atUsecs > b.atUsecs) continue;
    const ya = layout.ys[i - 1] ?? 0;
    const yb = layout.ys[i] ?? 0;
    return b.atUsecs === a.atUsecs ? yb : ya + ((atUsecs - a.atUsecs) / (b.atUsecs - a.atUsecs)) * (yb - ya);
  }
  const lastRow = rows.length - 1;
  return (layout.ys[lastRow] ?? 0) + (atUsecs - (rows[lastRow]?.atUsecs ?? 0)) * layout.pxPerUsec;
}
