// Script items → script text: the header comment, option lines, and each event with a
// relative time (§1.5) and its capture time as a trailing comment.

import { RESPONSE_NS, type ScriptItem } from './infer.js';

/** Where trailing comments start, so they line up. */
const NOTE_COLUMN = 64;
/**
 * A timer-driven packet may leave earlier or later in the replay: delayed-ACK timers
 * fire on the next jiffy (up to two ticks, 8 ms at HZ=250, under load: fixtures/README.md)
 * and retransmission timers follow an RTT estimate that the replay only approximates.
 */
const TIMER_SLACK_PERCENT = 25n;
const TIMER_SLACK_NS = 8_000_000n;

/** Seconds with up to 6 decimals and no trailing zeros: 0.0138, 1, 59.8. */
export function seconds(ns: bigint): string {
  const us = ns / 1000n;
  const whole = us / 1_000_000n;
  const frac = (us % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return frac === '' ? whole.toString() : `${whole}.${frac}`;
}

function timeOf(item: Extract<ScriptItem, { kind: 'event' }>, previousNs: bigint | undefined): string {
  if (previousNs === undefined) return '0';
  const gap = item.timeNs - previousNs;
  if (!item.timer) return `+${seconds(gap)}`;
  // A bare ACK that came at once may come a tick later in the replay, never earlier.
  const lo = gap <= RESPONSE_NS ? 0n : gap - (gap * TIMER_SLACK_PERCENT) / 100n;
  const hi = gap + (gap * TIMER_SLACK_PERCENT) / 100n + TIMER_SLACK_NS;
  return `+${seconds(lo)}~+${seconds(hi)}`;
}

export function renderItems(header: readonly string[], options: readonly string[], items: readonly ScriptItem[]): string {
  const out = [...header.map((h) => (h === '' ? '//' : `// ${h}`)), ...options, ''];
  let previousNs: bigint | undefined;
  for (const item of items) {
    if (item.kind === 'comment') {
      out.push(`// ${item.text}`);
      continue;
    }
    const head = `${timeOf(item, previousNs).padEnd(6)} ${item.text}`;
    out.push(`${head.padEnd(NOTE_COLUMN - 1)} // ${item.note}`);
    previousNs = item.timeNs;
  }
  return `${out.join('\n')}\n`;
}

export const TIMER_NOTE = `Local packets sent more than ${seconds(RESPONSE_NS)} s after the previous event, and bare ACKs, may come from a timer (delayed ACK, retransmission, probe): their time is a window, ±${TIMER_SLACK_PERCENT}% + ${seconds(TIMER_SLACK_NS)} s (from 0 for a bare ACK sent at once).`;
