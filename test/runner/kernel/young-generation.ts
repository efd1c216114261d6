// Scavenging V8's young generation before it fills (young-generation.ts): only
// where `gc` is exposed (the children), and only once it is a quarter full.
import t from 'tap';
import { emptyYoungGeneration, scavengeIfFilling } from '../../../src/runner/kernel/young-generation.js';
import { exposeGc, fillYoung, youngFill } from '../../helpers/young-generation.js';

t.test('without gc exposed, nothing is scavenged', async (t) => {
  fillYoung(0.3);
  t.equal(scavengeIfFilling(), false);
  emptyYoungGeneration();
  t.ok(youngFill() >= 0.25, 'emptying is a no-op too');
});

t.test('with gc exposed, a young generation a quarter full or more is scavenged', async (t) => {
  exposeGc(t);
  fillYoung(0.3);
  t.equal(scavengeIfFilling(), true, 'a third full: scavenged');
  t.ok(youngFill() < 0.25, `then ${(youngFill() * 100).toFixed(0)}% full`);
  t.equal(scavengeIfFilling(), false, 'nearly empty: left alone');
  fillYoung(0.3);
  emptyYoungGeneration();
  t.ok(youngFill() < 0.25, 'emptied before time zero, whatever its fill');
});
