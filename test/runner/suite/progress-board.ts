// The child tells the parent where it is (run/progress.ts) by storing into a
// page both map, not with a system call before each event: a write(2) there
// cost the timeline 26 µs at the median and stalled it for milliseconds when
// the file system did. Checked under strace: the child's main thread makes no
// write to its progress descriptor, and --timeout still names the stuck line
// (timeout.ts), so the records do reach the parent.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROGRESS_FD } from '../../../src/runner/run/progress.js';
import { root } from '../../helpers/cli.js';
import { DIST_READY } from '../../helpers/namespace.js';

const strace = spawnSync('strace', ['-V']).status === 0;

t.test('the child writes no progress record through a system call', { skip: (!DIST_READY && 'npm run build first') || (!strace && 'strace not installed') }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-board-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'strace.log');
  const script = join(root, 'fixtures', 'handshake', 'passive-open.pkt');
  const r = spawnSync('strace', ['-f', '-qq', '-s', '256', '-e', 'trace=execve,write,pwrite64,writev', '-o', log, process.execPath, join(root, 'bin', 'tcpdrill'), 'run', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  t.equal(r.status, 0, r.stdout + r.stderr);
  const lines = readFileSync(log, 'utf8').split('\n');
  // The child is the process that runs child-start.js (unshare execs Node in its own pid).
  const child = lines.find((l) => /execve\(".*node", \[.*child-start\.js/.test(l))?.split(/\s+/)[0];
  t.ok(child, 'the child was seen starting');
  const events = readFileSync(script, 'utf8').split('\n').filter((l) => /^\s*[+0-9.]/.test(l)).length;
  t.ok(events >= 5, 'a script with a few events');
  const writes = lines.filter((l) => l.startsWith(`${child} `) && new RegExp(`^\\d+\\s+(write|pwrite64|writev)\\(${PROGRESS_FD},`).test(l));
  t.same(writes, [], 'no write to the progress descriptor');
});
