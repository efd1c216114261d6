// V8's young generation in tests of the code that scavenges it
// (src/runner/kernel/young-generation.ts): how full it is, filling it with
// garbage, and `gc` exposed the way a child exposes it (--expose-gc).
import type { Test } from 'tap';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options?: { type: 'minor' }) => void;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as Gc;

/** How full the young generation is, 0–1. */
export function youngFill(): number {
  const s = getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
  return s === undefined ? 0 : s.space_used_size / s.space_size;
}

/** Fills the young generation with garbage until it is at least `fill` full. */
export function fillYoung(fill: number): void {
  let junk: number[][] = [];
  while (youngFill() < fill) {
    for (let i = 0; i < 200; i++) junk.push([i, i + 1, i + 2]);
    junk = [];
  }
}

/** Puts `gc` on globalThis for the rest of test `t`, as in a child. */
export function exposeGc(t: Test): void {
  const global = globalThis as { gc?: Gc };
  global.gc = gc;
  t.teardown(() => {
    delete global.gc;
  });
}
