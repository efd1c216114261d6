// Timing rules of packetdrill (script-language.md §1.5, §1.7), as pure functions.
//
// Script times are integer microseconds since script zero; live instants are
// process.hrtime.bigint() nanoseconds. Everything here is script time.

import type { Event, EventTime } from '../../grammar/ast.js';

export interface Tolerance {
  readonly usecs: number;
  readonly percent: number;
}

/** §1.7: max(tolerance_usecs, tolerance_percent/100 × (expected − previous)). */
export function toleranceUsecs(tol: Tolerance, expectedUsecs: number, previousUsecs: number): number {
  const gap = Math.max(0, expectedUsecs - previousUsecs);
  return Math.max(tol.usecs, Math.trunc((tol.percent / 100) * gap));
}

export type TimingVerdict =
  | { readonly ok: true; readonly toleranceUsecs: number }
  | { readonly ok: false; readonly toleranceUsecs: number; readonly early: boolean };

/** A point time: expected ± tolerance. */
export function checkPoint(
  tol: Tolerance,
  expectedUsecs: number,
  previousUsecs: number,
  actualUsecs: number,
): TimingVerdict {
  const t = toleranceUsecs(tol, expectedUsecs, previousUsecs);
  if (actualUsecs < expectedUsecs - t) return { ok: false, toleranceUsecs: t, early: true };
  if (actualUsecs > expectedUsecs + t) return { ok: false, toleranceUsecs: t, early: false };
  return { ok: true, toleranceUsecs: t };
}

/** A window `T1~T2`: T1 − tol ≤ actual ≤ T2 + tol, tol computed from T1 (§1.7). */
export function checkWindow(
  tol: Tolerance,
  startUsecs: number,
  endUsecs: number,
  previousUsecs: number,
  actualUsecs: number,
): TimingVerdict {
  const t = toleranceUsecs(tol, startUsecs, previousUsecs);
  if (actualUsecs < startUsecs - t) return { ok: false, toleranceUsecs: t, early: true };
  if (actualUsecs > endUsecs + t) return { ok: false, toleranceUsecs: t, early: false };
  return { ok: true, toleranceUsecs: t };
}

/**
 * §5.2: how long to wait for an outbound packet, in µs: the larger gap to the
 * expected time or window end, rounded down to whole seconds, plus 2 s.
 */
export function captureTimeoutUsecs(expectedUsecs: number, windowEndUsecs: number, previousUsecs: number): number {
  const gap = Math.max(expectedUsecs - previousUsecs, windowEndUsecs - previousUsecs, 0);
  return (Math.floor(gap / 1e6) + 2) * 1e6;
}

/** When an event is due, in script µs, once its anchor is known (§1.5). */
export interface Resolved {
  /** The expected time (window start for windows); the anchor for `*`. */
  readonly usecs: number;
  /** Window end; equals `usecs` for point times. */
  readonly endUsecs: number;
  /** `*`: no timing check at all. */
  readonly any: boolean;
}

/** Resolves an event time against its anchor (the previous inbound's schedule, or now). */
export function resolveTime(time: EventTime, anchorUsecs: number): Resolved {
  switch (time.kind) {
    case 'absolute':
      return { usecs: time.usecs, endUsecs: time.usecs, any: false };
    case 'relative':
      return { usecs: anchorUsecs + time.usecs, endUsecs: anchorUsecs + time.usecs, any: false };
    case 'any':
      return { usecs: anchorUsecs, endUsecs: anchorUsecs, any: true };
    case 'window': {
      const base = time.relative ? anchorUsecs : 0;
      return { usecs: base + time.startUsecs, endUsecs: base + time.endUsecs, any: false };
    }
    default: {
      const never: never = time;
      throw new Error(`unknown time kind ${String(never)}`);
    }
  }
}

/**
 * The anchor of a relative time (§1.5): consecutive inbound packets anchor on the
 * previous one's schedule, so chains do not accumulate delay; everything else
 * anchors on the moment the previous event finished.
 */
export function anchorUsecs(prevInbound: boolean, thisInbound: boolean, prevScheduledUsecs: number, nowUsecs: number): number {
  return prevInbound && thisInbound ? prevScheduledUsecs : nowUsecs;
}

/**
 * How long a timeline is meant to last, in script µs: the last event's time
 * with every relative time anchored on the one before. An estimate (events
 * that run late push the real end out), good for ordering a suite.
 */
export function plannedLengthUsecs(events: readonly Event[]): number {
  return events.reduce((at, e) => Math.max(at, resolveTime(e.time, at).endUsecs), 0);
}
