import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';

// The bench's start-up profile reads these lines; a run must never notice them.
t.test('with TCPDRILL_PROFILE, marks append label, pid and epoch ms after the process start', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-mark-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'profile.tsv');
  process.env['TCPDRILL_PROFILE'] = file;
  // This process's boot lines may have been written by a module loaded before.
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('tcpdrill.profile-mark.boot-written')];
  const { mark } = (await t.mockImport('../src/profile-mark.js')) as typeof import('../src/profile-mark.js');
  mark('one');
  mark('two');
  // A `run` holds a second copy of the module (the first child's bundle): its marks join the same lines.
  const second = (await t.mockImport('../src/profile-mark.js')) as typeof import('../src/profile-mark.js');
  second.mark('three');
  const rows = readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split('\t'));
  t.same(rows.map((r) => r[0]), ['node start', 'node bootstrapped', 'one', 'two', 'three'], 'the boot lines once');
  t.ok(rows.every((r) => r[1] === String(process.pid)));
  const times = rows.map((r) => Number(r[2]));
  t.ok(times.every((x, i) => i === 0 || x >= (times[i - 1] as number)), 'in time order');
  delete process.env['TCPDRILL_PROFILE'];
});

t.test('a file the process cannot write leaves the marks out instead of failing', async (t) => {
  process.env['TCPDRILL_PROFILE'] = '/nonexistent-dir/profile.tsv';
  const { mark } = (await t.mockImport('../src/profile-mark.js')) as typeof import('../src/profile-mark.js');
  t.doesNotThrow(() => mark('x'));
  delete process.env['TCPDRILL_PROFILE'];
});

t.test('without TCPDRILL_PROFILE a mark does nothing', async (t) => {
  delete process.env['TCPDRILL_PROFILE'];
  const { mark } = (await t.mockImport('../src/profile-mark.js')) as typeof import('../src/profile-mark.js');
  t.doesNotThrow(() => mark('x'));
});
