// Firing an event on time (script-language.md §1.6): sleep until the scheduled
// instant, then check that we really started then. This check fails only when
// tcpdrill itself is late (an earlier event overran), and says so.

import type { EventKind, Failure } from '../../results.js';
import { formatSecs } from '../../seconds.js';
import { checkPoint } from '../timing.js';
import type { RunContext, Scheduled, Work } from './context.js';

export interface Fired {
  readonly actualUsecs: number;
  /** How late we woke versus the deadline, µs. */
  readonly lateUsecs: number;
  readonly timing: Failure | undefined;
}

/** What a timing failure calls the event (§1.7 wording). */
export type TimedWhat = EventKind | 'syscall-return';

const DESCRIPTION: Record<TimedWhat, string> = {
  inbound: 'inbound packet',
  outbound: 'outbound packet',
  syscall: 'system call start',
  command: 'command',
  code: 'data collection for code',
  state: 'state check',
  'syscall-return': 'system call return',
};

export async function fireAt(ctx: RunContext, s: Scheduled, kind: EventKind): Promise<Fired> {
  const lateNs = await ctx.clock.until(ctx.clock.liveNs(s.when.usecs));
  const lateUsecs = Number(lateNs) / 1000;
  const actualUsecs = s.when.usecs + lateUsecs;
  const check = checkPoint(ctx.tolerance, s.when.usecs, ctx.previousUsecs, actualUsecs);
  // §1.6: the start-time check is skipped for the very first event.
  const timing = check.ok || s.first ? undefined : timingFailure(kind, s.when.usecs, actualUsecs, check.toleranceUsecs, lateUsecs);
  return { actualUsecs, lateUsecs, timing };
}

/** Of its own lateness in firing an event, at most this much (and a quarter of the tolerance) is kept out of the next anchor. */
const MAX_CREDIT_USECS = 1000;

/**
 * Where the next relative time anchors after an event whose own work (a call,
 * a write to tun0, a lookup) has just ended. packetdrill anchors on "now"
 * (§1.5), which in C is within microseconds of the work's end. tcpdrill's
 * bookkeeping before an event (matching the previous packet, building this
 * one, evaluating arguments) makes a `+0` event fire 30–400 µs late, and
 * anchoring on "now" carried that into every later event: a FIN meant for
 * 10.2 ms went out at 10.5–11.9 ms, at a random phase against the kernel's
 * tick. So up to a small credit of that lateness is left out of the anchor.
 * A longer stall (a loaded machine) moves the timeline as it would
 * packetdrill's, instead of making every later event late. How late each
 * event fired is reported either way.
 */
export function actionEnd(ctx: RunContext, fired: Fired, endUsecs = ctx.clock.nowUsecs()): number {
  const credit = Math.min(MAX_CREDIT_USECS, ctx.tolerance.usecs / 4, fired.lateUsecs);
  return endUsecs - credit;
}

/** Records the event's own work, from when it fired to now (RunContext.lastWork); its end, script µs. */
export function workDone(ctx: RunContext, s: Scheduled, fired: Fired, what: Work['what']): number {
  const endUsecs = ctx.clock.nowUsecs();
  ctx.lastWork = { line: s.event.pos.line, what, startUsecs: fired.actualUsecs, endUsecs, lateUsecs: fired.lateUsecs };
  return endUsecs;
}

export function timingFailure(
  kind: TimedWhat,
  expectedUsecs: number,
  actualUsecs: number,
  toleranceUsecs: number,
  testerLateUsecs: number,
): Failure {
  return {
    kind: 'timing',
    message:
      `timing error: expected ${DESCRIPTION[kind]} at ${formatSecs(expectedUsecs)} sec ` +
      `but happened at ${formatSecs(actualUsecs)} sec; tolerance ${formatSecs(toleranceUsecs)} sec`,
    expectedUsecs,
    actualUsecs,
    toleranceUsecs,
    testerLateUsecs,
  };
}

/**
 * A packet the kernel sent this close to a tick almost surely left from a
 * timer (delayed ACK, retransmission, TIME_WAIT), not in answer to an injected
 * packet, which lands at any phase. Time zero's own estimate of the tick can be
 * late by the tens of µs it took to see it, hence the margin before the tick.
 */
const ON_TICK_AFTER_USECS = 200;
const ON_TICK_BEFORE_USECS = 100;

/**
 * A packet the kernel sent while tcpdrill's own call or write to tun0 was in
 * the kernel answered it there and then, whatever its phase against the tick:
 * a reply to an injected segment leaves inside the write (0.2–0.3 ms after the
 * injection stamp, BENCHMARKS.md), a connect()'s SYN inside the call. The
 * margin is for the clock read that ends the work, after the kernel's timestamp.
 */
const ANSWER_MARGIN_USECS = 50;

/** Says so when a late or early packet left during tcpdrill's own work for an event; undefined otherwise. */
export function answerNote(work: Work | undefined, atUsecs: number): string | undefined {
  if (work === undefined || atUsecs < work.startUsecs || atUsecs > work.endUsecs + ANSWER_MARGIN_USECS) return undefined;
  return `the kernel sent it in answer to line ${work.line}, during tcpdrill's ${work.what} for that line (started ${formatSecs(work.lateUsecs)} sec after its time), not from a timer`;
}

/** Says so when a late or early packet left right on a kernel tick; undefined otherwise. */
export function tickNote(sinceTickUsecs: number | undefined, jiffyNs: bigint): string | undefined {
  if (sinceTickUsecs === undefined || jiffyNs <= 0n) return undefined;
  const jiffyUsecs = Number(jiffyNs) / 1000;
  const fromTick = sinceTickUsecs < jiffyUsecs / 2 ? sinceTickUsecs : sinceTickUsecs - jiffyUsecs;
  if (fromTick >= ON_TICK_AFTER_USECS || fromTick < -ON_TICK_BEFORE_USECS) return undefined;
  const ms = jiffyUsecs / 1000;
  return (
    `the kernel sent it on its ${ms} ms timer tick (HZ=${Math.round(1000 / ms)}): ` +
    'it comes from a timer, and its delay depends on where the timeline falls against the tick'
  );
}
