// Scavenging V8's young generation before it fills (young-generation.ts): only
// where `gc` is exposed (the children), and only once it is a quarter full.
import t from 'tap';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { emptyYoungGeneration, scavengeIfFilling } from '../../../src/runner/kernel/young-generation.js';

type Gc = (options?: { type: 'minor' }) => void;
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as Gc;

const youngFill = (): number => {
  const s = getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
  return s === undefined ? 0 : s.space_used_size / s.space_size;
};

function fillYoung(fill: number): void {
  let junk: number[][] = [];
  while (youngFill() < fill) {
    for (let i = 0; i < 200; i++) junk.push([i, i + 1, i + 2]);
    junk = [];
  }
}

t.test('without gc exposed, nothing is scavenged', async (t) => {
  fillYoung(0.3);
  t.equal(scavengeIfFilling(), false);
  emptyYoungGeneration();
  t.ok(youngFill() >= 0.25, 'emptying is a no-op too');
});

t.test('with gc exposed, a young generation a quarter full or more is scavenged', async (t) => {
  const global = globalThis as { gc?: Gc };
  global.gc = gc;
  t.teardown(() => {
    delete global.gc;
  });
  fillYoung(0.3);
  t.equal(scavengeIfFilling(), true, 'a third full: scavenged');
  t.ok(youngFill() < 0.25, `then ${(youngFill() * 100).toFixed(0)}% full`);
  t.equal(scavengeIfFilling(), false, 'nearly empty: left alone');
  fillYoung(0.3);
  emptyYoungGeneration();
  t.ok(youngFill() < 0.25, 'emptied before time zero, whatever its fill');
});
