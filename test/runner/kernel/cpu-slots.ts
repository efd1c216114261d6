// CPU slots: exclusive across processes' open file descriptions, released on
// demand, and never left on disk.
import t from 'tap';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Clock } from '../../../src/runner/run/clock.js';
import { CpuSlots, SlotFiles } from '../../../src/runner/kernel/cpu-slots.js';
import { Libc } from '../../../src/runner/kernel/libc.js';

const libc = Libc.load();

t.test('a slot is held by one opener at a time', async (t) => {
  const files = SlotFiles.create(1);
  t.teardown(() => files.close());
  const a = CpuSlots.open(libc, files.paths())!;
  const b = CpuSlots.open(libc, files.paths())!;
  t.teardown(() => { a.close(); b.close(); });
  t.ok(a.tryAcquire(), 'the first opener gets the slot');
  t.ok(a.tryAcquire(), 'taking it again is a no-op');
  t.notOk(b.tryAcquire(), 'the second finds none free');
  a.release();
  t.ok(b.tryAcquire(), 'released, it goes to the next');
});

t.test('as many slots as files', async (t) => {
  const files = SlotFiles.create(2);
  t.teardown(() => files.close());
  const openers = [1, 2, 3].map(() => CpuSlots.open(libc, files.paths())!);
  t.teardown(() => openers.forEach((o) => o.close()));
  t.same(openers.map((o) => o.tryAcquire()), [true, true, false]);
});

t.test('the files exist only as open descriptors', async (t) => {
  const files = SlotFiles.create(2);
  t.teardown(() => files.close());
  t.same(readdirSync(tmpdir()).filter((n) => n.startsWith('tcpdrill-slots-')), [], 'no directory left');
  t.ok(files.paths().every((p) => existsSync(p)), 'reachable through /proc');
});

t.test('no slots means no admission control', async (t) => {
  t.equal(CpuSlots.open(libc, []), undefined);
});

t.test('the clock holds a slot while an event fires and gives it back after', async (t) => {
  const files = SlotFiles.create(1);
  t.teardown(() => files.close());
  const mine = CpuSlots.open(libc, files.paths())!;
  const other = CpuSlots.open(libc, files.paths())!;
  t.teardown(() => { mine.close(); other.close(); });
  const clock = Clock.start(mine);
  const deadline = process.hrtime.bigint() + 3_000_000n;
  t.ok((await clock.until(deadline)) >= 0n, 'not early');
  t.notOk(other.tryAcquire(), 'held right after the wake-up');
  await new Promise((resolve) => setImmediate(resolve));
  t.ok(other.tryAcquire(), 'free on the next turn of the event loop');
});

t.test('without a free slot the clock still wakes at the deadline', async (t) => {
  const files = SlotFiles.create(1);
  t.teardown(() => files.close());
  const mine = CpuSlots.open(libc, files.paths())!;
  const other = CpuSlots.open(libc, files.paths())!;
  t.teardown(() => { mine.close(); other.close(); });
  t.ok(other.tryAcquire());
  const clock = Clock.start(mine);
  const deadline = process.hrtime.bigint() + 3_000_000n;
  t.ok((await clock.until(deadline)) >= 0n, 'not early');
  t.notOk(mine.tryAcquire(), 'the other still holds the only slot');
});
