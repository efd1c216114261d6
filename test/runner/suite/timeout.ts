// A run stopped by --timeout names the line and event it was stuck on, and is a
// script failure (exit 1), not an environment error (exit 3).
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScript } from '../../../src/grammar/index.js';
import { PROGRESS_BYTES, readProgress, writeProgress, type Progress, type ProgressSnapshot } from '../../../src/runner/run/progress.js';
import { describeStuck, eventText } from '../../../src/runner/suite/timeout.js';
import { root } from '../../helpers/cli.js';
import { DIST_READY } from '../../helpers/namespace.js';

const source = [
  '`echo set-up`',
  '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
  '+0 bind(3, ..., ...) = 0',
  '+0 listen(3, 1) = 0',
  '+0 accept(3, ..., ...) = 4',
  '+0 `sleep 30`',
  '+0 > S. 0:0(0) ack 1 <mss 1460>',
  '+200 close(3) = 0',
  '',
].join('\n');
const script = parseScript(source, 'stuck.pkt').script!;

function board(): DataView {
  return new DataView(new ArrayBuffer(PROGRESS_BYTES));
}

function tracker(records: readonly [Progress, number][]): ProgressSnapshot {
  const b = board();
  for (const [p, at] of records) writeProgress(b, p, at);
  const s = readProgress(b);
  if (s === undefined) throw new Error('board left mid-record');
  return s;
}

t.test('the progress board keeps the latest record, its time and time zero; a record being written reads as none', async (t) => {
  const all: Progress[] = [{ kind: 'init', line: 1 }, { kind: 'zero' }, { kind: 'event', line: 5, atUsecs: 1500.5 }, { kind: 'finish' }];
  for (const p of all) t.same(tracker([[p, 1234.5]]).last, p);
  t.same(readProgress(board()), { last: undefined, lastAtMs: 0, zeroAtMs: undefined }, 'a board nobody wrote');
  t.same(tracker([[{ kind: 'init', line: 1 }, 900], [{ kind: 'zero' }, 1000], [{ kind: 'event', line: 5, atUsecs: 0 }, 1200]]), {
    last: { kind: 'event', line: 5, atUsecs: 0 },
    lastAtMs: 1200,
    zeroAtMs: 1000,
  });
  const b = board();
  writeProgress(b, { kind: 'zero' }, 1000);
  b.setUint32(0, b.getUint32(0, true) + 1, true);
  t.equal(readProgress(b), undefined, 'an odd count: the writer is inside a record');
});

t.test('events are named as the script writes them', async (t) => {
  t.same(script.events.map((e) => eventText(e, source)), [
    'socket(..., SOCK_STREAM, IPPROTO_TCP)',
    'bind(3, ..., ...)',
    'listen(3, 1)',
    'accept(3, ..., ...)',
    '`sleep 30`',
    '> S. 0:0(0) ack 1 <mss 1460>',
    'close(3)',
  ]);
});

t.test('describeStuck names the line and what it was doing', async (t) => {
  const at = (line: number, atUsecs = 0): ProgressSnapshot => tracker([[{ kind: 'zero' }, 1000], [{ kind: 'event', line, atUsecs }, 1000]]);
  t.same(describeStuck(script, source, at(5), 4000, 3), { line: 5, message: 'line 5: accept(3, ..., ...) had not returned after 3 s (--timeout 3)' });
  t.same(describeStuck(script, source, at(6), 3500, 3), { line: 6, message: 'line 6: `sleep 30` had not finished after 2.5 s (--timeout 3)' });
  t.same(describeStuck(script, source, at(7), 4000, 3), { line: 7, message: 'line 7: still waiting for > S. 0:0(0) ack 1 <mss 1460> after 3 s (--timeout 3)' });
  t.same(describeStuck(script, source, at(8, 200_000_000), 4000, 3), {
    line: 8,
    message: 'line 8: close(3) is due at 200 s of script time, later than (--timeout 3) allows',
  });
  t.same(describeStuck(script, source, tracker([[{ kind: 'init', line: 1 }, 1000]]), 4000, 3), { line: 1, message: 'line 1: the init command had not finished after 3 s (--timeout 3)' });
  t.match(describeStuck(script, source, tracker([[{ kind: 'init', line: 0 }, 1000]]), 4000, 3), { line: 0, message: /an --init_scripts command/ });
  t.match(describeStuck(script, source, tracker([[{ kind: 'finish' }, 1000]]), 4000, 3), { line: 0, message: /every event had run/ });
  t.match(describeStuck(script, source, tracker([]), 4000, 3), { line: 0, message: /had not reached its init command or first event/ });
});

t.test('a run stuck in a blocking call fails (exit 1) naming the call and its line', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-timeout-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'stuck.pkt');
  writeFileSync(file, source.split('\n').filter((_, i) => i >= 1 && i <= 4).join('\n') + '\n');
  const r = spawnSync('/usr/bin/env', ['-u', 'NODE_OPTIONS', process.execPath, join(root, 'bin', 'tcpdrill'), 'run', '--timeout', '2', file], { encoding: 'utf8' });
  t.equal(r.status, 1, r.stderr);
  t.match(r.stdout, /^FAIL .*stuck\.pkt/m);
  t.match(r.stdout, /line 4: accept\(3, \.\.\., \.\.\.\) had not returned after [\d.]+ s \(--timeout 2\)/);
});
