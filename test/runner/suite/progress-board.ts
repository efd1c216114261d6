// The child tells the parent where it is (run/progress.ts) by storing into a
// page both map, not with a system call before each event: a write(2) there
// cost the timeline 26 µs at the median and stalled it for milliseconds when
// the file system did. Checked under strace: the child's main thread makes no
// write to its progress descriptor, and --timeout still names the stuck line
// (timeout.ts), so the records do reach the parent.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROGRESS_FD } from '../../../src/runner/run/progress.js';
import { root } from '../../helpers/cli.js';
import { DIST_READY } from '../../helpers/namespace.js';
import { STRACE, straceRun } from '../../helpers/strace.js';

t.test('the child writes no progress record through a system call', { skip: (!DIST_READY && 'npm run build first') || (!STRACE && 'strace not installed') }, async (t) => {
  const script = join(root, 'fixtures', 'handshake', 'passive-open.pkt');
  const r = straceRun(script, ['write', 'pwrite64', 'writev']);
  t.equal(r.status, 0, r.output);
  t.ok(r.child, 'the child was seen starting');
  const events = readFileSync(script, 'utf8').split('\n').filter((l) => /^\s*[+0-9.]/.test(l)).length;
  t.ok(events >= 5, 'a script with a few events');
  const writes = r.lines.filter((l) => l.startsWith(`${r.child} `) && new RegExp(`^\\d+\\s+(write|pwrite64|writev)\\(${PROGRESS_FD},`).test(l));
  t.same(writes, [], 'no write to the progress descriptor');
});
