// V8's young generation and the timeline. A scavenge stops the timeline's
// thread for 0.5–3 ms in a child, and one comes whenever the young generation
// fills: on the timeline, wherever an allocation finds it full. So it is
// emptied before time zero, and again in the timeline's long waits once it is
// a quarter full, where a scavenge delays nothing. Both need `gc`, which only
// the children expose (src/v8-flags.cts); elsewhere they do nothing.

import { getHeapSpaceStatistics } from 'node:v8';

type Gc = (options: { type: 'minor' }) => void;

/**
 * In a 300-segment chain at 10 ms, half full let a scavenge find 4 MiB of
 * young objects and grow the space, and that one took 3–7 ms: longer than a
 * wait's room for it. At a quarter, each took 0.5–2 ms.
 */
const SCAVENGE_AT_FILL = 0.25;

const gc = (): Gc | undefined => (globalThis as { gc?: Gc }).gc;

/** Scavenges now; the first fill reading (130 µs cold) is made here too, not on the timeline. */
export function emptyYoungGeneration(): void {
  const collect = gc();
  if (collect === undefined) return;
  youngFill();
  collect({ type: 'minor' });
}

/** Scavenges if the young generation is a quarter full or more; whether it did. */
export function scavengeIfFilling(): boolean {
  const collect = gc();
  if (collect === undefined || youngFill() < SCAVENGE_AT_FILL) return false;
  collect({ type: 'minor' });
  return true;
}

/** How full V8's young generation is, 0–1. */
function youngFill(): number {
  const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return space === undefined || space.space_size === 0 ? 0 : space.space_used_size / space.space_size;
}
